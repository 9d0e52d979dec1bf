using LiveBuddy.Core;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Storage.Schema;
using SQLite;

namespace LiveBuddy.Storage.Sessions;

/// <summary>A stored session as the session list shows it.</summary>
public sealed record SessionSummary(string Id, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, IReadOnlyList<string> Platforms,
    string? Title, long Messages, long Chatters, string? EndReason);

/// <summary>Read side of the database: each call opens its own connection (WAL lets it read while the writer writes).</summary>
public sealed class SessionStore(DataFolder dataFolder)
{
    public string DatabasePath => dataFolder.File(LiveBuddyDatabase.FileName);

    public SQLiteConnection OpenRead()
    {
        Directory.CreateDirectory(dataFolder.Path);
        // Opening read-write once creates and migrates a fresh database so reads never meet a missing table.
        if (!File.Exists(DatabasePath)) LiveBuddyDatabase.Open(DatabasePath).Dispose();
        return LiveBuddyDatabase.Open(DatabasePath, readOnly: true);
    }

    public IReadOnlyList<SessionSummary> List(int limit = 100)
    {
        using var db = OpenRead();
        var sessions = db.Query<SessionRow>("SELECT * FROM sessions ORDER BY StartedAt DESC LIMIT ?", limit);
        return sessions.Select(s => Summarize(db, s)).ToList();
    }

    public SessionSummary? Get(string id)
    {
        using var db = OpenRead();
        var row = Find(db, id);
        return row is null ? null : Summarize(db, row);
    }

    /// <summary>The session id for <c>latest</c> or an id; null when there is none.</summary>
    public string? Resolve(string idOrLatest)
    {
        using var db = OpenRead();
        return Find(db, idOrLatest)?.Id;
    }

    /// <summary>
    /// The last session when it was not ended by the platform or silence and its last activity is within
    /// <paramref name="grace"/>: a restart continues it.
    /// </summary>
    public SessionInfo? LoadResumable(DateTimeOffset now, TimeSpan grace)
    {
        using var db = OpenRead();
        var last = db.Query<SessionRow>("SELECT * FROM sessions ORDER BY StartedAt DESC LIMIT 1").FirstOrDefault();
        if (last is null) return null;
        var lastActivity = Math.Max(last.LastActivityAt,
            db.ExecuteScalar<long>("SELECT COALESCE(MAX(ReceivedAt), 0) FROM messages WHERE SessionId = ?", last.Id));
        var endedByStream = last.EndReason is not null && last.EndReason != "shutdown";
        var gap = now - DateTimeOffset.FromUnixTimeMilliseconds(lastActivity);
        if (endedByStream || gap < TimeSpan.Zero || gap >= grace) return null; // a replayed old capture never resumes a session
        return new SessionInfo
        {
            Id = last.Id,
            StartedAt = DateTimeOffset.FromUnixTimeMilliseconds(last.StartedAt),
            LastActivityAt = DateTimeOffset.FromUnixTimeMilliseconds(lastActivity),
            Title = last.Title,
            Platforms = ParsePlatforms(last.Platforms),
        };
    }

    internal static SessionRow? Find(SQLiteConnection db, string idOrLatest) =>
        string.Equals(idOrLatest, "latest", StringComparison.OrdinalIgnoreCase)
            ? db.Query<SessionRow>("SELECT * FROM sessions ORDER BY StartedAt DESC LIMIT 1").FirstOrDefault()
            : db.Find<SessionRow>(idOrLatest);

    private static SessionSummary Summarize(SQLiteConnection db, SessionRow s) => new(
        s.Id,
        DateTimeOffset.FromUnixTimeMilliseconds(s.StartedAt),
        s.EndedAt is { } e ? DateTimeOffset.FromUnixTimeMilliseconds(e) : null,
        s.Platforms.Split(',', StringSplitOptions.RemoveEmptyEntries),
        s.Title,
        db.ExecuteScalar<long>("SELECT COUNT(*) FROM messages WHERE SessionId = ?", s.Id),
        db.ExecuteScalar<long>("SELECT COUNT(DISTINCT Platform || ':' || AuthorId) FROM messages WHERE SessionId = ?", s.Id),
        s.EndReason);

    private static HashSet<Platform> ParsePlatforms(string value)
    {
        var set = new HashSet<Platform>();
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries))
            if (PlatformNames.TryParse(part, out var p)) set.Add(p);
        return set;
    }
}
