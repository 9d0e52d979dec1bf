using LiveBuddy.Core.ChannelPoints;
using LiveBuddy.Core.Events;
using LiveBuddy.Storage.ChannelPoints;
using LiveBuddy.Storage.Schema;
using LiveBuddy.Storage.Sessions;
using SQLite;

namespace LiveBuddy.Storage.Tests.ChannelPoints;

public sealed class RedemptionRecordsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("livebuddy-redemptions-").FullName;
    private string DbPath => Path.Combine(_folder, LiveBuddyDatabase.FileName);
    private static readonly DateTimeOffset At = new(2026, 12, 8, 1, 0, 0, TimeSpan.Zero);

    private static QueuedRedemption Redemption(string id, string viewer, DateTimeOffset at, RedemptionStatus status = RedemptionStatus.Waiting) => new()
    {
        RedemptionId = id, RewardId = "reward-1", RewardTitle = "Hydrate!", Cost = 300, BroadcasterId = "1337", Platform = Platform.Twitch,
        Channel = "cool_user", ViewerId = "id-" + viewer, ViewerName = viewer, Input = "sparkling", RedeemedAt = at, Status = status,
    };

    [Fact]
    public void Version_13_database_gains_the_redemptions_table_as_version_14_and_keeps_its_data()
    {
        using (var v13 = new SQLiteConnection(DbPath))
        {
            LiveBuddyDatabase.Migrate(v13, upTo: 13);
            v13.Insert(new SessionRow { Id = "old", StartedAt = 1, Platforms = "twitch" });
            Assert.Empty(RedemptionRecords.LoadWaiting(v13)); // before v14: nothing to load, and no failure
        }

        using var db = LiveBuddyDatabase.Open(DbPath);

        Assert.True(LiveBuddyDatabase.LatestVersion >= 14);
        Assert.Equal("old", db.Table<SessionRow>().Single().Id);
        Assert.Empty(RedemptionRecords.LoadWaiting(db));
    }

    [Fact]
    public void Waiting_redemptions_are_read_back_oldest_first_and_resolved_ones_are_kept_but_not_loaded()
    {
        var records = new RedemptionRecords();
        using (var db = LiveBuddyDatabase.Open(DbPath))
        {
            records.Write(db, new RedemptionChanged(Redemption("r2", "Bob", At.AddMinutes(1))), "s1");
            records.Write(db, new RedemptionChanged(Redemption("r1", "Ann", At)), "s1");
            records.Write(db, new RedemptionChanged(Redemption("r3", "Cy", At.AddMinutes(2))), "s1");
            records.Write(db, new RedemptionChanged(Redemption("r1", "Ann", At, RedemptionStatus.Resolving)), "s1"); // a crash mid-send: still waiting
            records.Write(db, new RedemptionChanged(Redemption("r3", "Cy", At.AddMinutes(2), RedemptionStatus.Fulfilled) with
            {
                ResolvedAt = At.AddMinutes(5), ResolvedBy = "mia",
            }), "s2");
        }

        using var reopened = LiveBuddyDatabase.Open(DbPath);
        var waiting = RedemptionRecords.LoadWaiting(reopened);

        Assert.Equal([("r1", "Ann", At), ("r2", "Bob", At.AddMinutes(1))], waiting.Select(w => (w.RedemptionId, w.ViewerName, w.RedeemedAt)));
        Assert.Equal(("Hydrate!", 300L, "1337", "sparkling"), (waiting[0].RewardTitle, waiting[0].Cost, waiting[0].BroadcasterId, waiting[0].Input));
        Assert.Equal(("fulfilled", "mia"), reopened.Query<RedemptionRow>("SELECT * FROM redemptions WHERE RedemptionId = 'r3'").Select(r => (r.Status, r.ResolvedBy)).Single());
    }

    [Fact]
    public void Forgetme_erases_the_viewers_name_and_input_and_retention_clears_old_resolved_ones_but_not_waiting_ones()
    {
        using var data = new Reports.ReportDatabase();
        var records = new RedemptionRecords();
        var old = Reports.ReportDatabase.Start.AddDays(-100);
        records.Write(data.Db, new RedemptionChanged(Redemption("r1", "Ann", old, RedemptionStatus.Fulfilled)), "s1");
        records.Write(data.Db, new RedemptionChanged(Redemption("r2", "Bob", old)), "s1");
        records.Write(data.Db, new RedemptionChanged(Redemption("r3", "Cy", Reports.ReportDatabase.Start, RedemptionStatus.Refunded)), "s2");

        data.Retention().Erase("twitch", "id-Cy", CancellationToken.None);
        data.Retention(days: 90).Apply(CancellationToken.None);

        var rows = data.Db.Query<RedemptionRow>("SELECT * FROM redemptions ORDER BY RedemptionId").Select(r => (r.RedemptionId, r.ViewerId, r.ViewerName, r.Input)).ToList();
        Assert.Equal([("r1", "", "", null), ("r2", "id-Bob", "Bob", "sparkling"), ("r3", "", "[erased]", null)], rows);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
