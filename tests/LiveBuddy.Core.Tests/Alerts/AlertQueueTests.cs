using LiveBuddy.Core.Alerts;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Moderation;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Tests.Alerts;

public sealed class AlertQueueTests
{
    private static readonly Author Gifter = Harness.Viewer("Gifter", id: "g1");
    private int _nextId;

    private static (Harness Harness, AlertQueue Queue) Build(AlertsOptions? options = null, WordFilter? filter = null, IChatScorer? scorer = null)
    {
        var queue = new AlertQueue(options ?? new AlertsOptions(), filter, scorer);
        return (new Harness(queue), queue);
    }

    private Alert Send(Harness h, AlertKind kind, string origin, string? dedupeKey = null, string? bombId = null,
        int? count = null, decimal? amount = null, string? currency = null, string? message = null, Platform platform = Platform.Twitch)
    {
        var alert = new Alert
        {
            Platform = platform,
            Id = $"{origin}-{++_nextId}",
            Channel = "streamer",
            SentAt = h.Time.GetUtcNow(),
            ReceivedAt = h.Time.GetUtcNow(),
            Kind = kind,
            Author = Gifter,
            Count = count,
            Amount = amount,
            Currency = currency,
            Message = message,
            DedupeKey = dedupeKey,
            GiftBombId = bombId,
            Origin = origin,
        };
        h.Pipeline.Process(alert);
        return alert;
    }

    private static AlertPayload[] Announced(Harness h) => h.Sink.Of<AlertAnnounced>().Select(a => a.Alert).ToArray();

    [Fact]
    public void Same_sub_reported_by_IRC_and_EventSub_is_one_alert()
    {
        var (h, _) = Build();

        Send(h, AlertKind.Subscription, "irc", "sub:u1");
        Send(h, AlertKind.Subscription, "eventsub", "sub:u1");

        Assert.Single(Announced(h));
    }

    [Fact]
    public void Two_real_gifts_with_the_same_key_are_two_alerts_even_when_both_connections_report_them()
    {
        var (h, _) = Build();

        Send(h, AlertKind.GiftSubscription, "irc", "gift:g1:1");
        Send(h, AlertKind.GiftSubscription, "eventsub", "gift:g1:1");
        Send(h, AlertKind.GiftSubscription, "irc", "gift:g1:1");
        Send(h, AlertKind.GiftSubscription, "eventsub", "gift:g1:1");

        Assert.Equal(2, Announced(h).Length);
    }

    [Fact]
    public void Gift_bomb_with_its_single_gifts_is_announced_once()
    {
        var (h, _) = Build();

        Send(h, AlertKind.GiftBomb, "irc", "gift:g1:5", bombId: "bomb-1", count: 5);
        for (var i = 0; i < 5; i++) Send(h, AlertKind.GiftSubscription, "irc", $"sub:r{i}", bombId: "bomb-1", count: 1);
        Send(h, AlertKind.GiftBomb, "eventsub", "gift:g1:5", count: 5);

        var alert = Assert.Single(Announced(h));
        Assert.Equal(("giftBomb", 5, "Gifter"), (alert.Kind, alert.Count, alert.Author));
    }

    [Fact]
    public void Gift_bomb_reported_first_without_its_id_still_folds_the_single_gifts_that_carry_it()
    {
        var (h, _) = Build();

        Send(h, AlertKind.GiftBomb, "eventsub", "gift:g1:3", count: 3);
        Send(h, AlertKind.GiftBomb, "irc", "gift:g1:3", bombId: "bomb-2", count: 3);
        for (var i = 0; i < 3; i++) Send(h, AlertKind.GiftSubscription, "irc", $"sub:r{i}", bombId: "bomb-2", count: 1);

        Assert.Single(Announced(h));
    }

    [Fact]
    public void Keys_are_forgotten_after_the_window()
    {
        var (h, _) = Build(new AlertsOptions { DedupeWindow = TimeSpan.FromMinutes(10) });

        Send(h, AlertKind.Raid, "irc", "raid:r1", count: 20);
        h.Advance(TimeSpan.FromMinutes(9));
        Send(h, AlertKind.Raid, "eventsub", "raid:r1", count: 20);
        h.Advance(TimeSpan.FromMinutes(10));
        h.Tick();
        Send(h, AlertKind.Raid, "eventsub", "raid:r1", count: 20);

        Assert.Equal(2, Announced(h).Length);
    }

    [Fact]
    public void Alerts_without_a_dedupe_key_are_always_announced()
    {
        var (h, _) = Build();

        Send(h, AlertKind.Follow, "youtube", platform: Platform.YouTube);
        Send(h, AlertKind.Follow, "youtube", platform: Platform.YouTube);

        Assert.Equal(2, Announced(h).Length);
    }

    [Fact]
    public void Kinds_can_be_switched_off_or_need_a_minimum_amount()
    {
        var (h, _) = Build(new AlertsOptions
        {
            Kinds = new() { ["follow"] = new AlertRule { Enabled = false }, ["Bits"] = new AlertRule { MinAmount = 100 } },
        });

        Send(h, AlertKind.Follow, "eventsub", "follow:f1");
        Send(h, AlertKind.Bits, "irc", "bits:u1:50", amount: 50, currency: "BITS");
        Send(h, AlertKind.Bits, "irc", "bits:u1:100", amount: 100, currency: "BITS");

        var bits = Assert.Single(Announced(h));
        Assert.Equal(("bits", 100m, "BITS"), (bits.Kind, bits.Amount!.Value, bits.Currency));
    }

    [Fact]
    public void Payload_carries_the_alert_fields_and_goes_only_to_overlays_of_its_platform()
    {
        var (h, _) = Build();

        var sent = Send(h, AlertKind.SuperChat, "youtube", amount: 4.99m, currency: "EUR", message: "  hello there  ", platform: Platform.YouTube);

        var push = Assert.Single(h.Sink.Of<AlertAnnounced>());
        Assert.Equal(("alert", (Platform?)Platform.YouTube), (push.Method, push.Platform));
        Assert.Equal(new AlertPayload($"youtube:{sent.Id}", Platform.YouTube, "superChat", "Gifter", 4.99m, "EUR", null,
            "hello there", sent.SentAt.ToUnixTimeMilliseconds()), push.Alert);
    }

    [Fact]
    public void A_YouTube_gift_alert_carries_the_gifts_name_and_picture_to_the_overlay()
    {
        var (h, _) = Build();
        var gift = new Alert
        {
            Platform = Platform.YouTube, Id = "gift-1", Channel = "chat-1", SentAt = h.Time.GetUtcNow(), ReceivedAt = h.Time.GetUtcNow(),
            Kind = AlertKind.Gift, Author = Gifter, Count = 3, Amount = 150, Currency = "JEWELS", Origin = "youtube",
            ItemName = "Duck", ImageUrl = "https://yt3.ggpht.com/gifts/duck.png",
        };

        h.Pipeline.Process(gift);

        var shown = Assert.Single(Announced(h));
        Assert.Equal(("gift", "Duck", "https://yt3.ggpht.com/gifts/duck.png", 3, 150m, "JEWELS"),
            (shown.Kind, shown.ItemName, shown.ImageUrl, shown.Count!.Value, shown.Amount!.Value, shown.Currency));
    }

    [Fact]
    public void Toxic_alert_messages_are_blanked_by_the_word_filter_or_the_scorer()
    {
        var (h, _) = Build(filter: new WordFilter(["slur"], null), scorer: new ToxicWhen("hate"));

        Send(h, AlertKind.Bits, "irc", amount: 100, message: "a slur here");
        Send(h, AlertKind.Bits, "irc", amount: 100, message: "I hate you");
        Send(h, AlertKind.Bits, "irc", amount: 100, message: "love you");

        Assert.Equal([null, null, "love you"], Announced(h).Select(a => a.Message));
    }

    [Fact]
    public void Replay_shows_a_recent_alert_again_and_refuses_an_unknown_one()
    {
        var (h, _) = Build();
        Send(h, AlertKind.Raid, "irc", "raid:r1", count: 12);
        var id = Announced(h)[0].Id;

        var replayed = Assert.IsType<AlertPayload>(h.Send(new ReplayAlert(id)));
        var missing = h.Send(new ReplayAlert("twitch:nope"));

        Assert.True(replayed.Replay);
        Assert.Equal([false, true], Announced(h).Select(a => a.Replay));
        Assert.IsType<ControlError>(missing);
    }

    [Fact]
    public void Test_alert_is_shown_on_every_overlay_and_kept_in_the_snapshot()
    {
        var (h, queue) = Build(new AlertsOptions { Kinds = new() { ["bits"] = new AlertRule { Enabled = false } } });
        Send(h, AlertKind.Follow, "eventsub", "follow:f1");

        var test = Assert.IsType<AlertPayload>(h.Send(new TestAlert(AlertKind.Bits)));

        Assert.True(test.Test);
        Assert.Null(h.Sink.Of<AlertAnnounced>().Last().Platform);
        var snapshot = Assert.IsType<AlertsSnapshot>(queue.Snapshot()!.Payload);
        Assert.Equal(["bits", "follow"], snapshot.Recent.Select(a => a.Kind));
    }

    [Theory]
    [InlineData(AlertKind.GiftSubscription, "giftSubscription")]
    [InlineData(AlertKind.MembershipGift, "membershipGift")]
    [InlineData(AlertKind.Follow, "follow")]
    public void Kind_names_are_camel_case(AlertKind kind, string name) => Assert.Equal(name, AlertQueue.KindName(kind));

    private sealed class ToxicWhen(string word) : IChatScorer
    {
        public MessageScore Score(ChatMessage message) =>
            MessageScore.Neutral with { Toxic = message.Text.Contains(word, StringComparison.OrdinalIgnoreCase) };
    }
}
