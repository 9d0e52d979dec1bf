using LiveBuddy.Core.ChannelPoints;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Storage.Writing;
using SQLite;

namespace LiveBuddy.Storage.ChannelPoints;

/// <summary>One channel-points redemption of a reward LiveBuddy manages (table <c>redemptions</c>). Times are Unix ms.</summary>
public sealed class RedemptionRow
{
    public string RedemptionId { get; set; } = "";
    public string Platform { get; set; } = "";
    public string Channel { get; set; } = "";
    public string BroadcasterId { get; set; } = "";
    public string RewardId { get; set; } = "";
    public string RewardTitle { get; set; } = "";
    public long Cost { get; set; }
    public string ViewerId { get; set; } = "";
    public string ViewerName { get; set; } = "";
    public string? Input { get; set; }
    public long RedeemedAt { get; set; }
    /// <summary><c>waiting</c>, <c>fulfilled</c> or <c>refunded</c> (one being sent to Twitch at a crash is stored as waiting).</summary>
    public string Status { get; set; } = "";
    public string? Problem { get; set; }
    public long? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
}

/// <summary>
/// Keeps the redemption queue (<see cref="RedemptionChanged"/>), so the redemptions still waiting are there after a restart,
/// whatever session they came in.
/// </summary>
public sealed class RedemptionRecords : IStorageExtension
{
    internal const string CreateTable =
        """
        CREATE TABLE IF NOT EXISTS redemptions (
          RedemptionId TEXT NOT NULL PRIMARY KEY, Platform TEXT NOT NULL, Channel TEXT NOT NULL, BroadcasterId TEXT NOT NULL,
          RewardId TEXT NOT NULL, RewardTitle TEXT NOT NULL, Cost INTEGER NOT NULL, ViewerId TEXT NOT NULL, ViewerName TEXT NOT NULL,
          Input TEXT, RedeemedAt INTEGER NOT NULL, Status TEXT NOT NULL, Problem TEXT, ResolvedAt INTEGER, ResolvedBy TEXT)
        """;

    public bool Wants(LiveUpdate update) => update is RedemptionChanged;

    public void Write(SQLiteConnection db, LiveUpdate update, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (update is not RedemptionChanged { Redemption: var r }) return;
        var status = r.Status == RedemptionStatus.Resolving ? RedemptionStatus.Waiting : r.Status;
        db.Execute(
            """
            INSERT INTO redemptions (RedemptionId, Platform, Channel, BroadcasterId, RewardId, RewardTitle, Cost, ViewerId, ViewerName, Input,
              RedeemedAt, Status, Problem, ResolvedAt, ResolvedBy) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (RedemptionId) DO UPDATE SET Status = excluded.Status, Problem = excluded.Problem,
              ResolvedAt = excluded.ResolvedAt, ResolvedBy = excluded.ResolvedBy
            """,
            r.RedemptionId, r.Platform.ToWire(), r.Channel, r.BroadcasterId, r.RewardId, r.RewardTitle, r.Cost, r.ViewerId, r.ViewerName, r.Input,
            r.RedeemedAt.ToUnixTimeMilliseconds(), status.ToString().ToLowerInvariant(), r.Problem, r.ResolvedAt?.ToUnixTimeMilliseconds(), r.ResolvedBy);
    }

    /// <summary>The redemptions still waiting, oldest first. A database not yet migrated (the writer migrates it when it opens) has none.</summary>
    public static IReadOnlyList<QueuedRedemption> LoadWaiting(SQLiteConnection db)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.ExecuteScalar<int>("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'redemptions'") == 0) return [];
        var waiting = new List<QueuedRedemption>();
        foreach (var row in db.Query<RedemptionRow>("SELECT * FROM redemptions WHERE Status = 'waiting' ORDER BY RedeemedAt"))
        {
            if (!PlatformNames.TryParse(row.Platform, out var platform)) continue;
            waiting.Add(new QueuedRedemption
            {
                RedemptionId = row.RedemptionId,
                RewardId = row.RewardId,
                RewardTitle = row.RewardTitle,
                Cost = row.Cost,
                BroadcasterId = row.BroadcasterId,
                Platform = platform,
                Channel = row.Channel,
                ViewerId = row.ViewerId,
                ViewerName = row.ViewerName,
                Input = row.Input,
                RedeemedAt = DateTimeOffset.FromUnixTimeMilliseconds(row.RedeemedAt),
                Problem = row.Problem,
            });
        }
        return waiting;
    }
}
