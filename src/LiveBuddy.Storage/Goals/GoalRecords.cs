using LiveBuddy.Core.Goals;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Storage.Writing;
using SQLite;

namespace LiveBuddy.Storage.Goals;

/// <summary>Keeps the goal bars (label, target, progress) in the <c>settings</c> table, so they survive restarts and sessions.</summary>
public sealed class GoalRecords : IStorageExtension
{
    public const string Key = "goals";

    public bool Wants(LiveUpdate update) => update is GoalsChanged;

    public void Write(SQLiteConnection db, LiveUpdate update, string sessionId)
    {
        if (update is not GoalsChanged changed) return;
        db.Execute("INSERT INTO settings (Key, Value) VALUES (?, ?) ON CONFLICT(Key) DO UPDATE SET Value = excluded.Value",
            Key, StoredJson.Write(changed.Goals));
    }

    /// <summary>The goals as last stored; none on a fresh database (a damaged value costs the goals, not the start).</summary>
    public static IReadOnlyList<GoalPayload> Load(SQLiteConnection db) =>
        StoredJson.Read<GoalsPayload>(db.ExecuteScalar<string?>("SELECT Value FROM settings WHERE Key = ?", Key))?.Goals ?? [];
}
