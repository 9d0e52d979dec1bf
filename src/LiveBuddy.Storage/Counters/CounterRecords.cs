using LiveBuddy.Core.NamedCounters;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Storage.Writing;
using SQLite;

// Not LiveBuddy.Storage.Counters: it would hide the pipeline's Counters (metrics) type (see Core/Counters).
namespace LiveBuddy.Storage.NamedCounters;

/// <summary>Stores named counters (<c>!count</c>) by name.</summary>
public sealed class CounterRecords : IStorageExtension
{
    public bool Wants(LiveUpdate update) => update is CounterChanged;

    public void Write(SQLiteConnection db, LiveUpdate update, string sessionId)
    {
        if (update is not CounterChanged changed) return;
        db.Execute(
            "INSERT INTO counters (Name, Value, UpdatedBy, UpdatedAt) VALUES (?, ?, ?, ?) ON CONFLICT(Name) DO UPDATE SET Value = excluded.Value, UpdatedBy = excluded.UpdatedBy, UpdatedAt = excluded.UpdatedAt",
            changed.Name, changed.Value, changed.ChangedBy, changed.At.ToUnixTimeMilliseconds());
    }

    public static IReadOnlyDictionary<string, long> LoadCounters(SQLiteConnection db) =>
        db.Query<CounterRow>("SELECT Name, Value FROM counters").ToDictionary(r => r.Name, r => r.Value, StringComparer.Ordinal);

    private sealed class CounterRow
    {
        public string Name { get; set; } = "";
        public long Value { get; set; }
    }
}
