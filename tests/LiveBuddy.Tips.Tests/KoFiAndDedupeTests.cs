using LiveBuddy.Core.Alerts;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Testing.Tips;
using LiveBuddy.Tips.KoFi;
using LiveBuddy.Tips.StreamElements;
using LiveBuddy.Tips.Streamlabs;
using LiveBuddy.Tips.Tips;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LiveBuddy.Tips.Tests;

public sealed class KoFiAndDedupeTests
{
    private static readonly KoFiOptions KoFi = new() { VerificationToken = FakeKoFi.VerificationToken };
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_ko_fi_donation_with_the_right_token_is_a_tip()
    {
        var data = FakeKoFi.Donation("Jo Example", 3m, "USD", "Good luck with the stream!");

        var outcome = KoFiWebhook.Read(data.ToJsonString(), KoFi, Now, out var tip);

        Assert.Equal(KoFiOutcome.Accepted, outcome);
        Assert.Equal(("kofi:" + (string)data["message_id"]!, AlertKind.Tip, 3m, "USD", "Good luck with the stream!", "Jo Example"),
            (tip!.Id, tip.Kind, tip.Amount!.Value, tip.Currency, tip.Message, tip.Author!.DisplayName));
    }

    [Fact]
    public void A_wrong_or_missing_token_is_refused()
    {
        Assert.Equal(KoFiOutcome.WrongToken, KoFiWebhook.Read(FakeKoFi.Donation("x", 1m, "USD", "", token: "guess").ToJsonString(), KoFi, Now, out _));
        Assert.Equal(KoFiOutcome.WrongToken, KoFiWebhook.Read(FakeKoFi.Donation("x", 1m, "USD", "", token: null).ToJsonString(), KoFi, Now, out _));
        Assert.Equal(KoFiOutcome.Malformed, KoFiWebhook.Read("{not json", KoFi, Now, out _));
        Assert.Equal(KoFiOutcome.NotConfigured, KoFiWebhook.Read(FakeKoFi.Donation("x", 1m, "USD", "").ToJsonString(), new KoFiOptions(), Now, out _));
    }

    [Fact]
    public void A_private_ko_fi_message_is_not_shown()
    {
        KoFiWebhook.Read(FakeKoFi.Donation("Shy", 5m, "EUR", "just between us", isPublic: false).ToJsonString(), KoFi, Now, out var tip);

        Assert.Null(tip!.Message);
        Assert.Equal(5m, tip.Amount);
    }

    [Fact]
    public void The_same_money_from_two_tip_services_is_announced_once_and_two_tips_twice()
    {
        var (pipeline, announced) = Pipeline();
        var viaStreamlabs = StreamlabsEvents.Read(System.Text.Json.JsonSerializer.SerializeToElement(FakeStreamlabs.Donation(1, "Jo Example", 3m, "USD", "hi")), Now, out _)[0];
        KoFiWebhook.Read(FakeKoFi.Donation("Jo Example", 3m, "USD", "hi").ToJsonString(), KoFi, Now, out var viaKoFi);
        KoFiWebhook.Read(FakeKoFi.Donation("Jo Example", 3m, "USD", "again!").ToJsonString(), KoFi, Now, out var secondTip);

        pipeline.Process(viaStreamlabs);
        pipeline.Process(viaKoFi!);   // Ko-fi's own webhook telling of the same money: folded
        pipeline.Process(secondTip!); // a second real tip of the same amount from Ko-fi: a new alert

        Assert.Equal(2, announced.Count);
        Assert.All(announced, a => Assert.Equal("tip", a.Kind));
    }

    [Fact]
    public void A_cheer_passed_on_by_a_tip_service_is_shown_when_livebuddy_does_not_read_twitch()
    {
        var (pipeline, announced) = Pipeline();

        pipeline.Process(Relayed(FakeStreamlabs.Bits("Cheerer", 500))[0]);

        var alert = Assert.Single(announced);
        Assert.Equal((Platform.Twitch, "bits", 500m, "BITS"), (alert.Platform, alert.Kind, alert.Amount, alert.Currency));
    }

    [Fact]
    public void A_cheer_told_by_twitch_and_passed_on_by_both_tip_services_is_one_alert_whichever_comes_first()
    {
        foreach (var relayFirst in new[] { false, true })
        {
            var (pipeline, announced) = Pipeline();
            var relays = new[]
            {
                Relayed(FakeStreamlabs.Bits("Cheerer", 500))[0],
                StreamElementsEvents.Read(Json(FakeStreamElements.Cheer("c1", "cheerer", 500)), Now, out _)!,
            };
            if (relayFirst) foreach (var relay in relays) pipeline.Process(relay);
            pipeline.Process(TwitchCheer("chat-1", "irc"));
            pipeline.Process(TwitchCheer("chat-1", "eventsub"));
            if (!relayFirst) foreach (var relay in relays) pipeline.Process(relay);

            Assert.Single(announced);
            pipeline.Process(TwitchCheer("chat-2", "irc")); // a second real cheer of the same size: a second alert
            Assert.Equal(2, announced.Count);
        }
    }

    [Fact]
    public void A_super_chat_told_by_youtube_and_passed_on_by_streamlabs_is_one_alert()
    {
        var (pipeline, announced) = Pipeline();
        var now = Now;

        // As LiveChatMapper makes it: the author's display name, the amount from amountMicros.
        pipeline.Process(new Alert
        {
            Platform = Platform.YouTube, Id = "yt-sc-1", Channel = "chat-1", SentAt = now, ReceivedAt = now, Kind = AlertKind.SuperChat,
            Author = new Author { Id = "UCfakeSuperChatter", Name = "Night Owl", DisplayName = "Night Owl" }, Amount = 5m, Currency = "USD",
            Message = "love it", DedupeKey = "superChat:yt-sc-1", Origin = "youtube",
        });
        pipeline.Process(Relayed(FakeStreamlabs.SuperChat("Night Owl", 5m, "USD", "love it"))[0]);

        var alert = Assert.Single(announced);
        Assert.Equal((Platform.YouTube, "superChat", 5m), (alert.Platform, alert.Kind, alert.Amount));
    }

    private static System.Text.Json.JsonElement Json(System.Text.Json.Nodes.JsonObject payload) => System.Text.Json.JsonSerializer.SerializeToElement(payload);

    private static List<Alert> Relayed(System.Text.Json.Nodes.JsonObject streamlabs) => StreamlabsEvents.Read(Json(streamlabs), Now, out _);

    // As the Twitch chat mappers make a cheer: the login as name, the same dedupe key from IRC and from EventSub.
    private static Alert TwitchCheer(string chatId, string origin) => new()
    {
        Platform = Platform.Twitch, Id = chatId + ":bits", Channel = "streamer", SentAt = Now, ReceivedAt = Now, Kind = AlertKind.Bits,
        Author = new Author { Id = "4242", Name = "cheerer", DisplayName = "Cheerer" }, Amount = 500, Currency = "BITS", Message = "cheer500",
        DedupeKey = "bits:4242:500", Origin = origin,
    };

    [Fact]
    public void A_tip_message_is_filtered_like_chat()
    {
        var (pipeline, announced) = Pipeline(new Core.Moderation.ModerationOptions { BannedWords = ["badword"] });
        KoFiWebhook.Read(FakeKoFi.Donation("Troll", 1m, "USD", "you are a badword").ToJsonString(), KoFi, Now, out var tip);

        pipeline.Process(tip!);

        var alert = Assert.Single(announced);
        Assert.Null(alert.Message);       // blanked, as a chat line with it would be
        Assert.Equal(1m, alert.Amount);   // the money still counts
    }

    [Fact]
    public void A_tip_never_starts_a_session()
    {
        var (pipeline, _) = Pipeline();
        KoFiWebhook.Read(FakeKoFi.Donation("Night owl", 2m, "USD", "for tomorrow").ToJsonString(), KoFi, Now, out var tip);

        pipeline.Process(tip!);

        Assert.Null(pipeline.Sessions.Current);
    }

    private static (EventPipeline Pipeline, List<AlertPayload> Announced) Pipeline(Core.Moderation.ModerationOptions? moderation = null)
    {
        var time = new FakeTimeProvider(Now);
        var counters = new Counters();
        var announced = new List<AlertPayload>();
        var queue = new AlertQueue(new AlertsOptions(), moderation is null ? null : Core.Moderation.WordFilter.From(moderation));
        var pipeline = new EventPipeline(new EventIngress(counters), new SessionTracker(time, new SessionRules()), [queue],
            [new Capture(announced)], counters, time, NullLogger<EventPipeline>.Instance);
        return (pipeline, announced);
    }

    private sealed class Capture(List<AlertPayload> announced) : IPipelineSink
    {
        public void OnEvent(StreamEvent streamEvent, SessionInfo? session)
        {
        }

        public void OnUpdate(LiveUpdate update)
        {
            if (update is AlertAnnounced a) announced.Add(a.Alert);
        }
    }
}
