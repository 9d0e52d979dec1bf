using System.Text.Json;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.HypeTrain;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Storage.Writing;
using SQLite;

namespace LiveBuddy.Storage.HypeTrain;

// Times are Unix milliseconds (UTC), as in every table (Schema/Rows.cs).

/// <summary>One hype train as it last stood: updated by each of its notifications, so the end leaves the final figures.</summary>
[Table("hype_trains")]
public sealed class HypeTrainRow
{
    [PrimaryKey, AutoIncrement] public long RowId { get; set; }
    [Indexed] public string SessionId { get; set; } = "";
    public string Platform { get; set; } = "";
    public string Channel { get; set; } = "";
    public string TrainId { get; set; } = "";
    public string Type { get; set; } = "regular";
    public int Level { get; set; }
    public long Total { get; set; }
    public long StartedAt { get; set; }
    public long? EndedAt { get; set; }
    /// <summary>JSON array of the top contributions ({userId, name, kind, total}).</summary>
    public string TopContributions { get; set; } = "[]";
    /// <summary>Partner channels of a Shared Chat train, comma separated.</summary>
    public string SharedWith { get; set; } = "";
}

/// <summary>Keeps each hype train's latest figures (<see cref="HypeTrainChanged"/>) for the report.</summary>
public sealed class HypeTrainRecords : IStorageExtension
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public bool Wants(LiveUpdate update) => update is HypeTrainChanged;

    public void Write(SQLiteConnection db, LiveUpdate update, string sessionId)
    {
        if (update is not HypeTrainChanged { Train: var train }) return;
        var row = db.FindWithQuery<HypeTrainRow>("SELECT * FROM hype_trains WHERE Platform = ? AND TrainId = ?", train.Platform.ToWire(), train.Id)
                  ?? new HypeTrainRow { SessionId = sessionId, Platform = train.Platform.ToWire(), TrainId = train.Id };
        row.Channel = train.Channel;
        row.Type = train.Type;
        row.Level = train.Level;
        row.Total = train.Total;
        row.StartedAt = train.StartedAt;
        row.EndedAt = train.EndedAt;
        row.TopContributions = JsonSerializer.Serialize(train.TopContributors, Json);
        row.SharedWith = string.Join(',', train.SharedWith);
        if (row.RowId == 0) db.Insert(row);
        else db.Update(row);
    }

    /// <summary>The trains of one session, oldest first.</summary>
    public static IReadOnlyList<HypeTrainRow> ForSession(SQLiteConnection db, string sessionId) =>
        db.Query<HypeTrainRow>("SELECT * FROM hype_trains WHERE SessionId = ? ORDER BY StartedAt", sessionId);

    /// <summary>The stored top contributors; false (and none) when the stored list cannot be read: the caller counts and says it.</summary>
    public static bool TryReadContributions(HypeTrainRow row, out IReadOnlyList<HypeTrainContribution> contributions)
    {
        try
        {
            contributions = JsonSerializer.Deserialize<List<HypeTrainContribution>>(row.TopContributions, Json) ?? [];
            return true;
        }
        catch (JsonException)
        {
            contributions = [];
            return false;
        }
    }
}
