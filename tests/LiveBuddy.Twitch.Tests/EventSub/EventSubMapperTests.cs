using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Testing.Twitch;
using LiveBuddy.Twitch.EventSub;

namespace LiveBuddy.Twitch.Tests.EventSub;

public sealed class EventSubMapperTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly Counters _counters = new();

    private static string FixturePath(string name, [CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "Fixtures", name);

    private StreamEvent? MapFrame(string json)
    {
        var frame = JsonSerializer.Deserialize(json, EventSubJsonContext.Default.EventSubFrame)!;
        return new EventSubMapper(_counters).Map(frame.Metadata!.MessageId!, frame.Metadata.SubscriptionType!,
            frame.Metadata.MessageTimestamp!.Value, Received, frame.Payload!.Event);
    }

    private StreamEvent? MapFixture(string name) => MapFrame(File.ReadAllText(FixturePath(name)));

    private StreamEvent? MapBody(string type, JsonObject body) =>
        MapFrame(EventSubFrames.Notification("msg-1", type, "1", "session", body));

    [Fact]
    public void Resub_notification_fixture_becomes_a_resubscription_with_months_tier_and_user()
    {
        var alert = Assert.IsType<Alert>(MapFixture("channel.chat.notification-resub.json"));

        Assert.Equal(AlertKind.Resubscription, alert.Kind);
        Assert.Equal("101ab672-fcde-4d71-8011-ac2859786cea", alert.Id); // the chat notice's own id, as IRC's USERNOTICE has it
        Assert.Equal(2, alert.Count);
        Assert.Equal("1000", alert.Tier);
        Assert.Equal("someone1", alert.Author!.Name);
        Assert.Equal("sub:5678", alert.DedupeKey);
        Assert.Equal("eventsub-chat", alert.Origin);
        Assert.Equal("cool_user", alert.Channel);
        Assert.Equal(Platform.Twitch, alert.Platform);
        Assert.Equal(Received, alert.ReceivedAt);
        Assert.Equal(new DateTimeOffset(2024, 5, 14, 12, 31, 47, TimeSpan.Zero), alert.SentAt.AddTicks(-(alert.SentAt.Ticks % TimeSpan.TicksPerSecond)));
    }

    [Fact]
    public void Anonymous_community_gift_fixture_is_a_gift_bomb_of_one_keyed_by_anon_and_total_as_on_irc()
    {
        var alert = Assert.IsType<Alert>(MapFixture("channel.chat.notification-community-sub-gift.json"));

        Assert.Equal(AlertKind.GiftBomb, alert.Kind);
        Assert.Equal(1, alert.Count);
        Assert.Equal("1000", alert.Tier);
        Assert.Equal("gift:anon:1", alert.DedupeKey);
        Assert.Equal("12111455614691086753", alert.GiftBombId);
        Assert.Same(Author.Anonymous, alert.Author);
    }

    [Fact]
    public void Pay_it_forward_fixture_is_a_notice_not_a_second_gift_as_on_irc()
    {
        // The gift paid forward arrives as its own sub_gift; the pay-it-forward line only tells the story.
        var alert = Assert.IsType<Alert>(MapFixture("channel.chat.notification-pay-it-forward.json"));

        Assert.Equal(AlertKind.Other, alert.Kind);
        Assert.Null(alert.DedupeKey);
        Assert.Equal("Kecogluali5 is paying forward the Gift they got from CasinoZEBERUS to the community!", alert.SystemText);
    }

    [Fact]
    public void Stream_online_and_offline_fixtures_become_stream_events_for_the_channel()
    {
        var online = Assert.IsType<StreamOnline>(MapFixture("stream.online.json"));
        var offline = Assert.IsType<StreamOffline>(MapFixture("stream.offline.json"));

        Assert.Equal("cool_user", online.Channel);
        Assert.Equal(new DateTimeOffset(2020, 10, 11, 10, 11, 12, 123, TimeSpan.Zero), online.SentAt);
        Assert.Equal("ecaf20f2-6b08-4a17-ba14-581130d93c95", online.Id);
        Assert.Equal("cool_user", offline.Channel);
    }

    [Fact]
    public void Ban_fixture_with_an_end_time_is_a_ten_minute_timeout()
    {
        var cleared = Assert.IsType<UserCleared>(MapFixture("channel.ban.json"));

        Assert.Equal(TimeSpan.FromMinutes(10), cleared.Duration);
        Assert.False(cleared.IsBan);
        Assert.Equal("40389552", cleared.Target.Id);
        Assert.Equal("testfromuser", cleared.Target.Name);
        Assert.Equal("This is a test event", cleared.Reason);
        Assert.Equal("CLIModerator", cleared.Moderator);
        Assert.Equal("testbroadcaster", cleared.Channel);
    }

    [Fact]
    public void Moderate_timeout_clears_the_user_and_other_actions_become_notices()
    {
        var timeout = Assert.IsType<UserCleared>(MapFixture("channel.moderate-timeout.json"));
        var followers = Assert.IsType<ChannelNotice>(MapFixture("channel.moderate.json"));
        var warn = Assert.IsType<ChannelNotice>(MapFixture("channel.moderate-warn.json"));

        Assert.Equal("141981764", timeout.Target.Id);
        Assert.Equal("test Kappa", timeout.Reason);
        Assert.NotNull(timeout.Duration);
        Assert.Equal("moderate.followers", followers.Kind);
        Assert.Equal("moderate.warn", warn.Kind);
        Assert.Contains("cut it out", warn.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_fixture_frame_maps_or_is_counted_as_known_and_none_is_malformed_or_unknown()
    {
        var frames = Directory.GetFiles(Path.GetDirectoryName(FixturePath("x"))!, "*.json")
            .Select(File.ReadAllText)
            .Concat(File.ReadLines(FixturePath("messages.ndjson")).Where(l => l.Length > 0))
            .Where(f => !f.Contains("\"session_welcome\"", StringComparison.Ordinal))
            .ToList();

        var mapped = frames.Select(MapFrame).Count(e => e is not null);

        Assert.True(frames.Count > 40, $"only {frames.Count} frames found");
        Assert.Equal(0, _counters.Value("twitch.eventsub.malformed"));
        Assert.Equal(0, _counters.Value("twitch.eventsub.unknown_type"));
        Assert.Equal(frames.Count, mapped + _counters.Value("twitch.eventsub.known_unused"));
    }

    [Fact]
    public void Documented_event_bodies_become_alerts_with_the_shared_dedupe_keys()
    {
        var follow = Assert.IsType<Alert>(MapBody("channel.follow", EventSubFrames.Follow("11", "fan")));
        var sub = Assert.IsType<Alert>(MapBody("channel.subscribe", EventSubFrames.Subscribe("12", "newbie", "2000")));
        var bomb = Assert.IsType<Alert>(MapBody("channel.subscription.gift", EventSubFrames.SubscriptionGift("13", "santa", 5, "1000")));
        var resub = Assert.IsType<Alert>(MapBody("channel.subscription.message", EventSubFrames.SubscriptionMessage("14", "loyal", 15, "love the stream")));
        var bits = Assert.IsType<Alert>(MapBody("channel.cheer", EventSubFrames.Cheer("15", "cheery", 1000, "cheer1000 gg")));
        var raid = Assert.IsType<Alert>(MapBody("channel.raid", EventSubFrames.Raid("16", "raider", 250)));
        var redemption = Assert.IsType<Alert>(MapBody("channel.channel_points_custom_reward_redemption.add",
            EventSubFrames.Redemption("17e1-redemption", "17", "hydrator", "Hydrate!", "water please")));

        Assert.Equal((AlertKind.Follow, "follow:11", "fan"), (follow.Kind, follow.DedupeKey, follow.Author!.Name));
        Assert.Equal((AlertKind.Subscription, "sub:12", "2000"), (sub.Kind, sub.DedupeKey, sub.Tier));
        Assert.Equal((AlertKind.GiftBomb, "gift:13:5", 5), (bomb.Kind, bomb.DedupeKey, bomb.Count));
        Assert.Equal((AlertKind.Resubscription, "sub:14", 15, "love the stream"), (resub.Kind, resub.DedupeKey, resub.Count, resub.Message));
        Assert.Equal((AlertKind.Bits, "bits:15:1000", 1000m, "BITS"), (bits.Kind, bits.DedupeKey, bits.Amount, bits.Currency));
        Assert.Equal((AlertKind.Raid, "raid:16", 250, "raider"), (raid.Kind, raid.DedupeKey, raid.Count, raid.Author!.Name));
        Assert.Equal((AlertKind.Redemption, "17e1-redemption", "Hydrate!", "water please"),
            (redemption.Kind, redemption.DedupeKey, redemption.SystemText, redemption.Message));
        Assert.All(new[] { follow, sub, bomb, resub, bits, raid, redemption }, a => Assert.Equal("eventsub", a.Origin));
    }

    [Fact]
    public void Gifted_sub_of_the_recipient_is_not_an_alert()
    {
        var mapped = MapBody("channel.subscribe", EventSubFrames.Subscribe("12", "lucky", isGift: true));

        Assert.Null(mapped);
        Assert.Equal(1, _counters.Value("twitch.eventsub.not_alert"));
    }

    [Fact]
    public void Anonymous_cheer_and_anonymous_gift_use_anon_in_their_keys()
    {
        var bits = Assert.IsType<Alert>(MapBody("channel.cheer", EventSubFrames.Cheer(null, null, 100, "cheer100", anonymous: true)));
        var gift = Assert.IsType<Alert>(MapBody("channel.subscription.gift", EventSubFrames.SubscriptionGift(null, null, 1, anonymous: true)));

        Assert.Equal("bits:anon:100", bits.DedupeKey);
        Assert.Equal("gift:anon:1", gift.DedupeKey);
        Assert.Equal(AlertKind.GiftSubscription, gift.Kind);
    }

    [Fact]
    public void Unknown_types_and_malformed_bodies_are_counted_and_skipped()
    {
        var unknown = MapBody("channel.something_new", new JsonObject { ["x"] = 1 });
        var malformed = MapBody("channel.cheer", new JsonObject { ["bits"] = "lots", ["broadcaster_user_login"] = "cool_user" });
        var missingUser = MapBody("channel.follow", new JsonObject { ["broadcaster_user_login"] = "cool_user" });

        Assert.Null(unknown);
        Assert.Null(malformed);
        Assert.Null(missingUser);
        Assert.Equal(1, _counters.Value("twitch.eventsub.unknown_type"));
        Assert.Equal(2, _counters.Value("twitch.eventsub.malformed"));
    }

    [Fact]
    public void Poll_and_prediction_endings_become_notices_with_results()
    {
        var poll = new JsonObject
        {
            ["id"] = "p1", ["broadcaster_user_login"] = "cool_user", ["title"] = "Best snack?", ["status"] = "completed",
            ["choices"] = new JsonArray(new JsonObject { ["title"] = "Chips", ["votes"] = 7 }, new JsonObject { ["title"] = "Fruit", ["votes"] = 3 }),
        };
        var prediction = new JsonObject
        {
            ["id"] = "r1", ["broadcaster_user_login"] = "cool_user", ["title"] = "Win?", ["status"] = "resolved", ["winning_outcome_id"] = "o2",
            ["outcomes"] = new JsonArray(new JsonObject { ["id"] = "o1", ["title"] = "No" }, new JsonObject { ["id"] = "o2", ["title"] = "Yes" }),
        };

        var pollNotice = Assert.IsType<ChannelNotice>(MapBody("channel.poll.end", poll));
        var predictionNotice = Assert.IsType<ChannelNotice>(MapBody("channel.prediction.end", prediction));

        Assert.Equal("poll.end", pollNotice.Kind);
        Assert.Contains("Chips (7)", pollNotice.Text, StringComparison.Ordinal);
        Assert.Contains("winner: Yes", predictionNotice.Text, StringComparison.Ordinal);
    }
}
