using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Points;
using LiveBuddy.Storage.Writing;
using SQLite;

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

    public void Write(SQLiteConnection db, LiveUpdate update, string sessionId)
    {
        if (update is not PointsChanged { Account: var account } changed) return;
        if (changed.AwardMinute is { } minute)
        {
            if (db.Execute("INSERT OR IGNORE INTO points_awards (ViewerKey, Minute, Kind) VALUES (?, ?, ?)", account.Key, minute, changed.Reason) == 0)
                return;
            PruneAwards(db, minute);
        }
        // max(0, …): the engine never goes below zero; this keeps a store that missed a batch (a crash) from doing so.
        db.Execute(
            """
            INSERT INTO points_balances (ViewerKey, Platform, UserId, Name, DisplayName, Balance, UpdatedAt) VALUES (?, ?, ?, ?, ?, max(0, ?), ?)
            ON CONFLICT(ViewerKey) DO UPDATE SET Balance = max(0, Balance + ?), Name = excluded.Name,
              DisplayName = excluded.DisplayName, UpdatedAt = excluded.UpdatedAt
            """,
            account.Key, account.Platform.ToWire(), account.UserId, account.Name, account.DisplayName, changed.Delta,
            time.GetUtcNow().ToUnixTimeMilliseconds(), changed.Delta);
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
