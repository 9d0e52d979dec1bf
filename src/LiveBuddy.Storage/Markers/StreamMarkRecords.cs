using LiveBuddy.Core.Events;
using LiveBuddy.Core.Markers;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Storage.Writing;
using SQLite;

namespace LiveBuddy.Storage.Markers;

// Times are Unix milliseconds (UTC), as in every table (Schema/Rows.cs).

/// <summary>A stream marker or clip LiveBuddy asked for, made or refused (<see cref="StreamMark"/>).</summary>
[Table("stream_marks")]
public sealed class StreamMarkRow
{
    [PrimaryKey, AutoIncrement] public long RowId { get; set; }
    [Indexed] public string SessionId { get; set; } = "";
    /// <summary><c>marker</c> or <c>clip</c>.</summary>
    public string Kind { get; set; } = "";
    public string Platform { get; set; } = "";
    public string Channel { get; set; } = "";
    public long At { get; set; }
    public string? MomentId { get; set; }
    public long? MomentAt { get; set; }
    public string Description { get; set; } = "";
    public string RequestedBy { get; set; } = "";
    public string? MarkId { get; set; }
    public int? PositionSeconds { get; set; }
    public string? Url { get; set; }
    public string? EditUrl { get; set; }
    public string? Failure { get; set; }
    public string? Detail { get; set; }
}

/// <summary>Keeps every marker and clip (<see cref="StreamMarked"/>) for the report.</summary>
public sealed class StreamMarkRecords : IStorageExtension
{
    public bool Wants(LiveUpdate update) => update is StreamMarked;

    public void Write(SQLiteConnection db, LiveUpdate update, string sessionId)
    {
        if (update is not StreamMarked { Mark: var mark }) return;
        db.Insert(new StreamMarkRow
        {
            SessionId = mark.SessionId ?? sessionId,
            Kind = mark.Kind == MarkKind.Clip ? "clip" : "marker",
            Platform = mark.Platform.ToWire(),
            Channel = mark.Channel,
            At = mark.At.ToUnixTimeMilliseconds(),
            MomentId = mark.MomentId,
            MomentAt = mark.MomentAt?.ToUnixTimeMilliseconds(),
            Description = mark.Description,
            RequestedBy = mark.RequestedBy,
            MarkId = mark.Id,
            PositionSeconds = mark.PositionSeconds,
            Url = mark.Url,
            EditUrl = mark.EditUrl,
            Failure = mark.Failure,
            Detail = mark.Detail,
        });
    }

    /// <summary>The markers and clips of one session, oldest first.</summary>
    public static IReadOnlyList<StreamMarkRow> ForSession(SQLiteConnection db, string sessionId) =>
        db.Query<StreamMarkRow>("SELECT * FROM stream_marks WHERE SessionId = ? ORDER BY At, RowId", sessionId);
}
