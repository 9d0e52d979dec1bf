using System.Text.Json;
using LiveBuddy.Core;
using LiveBuddy.Core.Moments;

namespace LiveBuddy.Storage.Moments;

/// <summary>
/// The replays OBS saved, one JSON line each in <c>data/replays.jsonl</c>, read back by the session report. A small
/// append-only file rather than a table: saves come a few a stream, from the OBS connection's thread, not the pipeline.
/// A line that cannot be read is skipped.
/// </summary>
public sealed class ReplayLog(DataFolder dataFolder)
{
    public const string FileName = "replays.jsonl";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Lock _gate = new();

    public void Append(SavedReplay replay)
    {
        var line = JsonSerializer.Serialize(replay, Json) + "\n";
        lock (_gate)
        {
            Directory.CreateDirectory(dataFolder.Path);
            File.AppendAllText(dataFolder.File(FileName), line);
        }
    }

    /// <summary>The replays of one session, oldest first.</summary>
    public IReadOnlyList<SavedReplay> ForSession(string sessionId)
    {
        var path = dataFolder.File(FileName);
        string[] lines;
        lock (_gate)
        {
            if (!File.Exists(path)) return [];
            lines = File.ReadAllLines(path);
        }
        var replays = new List<SavedReplay>();
        foreach (var line in lines)
        {
            try
            {
                if (JsonSerializer.Deserialize<SavedReplay>(line, Json) is { } replay && replay.SessionId == sessionId) replays.Add(replay);
            }
            catch (JsonException)
            {
                // A torn last line after a crash: skip it.
            }
        }
        return replays;
    }
}
