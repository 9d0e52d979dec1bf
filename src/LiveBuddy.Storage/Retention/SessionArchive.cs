using System.Text.Json;
using LiveBuddy.Storage.Reports;
using SQLite;

namespace LiveBuddy.Storage.Retention;

/// <summary>
/// The summary of a session kept after retention removed its chat: the report as it was, minus names and quotes.
/// Lives in its own table (created by the first retention run) so reports of old streams still have totals,
/// timeline, highlights, alerts, polls and moderation counts.
/// </summary>
[Table("session_archive")]
public sealed class SessionArchiveRow
{
    [PrimaryKey] public string SessionId { get; set; } = "";
    /// <summary>The stripped report as JSON (<see cref="ReportJsonContext"/>).</summary>
    public string Json { get; set; } = "";
    public long ArchivedAt { get; set; }
}

internal static class SessionArchive
{
    public const string Table = "session_archive";

    public static bool Exists(SQLiteConnection db) =>
        db.ExecuteScalar<int>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?", Table) > 0;

    public static SessionReport? Load(SQLiteConnection db, string sessionId)
    {
        if (!Exists(db)) return null;
        var row = db.Find<SessionArchiveRow>(sessionId);
        return row is null ? null : JsonSerializer.Deserialize(row.Json, ReportJsonContext.Default.SessionReport);
    }

    /// <summary>What an archive keeps: everything but who said what.</summary>
    public static SessionReport Strip(SessionReport report) => report with
    {
        Archived = true,
        TopChatters = [],
        TopSupporters = [],
        Questions = report.Questions with
        {
            ToDo = report.Questions.ToDo.Select(q => q with { Author = "" }).ToList(),
            All = report.Questions.All.Select(q => q with { Author = "" }).ToList(),
        },
        Sentiment = report.Sentiment with
        {
            MostPositive = report.Sentiment.MostPositive is { } p ? p with { Quotes = [] } : null,
            MostNegative = report.Sentiment.MostNegative is { } n ? n with { Quotes = [] } : null,
        },
    };
}
