using System.Text.Json;
using LiveBuddy.Storage.Reports;
using SQLite;

namespace LiveBuddy.Storage.Privacy;

/// <summary>Reads and shapes the summaries in <see cref="SessionArchiveRow"/>.</summary>
internal static class SessionArchive
{
    public const string Table = "session_archive";

    public static bool Exists(SQLiteConnection db) =>
        db.ExecuteScalar<int>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?", Table) > 0;

    public static SessionReport? Load(SQLiteConnection db, string sessionId)
    {
        // Reports read through read-only connections, which never migrate: a database an older LiveBuddy left at
        // schema version 2 has no archive table until something opens it for writing.
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
        Raffles = report.Raffles.Select(r => r with { Winners = r.Winners.Select(w => w with { Name = "" }).ToList() }).ToList(),
        Sentiment = report.Sentiment with
        {
            MostPositive = report.Sentiment.MostPositive is { } p ? p with { Quotes = [] } : null,
            MostNegative = report.Sentiment.MostNegative is { } n ? n with { Quotes = [] } : null,
        },
    };
}
