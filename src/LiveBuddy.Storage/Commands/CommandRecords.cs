using System.Text.Json;
using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Storage.Writing;
using SQLite;

namespace LiveBuddy.Storage.Commands;

/// <summary>Stores the custom commands moderators change in chat, and reads back the set to start with.</summary>
public sealed class CommandRecords(TimeProvider time) : IStorageExtension
{
    public bool Wants(LiveUpdate update) => update is CustomCommandChanged or CustomCommandRemoved;

    public void Write(SQLiteConnection db, LiveUpdate update, string sessionId)
    {
        switch (update)
        {
            case CustomCommandChanged { Command: var command }:
                db.InsertOrReplace(new CustomCommandRow
                {
                    Name = command.Name, Json = StoredJson.Write(command),
                    UpdatedAt = (command.UpdatedAt ?? time.GetUtcNow()).ToUnixTimeMilliseconds(),
                });
                break;
            case CustomCommandRemoved removed:
                // A tombstone, so a removed shipped default does not come back at the next start.
                db.InsertOrReplace(new CustomCommandRow { Name = removed.Name, Json = "", UpdatedAt = removed.At.ToUnixTimeMilliseconds() });
                break;
        }
    }

    /// <summary>The custom commands to start with: shipped defaults, overridden or removed by what moderators changed in chat.</summary>
    public static IReadOnlyList<CustomCommand> LoadCommands(SQLiteConnection db, IReadOnlyList<CustomCommand> defaults)
    {
        var byName = defaults.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var row in db.Table<CustomCommandRow>())
        {
            if (row.Json.Length == 0) byName.Remove(row.Name);
            else if (JsonSerializer.Deserialize<CustomCommand>(row.Json, StoredJson.Options) is { } stored) byName[stored.Name] = stored;
        }
        return byName.Values.ToList();
    }
}
