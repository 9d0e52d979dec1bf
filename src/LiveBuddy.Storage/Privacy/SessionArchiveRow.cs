using SQLite;

namespace LiveBuddy.Storage.Privacy;

// Times are Unix milliseconds (UTC), as in every table (Schema/Rows.cs).

/// <summary>
/// The summary of a session kept after retention removed its chat: the report as it was, minus names and quotes
/// (<see cref="SessionArchive.Strip"/>), so reports of old streams still have totals, timeline,
/// highlights, alerts, polls and moderation counts. Schema version 3.
/// </summary>
[Table("session_archive")]
public sealed class SessionArchiveRow
{
    [PrimaryKey] public string SessionId { get; set; } = "";
    /// <summary>The stripped report as JSON (<see cref="Reports.ReportJsonContext"/>).</summary>
    public string Json { get; set; } = "";
    public long ArchivedAt { get; set; }
}
