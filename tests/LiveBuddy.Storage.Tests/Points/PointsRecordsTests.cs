using LiveBuddy.Core.Events;
using LiveBuddy.Core.Points;
using LiveBuddy.Storage.Points;
using LiveBuddy.Storage.Schema;
using Microsoft.Extensions.Time.Testing;

namespace LiveBuddy.Storage.Tests.Points;

public sealed class PointsRecordsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("livebuddy-points-").FullName;

    [Fact]
    public void A_balance_is_stamped_with_the_clocks_time_and_an_award_minute_counts_once()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 8, 3, 0, 0, TimeSpan.Zero));
        var records = new PointsRecords(time);
        var ann = new PointsAccount("twitch:101", Platform.Twitch, "101", "ann", "Ann", 0);
        using var db = LiveBuddyDatabase.Open(Path.Combine(_folder, LiveBuddyDatabase.FileName));

        records.Write(db, new PointsChanged(ann, 10, PointsBank.ActivityKind, AwardMinute: 42), "s1");
        time.Advance(TimeSpan.FromMinutes(5));
        records.Write(db, new PointsChanged(ann, 10, PointsBank.ActivityKind, AwardMinute: 42), "s1");
        records.Close();

        var row = db.Query<BalanceRow>("SELECT Balance, UpdatedAt FROM points_balances WHERE ViewerKey = ?", ann.Key).Single();
        Assert.Equal(10, row.Balance);
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 3, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), row.UpdatedAt);
    }

    private sealed class BalanceRow
    {
        public long Balance { get; set; }
        public long UpdatedAt { get; set; }
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
