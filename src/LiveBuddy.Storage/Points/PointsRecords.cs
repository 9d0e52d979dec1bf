using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Points;
using LiveBuddy.Storage.Reports;
using LiveBuddy.Storage.Writing;
using SQLite;
using SQLitePCL;

namespace LiveBuddy.Storage.Points;

/// <summary>
/// Stores balance changes as deltas. An activity or presence award is applied only when its (viewer, minute, kind) key is new in
/// <c>points_awards</c>, so the same minute awarded again (a restart, a line delivered twice) adds nothing.
/// </summary>
public sealed class PointsRecords(TimeProvider time) : IStorageExtension
{
    /// <summary>Award keys older than this are removed: they only matter around a restart.</summary>
    private static readonly TimeSpan KeepAwards = TimeSpan.FromDays(2);
    private long _prunedHour;

    public bool Wants(LiveUpdate update) => update is PointsChanged;

    private const string AddAward = "INSERT OR IGNORE INTO points_awards (ViewerKey, Minute, Kind) VALUES (?, ?, ?)";

    // max(0, …): the engine never goes below zero; this keeps a store that missed a batch (a crash) from doing so.
    private const string AddToBalance =
        """
        INSERT INTO points_balances (ViewerKey, Platform, UserId, Name, DisplayName, Balance, UpdatedAt) VALUES (?1, ?2, ?3, ?4, ?5, max(0, ?6), ?7)
        ON CONFLICT(ViewerKey) DO UPDATE SET Balance = max(0, Balance + ?6), Name = excluded.Name,
          DisplayName = excluded.DisplayName, UpdatedAt = excluded.UpdatedAt
        """;

    // Prepared once per connection: in a flood every new chatter's first line is an award, and sqlite-net's Execute
    // prepares its SQL again on every call.
    private SQLiteConnection? _connection;
    private RawStatement? _addAward;
    private RawStatement? _addToBalance;

    public void Write(SQLiteConnection db, LiveUpdate update, string sessionId)
    {
        if (update is not PointsChanged { Account: var account } changed) return;
        Prepare(db);
        if (changed.AwardMinute is { } minute)
        {
            _addAward!.Bind(1, account.Key).Bind(2, minute).Bind(3, changed.Reason).Run();
            if (raw.sqlite3_changes(db.Handle) == 0) return;
            PruneAwards(db, minute);
        }
        _addToBalance!.Bind(1, account.Key)
            .Bind(2, account.Platform.ToWire())
            .Bind(3, account.UserId)
            .Bind(4, account.Name)
            .Bind(5, account.DisplayName)
            .Bind(6, changed.Delta)
            .Bind(7, time.GetUtcNow().ToUnixTimeMilliseconds())
            .Run();
    }

    public void Close()
    {
        _addAward?.Dispose();
        _addToBalance?.Dispose();
        _addAward = _addToBalance = null;
        _connection = null;
    }

    private void Prepare(SQLiteConnection db)
    {
        if (ReferenceEquals(_connection, db)) return;
        Close();
        _addAward = new RawStatement(db, AddAward);
        _addToBalance = new RawStatement(db, AddToBalance);
        _connection = db;
    }

    private void PruneAwards(SQLiteConnection db, long minute)
    {
        if (minute / 60 == _prunedHour) return;
        _prunedHour = minute / 60;
        db.Execute("DELETE FROM points_awards WHERE Minute < ?", minute - (long)KeepAwards.TotalMinutes);
    }

    public static IReadOnlyList<PointsAccount> LoadAccounts(SQLiteConnection db) =>
        db.Query<BalanceRow>("SELECT ViewerKey, Platform, UserId, Name, DisplayName, Balance FROM points_balances")
            .Select(r => new PointsAccount(r.ViewerKey, PlatformNames.TryParse(r.Platform, out var p) ? p : Platform.Demo,
                r.UserId, r.Name, r.DisplayName, r.Balance))
            .ToArray();

    /// <summary>Per viewer, the last minute already awarded for <paramref name="kind"/> (within the kept window).</summary>
    public static IReadOnlyDictionary<string, long> LoadLastAwards(SQLiteConnection db, string kind) =>
        db.Query<AwardRow>("SELECT ViewerKey, max(Minute) AS Minute FROM points_awards WHERE Kind = ? GROUP BY ViewerKey", kind)
            .ToDictionary(r => r.ViewerKey, r => r.Minute, StringComparer.Ordinal);

    private sealed class BalanceRow
    {
        public string ViewerKey { get; set; } = "";
        public string Platform { get; set; } = "";
        public string UserId { get; set; } = "";
        public string Name { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public long Balance { get; set; }
    }

    private sealed class AwardRow
    {
        public string ViewerKey { get; set; } = "";
        public long Minute { get; set; }
    }
}
