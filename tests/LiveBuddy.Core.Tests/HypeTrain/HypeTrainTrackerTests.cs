using LiveBuddy.Core.Alerts;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.HypeTrain;

namespace LiveBuddy.Core.Tests.HypeTrain;

public sealed class HypeTrainTrackerTests
{
    private readonly LiveBuddy.Core.Pipeline.Counters _counters = new();
    private readonly HypeTrainTracker _tracker;
    private readonly Harness _h;
    private int _n;

    public HypeTrainTrackerTests()
    {
        _tracker = new HypeTrainTracker(_counters);
        _h = new Harness(_tracker, new AlertQueue(new AlertsOptions()));
    }

    private HypeTrainUpdate Update(HypeTrainPhase phase, int level, long total, long progress = 0, long goal = 1000, string id = "t1") => new()
    {
        Platform = Platform.Twitch,
        Id = $"m{++_n}",
        Channel = "cool_user",
        SentAt = _h.Time.GetUtcNow(),
        ReceivedAt = _h.Time.GetUtcNow(),
        TrainId = id,
        Phase = phase,
        Level = level,
        Total = total,
        Progress = progress,
        Goal = goal,
        StartedAt = _h.Time.GetUtcNow(),
        ExpiresAt = _h.Time.GetUtcNow().AddMinutes(5),
        TopContributions = [new HypeTrainContribution("1", "Ann", "bits", total)],
    };

    private IReadOnlyList<HypeTrainPayload> Pushed => _h.Sink.Of<HypeTrainChanged>().Select(c => c.Train).ToArray();

    [Fact]
    public void Progress_goes_to_the_overlay_with_percent_and_the_snapshot_keeps_the_latest()
    {
        _h.Pipeline.Process(Update(HypeTrainPhase.Begin, 1, 300, 300, 1200));
        _h.Pipeline.Process(Update(HypeTrainPhase.Progress, 1, 900, 900, 1200));

        Assert.Equal([("begin", 25), ("progress", 75)], Pushed.Select(p => (p.Phase, p.Percent)));
        var snapshot = Assert.IsType<HypeTrainPayload>(_tracker.Snapshot()!.Payload);
        Assert.Equal(900, snapshot.Total);
        Assert.Equal("hypeTrain", _h.Sink.Of<HypeTrainChanged>().First().Method);
    }

    [Fact]
    public void A_late_begin_or_an_older_progress_does_not_move_the_train_backwards_and_nothing_follows_its_end()
    {
        _h.Pipeline.Process(Update(HypeTrainPhase.Progress, 2, 1500, 500));  // Twitch may send a progress before its begin
        _h.Pipeline.Process(Update(HypeTrainPhase.Begin, 1, 400, 400));      // the begin arrives late: stale
        _h.Pipeline.Process(Update(HypeTrainPhase.Progress, 1, 900, 900));   // an older progress: stale
        _h.Pipeline.Process(Update(HypeTrainPhase.End, 3, 2600));
        _h.Pipeline.Process(Update(HypeTrainPhase.Progress, 3, 2700, 100)); // after the end: stale

        Assert.Equal([("progress", 1500L), ("end", 2600L)], Pushed.Select(p => (p.Phase, p.Total)));
        Assert.Equal(3, _counters.Value("hypetrain.stale"));
        Assert.True(Assert.IsType<HypeTrainPayload>(_tracker.Snapshot()!.Payload).Ended);
    }

    [Fact]
    public void Two_trains_are_followed_apart()
    {
        _h.Pipeline.Process(Update(HypeTrainPhase.Begin, 1, 500, id: "a"));
        _h.Pipeline.Process(Update(HypeTrainPhase.End, 2, 1600, id: "a"));
        _h.Pipeline.Process(Update(HypeTrainPhase.Begin, 1, 100, id: "b"));

        Assert.Equal(["a", "a", "b"], Pushed.Select(p => p.Id));
        Assert.Equal(0, _counters.Value("hypetrain.stale"));
    }

    [Fact]
    public void Begin_and_end_alerts_carry_the_train_to_the_alerts_overlay()
    {
        Alert Alert(string id, HypeTrainUpdate update) => new()
        {
            Platform = Platform.Twitch, Id = id, Channel = "cool_user", SentAt = _h.Time.GetUtcNow(), ReceivedAt = _h.Time.GetUtcNow(),
            Kind = AlertKind.HypeTrain, Count = update.Level, DedupeKey = $"hypetrain:{HypeTrainPayload.PhaseName(update.Phase)}:t1",
            Origin = "eventsub", HypeTrain = HypeTrainPayload.From(update),
        };
        _h.Pipeline.Process(Alert("b-alert", Update(HypeTrainPhase.Begin, 1, 600)));
        _h.Pipeline.Process(Alert("e-alert", Update(HypeTrainPhase.End, 4, 8000)));

        var shown = _h.Sink.Of<AlertAnnounced>().Select(a => a.Alert).ToArray();
        Assert.All(shown, a => Assert.Equal("hypeTrain", a.Kind));
        Assert.Equal([("begin", 1, 600L), ("end", 4, 8000L)], shown.Select(a => (a.HypeTrain!.Phase, a.HypeTrain.Level, a.HypeTrain.Total)));
        Assert.Equal("Ann", shown[1].HypeTrain!.TopContributors[0].Name);
    }
}
