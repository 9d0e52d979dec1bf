using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Storage.HypeTrain;
using LiveBuddy.Storage.Reports;
using LiveBuddy.Storage.Tests.Reports;
using LiveBuddy.Testing.Logging;

namespace LiveBuddy.Storage.Tests.HypeTrain;

public sealed class HypeTrainReportTests : IDisposable
{
    private readonly ReportDatabase _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Unreadable_stored_contributors_are_skipped_counted_and_logged_without_their_text()
    {
        var t0 = ReportDatabase.Start;
        var session = _data.Session("trains", t0, t0.AddMinutes(30), Platform.Twitch);
        _data.Write(_data.Started(session), _data.Ended(session));
        _data.Db.Insert(new HypeTrainRow
        {
            SessionId = "trains", Platform = "twitch", Channel = "streamer", TrainId = "good", Level = 2, Total = 900,
            StartedAt = t0.AddMinutes(5).ToUnixTimeMilliseconds(), TopContributions = """[{"userId":"1","name":"ann","kind":"bits","total":500}]""",
        });
        // A row written by another version, or damaged on disk: its contributors cannot be read.
        _data.Db.Insert(new HypeTrainRow
        {
            SessionId = "trains", Platform = "twitch", Channel = "streamer", TrainId = "damaged", Level = 3, Total = 1200,
            StartedAt = t0.AddMinutes(10).ToUnixTimeMilliseconds(), TopContributions = """[{"userId":"2","name":"secret-viewer""",
        });
        using var counters = new Counters();
        var log = new RecordingLogger();

        var trains = _data.Reports(counters: counters, logger: log.For<SessionReports>()).Build("trains", CancellationToken.None)!.HypeTrains;

        Assert.Equal(2, trains.Count);
        Assert.Equal(["ann"], trains.Trains[0].TopContributors.Select(c => c.Name));
        Assert.Empty(trains.Trains[1].TopContributors);
        Assert.Equal((3, 1200), (trains.Trains[1].Level, trains.Trains[1].Total)); // the rest of the train still reports
        Assert.Equal(1, counters.Value("storage.unreadable.hype_train_contributors"));
        var line = Assert.Single(log.Lines);
        Assert.Contains("damaged", line, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-viewer", line, StringComparison.Ordinal);
    }
}
