using LiveBuddy.Core.Alerts;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Storage.Writing;
using SQLite;

namespace LiveBuddy.Storage.Alerts;

/// <summary>Marks the stored alert rows the alert queue showed (the rows themselves come with the events).</summary>
public sealed class AlertRecords : IStorageExtension
{
    public bool Wants(LiveUpdate update) => update is AlertAnnounced;

    public void Write(SQLiteConnection db, LiveUpdate update, string sessionId)
    {
        if (update is not AlertAnnounced { Alert: var alert } || alert.Replay || alert.Test) return;
        // The alert queue names alerts "{platform}:{event id}"; the row has the bare event id.
        var platform = alert.Platform.ToWire();
        var eventId = alert.Id.StartsWith(platform + ":", StringComparison.Ordinal) ? alert.Id[(platform.Length + 1)..] : alert.Id;
        db.Execute("UPDATE alerts SET Announced = 1 WHERE Platform = ? AND EventId = ?", platform, eventId);
    }
}
