using System.Text.Json;
using System.Text.Json.Nodes;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.HypeTrain;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sources;
using LiveBuddy.Testing.Twitch;
using LiveBuddy.Twitch.EventSub;

namespace LiveBuddy.Twitch.Tests.HypeTrain;

/// <summary>Hype Train v2 notifications, written as Twitch's EventSub reference documents them, through the mapper and the real client.</summary>
public sealed class HypeTrainEventSubTests
{
    private static readonly DateTimeOffset Received = new(2026, 12, 7, 21, 0, 5, TimeSpan.Zero);
    private readonly Counters _counters = new();

    private static JsonArray Top() =>
    [
        EventSubFrames.HypeTrainContribution("11", "kappa_fan", "subscription", 1000),
        EventSubFrames.HypeTrainContribution("12", "bit_lord", "bits", 1500),
        EventSubFrames.HypeTrainContribution("13", "other_one", "other", 200),
    ];

    private StreamEvent? Map(string type, JsonObject body)
    {
        var frame = JsonSerializer.Deserialize(EventSubFrames.Notification("msg-" + type, type, "2", "session", body), EventSubJsonContext.Default.EventSubFrame)!;
        return new EventSubMapper(_counters).Map(frame.Metadata!.MessageId!, type, frame.Metadata.MessageTimestamp!.Value, Received, frame.Payload!.Event);
    }

    [Fact]
    public void Begin_v2_carries_type_level_goal_all_time_high_and_top_contributors_biggest_first()
    {
        var update = Assert.IsType<HypeTrainUpdate>(Map("channel.hype_train.begin",
            EventSubFrames.HypeTrainBegin("train-1", 2, 2700, 200, 1800, Top(), type: "golden_kappa")));

        Assert.Equal(HypeTrainPhase.Begin, update.Phase);
        Assert.Equal("train-1", update.TrainId);
        Assert.Equal("golden_kappa", update.Type);
        Assert.Equal((2, 2700L, 200L, 1800L), (update.Level, update.Total, update.Progress, update.Goal));
        Assert.Equal((4, 2845L), (update.AllTimeHighLevel!.Value, update.AllTimeHighTotal!.Value));
        Assert.Equal(["bit_lord", "kappa_fan", "other_one"], update.TopContributions.Select(c => c.Name));
        Assert.Equal(["bits", "subscription", "other"], update.TopContributions.Select(c => c.Kind));
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 21, 5, 0, TimeSpan.Zero), update.ExpiresAt!.Value.AddTicks(-(update.ExpiresAt.Value.Ticks % TimeSpan.TicksPerSecond)));
        Assert.False(update.IsShared);
        Assert.Empty(update.SharedWith);

        var alert = EventSubMapper.HypeTrainAlert(update)!;
        Assert.Equal(AlertKind.HypeTrain, alert.Kind);
        Assert.Equal(2, alert.Count);
        Assert.Equal("begin", alert.HypeTrain!.Phase);
        Assert.Equal("msg-channel.hype_train.begin-alert", alert.Id);
        Assert.Equal("hypetrain:begin:train-1", alert.DedupeKey);
    }

    [Fact]
    public void Progress_and_treasure_and_shared_trains_map_and_the_partner_list_leaves_our_channel_out()
    {
        var update = Assert.IsType<HypeTrainUpdate>(Map("channel.hype_train.progress",
            EventSubFrames.HypeTrainProgress("train-2", 3, 4100, 600, 2100, Top(), type: "treasure", shared: EventSubFrames.SharedTrainParticipants("partner_one", "partner_two"))));

        Assert.Equal(HypeTrainPhase.Progress, update.Phase);
        Assert.Equal("treasure", update.Type);
        Assert.True(update.IsShared);
        Assert.Equal(["partner_one", "partner_two"], update.SharedWith);
        Assert.Null(update.AllTimeHighLevel);
        Assert.Null(EventSubMapper.HypeTrainAlert(update)); // progress moves the bar, it is no alert
        Assert.Equal(28, HypeTrainPayload.From(update).Percent);
    }

    [Fact]
    public void End_v2_has_the_final_level_and_total_ended_and_cooldown_times_and_an_end_alert()
    {
        var update = Assert.IsType<HypeTrainUpdate>(Map("channel.hype_train.end", EventSubFrames.HypeTrainEnd("train-1", 5, 9100, Top())));

        Assert.Equal(HypeTrainPhase.End, update.Phase);
        Assert.Equal((5, 9100L, 0L, 0L), (update.Level, update.Total, update.Progress, update.Goal));
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 21, 10, 0, TimeSpan.Zero), update.EndedAt!.Value.AddTicks(-(update.EndedAt.Value.Ticks % TimeSpan.TicksPerSecond)));
        Assert.NotNull(update.CooldownEndsAt);
        var payload = HypeTrainPayload.From(update);
        Assert.Equal(("end", 100), (payload.Phase, payload.Percent));
        Assert.Null(payload.ExpiresAt);
        Assert.Equal("hypetrain:end:train-1", EventSubMapper.HypeTrainAlert(update)!.DedupeKey);
    }

    [Fact]
    public void A_train_without_an_id_is_malformed_and_counted_not_thrown()
    {
        var body = EventSubFrames.HypeTrainBegin("x", 1, 10, 10, 100, Top());
        body.Remove("id");

        Assert.Null(Map("channel.hype_train.begin", body));
        Assert.Equal(1, _counters.Value("twitch.eventsub.malformed"));
    }

    [Fact]
    public async Task Begin_progress_and_end_over_the_fake_EventSub_socket_reach_the_pipeline_with_two_alerts()
    {
        await using var harness = await TwitchApiHarness.StartAsync();
        harness.StartEventSub();
        var session = await harness.EventSub.WaitForSessionAsync(1, TwitchApiHarness.Patience);
        await harness.WaitUntilAsync(() => harness.Board.Get(EventSubClient.StatusName)?.State == SourceState.Connected
            && harness.Helix.SubscriptionRequests.Count == EventSubSubscriptions.PerChannel, "subscriptions");
        var progressRequest = Assert.Single(harness.Helix.SubscriptionRequests, r => r.Json!["type"]!.GetValue<string>() == "channel.hype_train.progress");
        Assert.Equal("2", progressRequest.Json!["version"]!.GetValue<string>());

        await session.SendNotificationAsync("channel.hype_train.progress", "2", EventSubFrames.HypeTrainProgress("train-9", 1, 700, 700, 1600, Top()));
        await session.SendNotificationAsync("channel.hype_train.begin", "2", EventSubFrames.HypeTrainBegin("train-9", 1, 500, 500, 1600, Top()));
        await session.SendNotificationAsync("channel.hype_train.end", "2", EventSubFrames.HypeTrainEnd("train-9", 2, 2300, Top()));
        await harness.WaitUntilAsync(() => harness.Events.All.Count == 5, "three updates and two alerts");

        Assert.Equal([HypeTrainPhase.Progress, HypeTrainPhase.Begin, HypeTrainPhase.End], harness.Events.Of<HypeTrainUpdate>().Select(u => u.Phase));
        var alerts = harness.Events.Of<Alert>();
        Assert.Equal(["begin", "end"], alerts.Select(a => a.HypeTrain!.Phase));
        Assert.All(alerts, a => Assert.Equal(AlertKind.HypeTrain, a.Kind));
        Assert.Equal(0, harness.Counters.Value("pipeline.duplicates"));
    }
}
