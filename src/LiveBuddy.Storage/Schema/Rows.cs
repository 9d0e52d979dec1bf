using SQLite;

namespace LiveBuddy.Storage.Schema;

// Table rows. Times are stored as Unix milliseconds (UTC): compact, sortable, and unambiguous for report queries.

[Table("schema_version")]
public sealed class SchemaVersionRow
{
    [PrimaryKey] public int Id { get; set; } = 1;
    public int Version { get; set; }
    public long AppliedAt { get; set; }
}

[Table("settings")]
public sealed class SettingRow
{
    [PrimaryKey] public string Key { get; set; } = "";
    public string Value { get; set; } = "";
}

[Table("sessions")]
public sealed class SessionRow
{
    [PrimaryKey] public string Id { get; set; } = "";
    [Indexed] public long StartedAt { get; set; }
    public long? EndedAt { get; set; }
    public long LastActivityAt { get; set; }
    /// <summary>Comma-separated wire names: <c>twitch,youtube</c>.</summary>
    public string Platforms { get; set; } = "";
    public string? Title { get; set; }
    public string? EndReason { get; set; }
}

[Table("viewers")]
public sealed class ViewerRow
{
    /// <summary><c>platform:userId</c>.</summary>
    [PrimaryKey] public string Key { get; set; } = "";
    public string Platform { get; set; } = "";
    public string UserId { get; set; } = "";
    public string Name { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public long FirstSeenAt { get; set; }
    public long LastSeenAt { get; set; }
    public long Messages { get; set; }
}

[Table("messages")]
public sealed class MessageRow
{
    [PrimaryKey, AutoIncrement] public long RowId { get; set; }
    [Indexed] public string SessionId { get; set; } = "";
    public string Platform { get; set; } = "";
    public string EventId { get; set; } = "";
    public string Channel { get; set; } = "";
    public string AuthorId { get; set; } = "";
    public string AuthorName { get; set; } = "";
    public string AuthorDisplayName { get; set; } = "";
    public int Roles { get; set; }
    public string Text { get; set; } = "";
    public int EmoteCount { get; set; }
    public long SentAt { get; set; }
    public long ReceivedAt { get; set; }
    public int Sentiment { get; set; }
    public float Score { get; set; }
    public bool Question { get; set; }
    public bool Toxic { get; set; }
    public bool FirstMessage { get; set; }
    public int Bits { get; set; }
    public bool Deleted { get; set; }
}

[Table("alerts")]
public sealed class AlertRow
{
    [PrimaryKey, AutoIncrement] public long RowId { get; set; }
    [Indexed] public string SessionId { get; set; } = "";
    public string Platform { get; set; } = "";
    public string EventId { get; set; } = "";
    public string Kind { get; set; } = "";
    public string? AuthorId { get; set; }
    public string? AuthorName { get; set; }
    public double? Amount { get; set; }
    public string? Currency { get; set; }
    public int? Count { get; set; }
    public string? Message { get; set; }
    public string? Tier { get; set; }
    public long SentAt { get; set; }
    /// <summary>Whether the alert queue showed it (false: folded into a gift bomb or reported twice).</summary>
    public bool Announced { get; set; }
}

[Table("moderation_actions")]
public sealed class ModerationRow
{
    [PrimaryKey, AutoIncrement] public long RowId { get; set; }
    [Indexed] public string SessionId { get; set; } = "";
    public string Platform { get; set; } = "";
    /// <summary><c>delete</c>, <c>timeout</c>, <c>ban</c>, <c>unban</c>, <c>warn</c>, <c>clear</c>.</summary>
    public string Kind { get; set; } = "";
    public string? TargetId { get; set; }
    public string? TargetName { get; set; }
    public int? DurationSeconds { get; set; }
    public string? Reason { get; set; }
    public string? RequestedBy { get; set; }
    public string? MessageId { get; set; }
    public long At { get; set; }
}

[Table("polls")]
public sealed class PollRow
{
    [PrimaryKey] public string Id { get; set; } = "";
    [Indexed] public string SessionId { get; set; } = "";
    public string Question { get; set; } = "";
    /// <summary>JSON array of options with their final vote counts.</summary>
    public string OptionsJson { get; set; } = "[]";
    public string Status { get; set; } = "";
    public long OpenedAt { get; set; }
    public long? EndsAt { get; set; }
    public int TotalVotes { get; set; }
}

[Table("poll_votes")]
public sealed class PollVoteRow
{
    [PrimaryKey, AutoIncrement] public long RowId { get; set; }
    [Indexed] public string PollId { get; set; } = "";
    public string Platform { get; set; } = "";
    public string ViewerId { get; set; } = "";
    public int Option { get; set; }
    public long At { get; set; }
    /// <summary>Where the vote was cast, so a poll restored after a restart announces its result there (schema v4).</summary>
    public string Channel { get; set; } = "";
}

[Table("questions")]
public sealed class QuestionRow
{
    /// <summary><c>sessionId:shortId</c>.</summary>
    [PrimaryKey] public string Key { get; set; } = "";
    [Indexed] public string SessionId { get; set; } = "";
    public string ShortId { get; set; } = "";
    public string Platform { get; set; } = "";
    public string AuthorName { get; set; } = "";
    public string Text { get; set; } = "";
    public int Upvotes { get; set; }
    public string Status { get; set; } = "";
    public long AskedAt { get; set; }
    public long UpdatedAt { get; set; }
    // Schema v5: what restoring the queue after a restart needs beyond what the report shows.
    public string Uid { get; set; } = "";
    public string Channel { get; set; } = "";
    public string AuthorId { get; set; } = "";
    /// <summary>JSON array of <c>platform:userId</c> of the viewers who upvoted or asked the same.</summary>
    public string VotersJson { get; set; } = "[]";
}

[Table("question_upvotes")]
public sealed class QuestionUpvoteRow
{
    [PrimaryKey, AutoIncrement] public long RowId { get; set; }
    [Indexed] public string QuestionKey { get; set; } = "";
    public string Platform { get; set; } = "";
    public string ViewerId { get; set; } = "";
    public long At { get; set; }
}

[Table("custom_commands")]
public sealed class CustomCommandRow
{
    [PrimaryKey] public string Name { get; set; } = "";
    /// <summary>The command as JSON (response, aliases, permission, cooldowns, use count).</summary>
    public string Json { get; set; } = "";
    public long UpdatedAt { get; set; }
}

[Table("minute_stats")]
public sealed class MinuteStatsRow
{
    /// <summary><c>sessionId:minuteIndex</c>.</summary>
    [PrimaryKey] public string Key { get; set; } = "";
    [Indexed] public string SessionId { get; set; } = "";
    /// <summary>Start of the minute, Unix ms.</summary>
    public long Minute { get; set; }
    public int Messages { get; set; }
    public int Chatters { get; set; }
    public double SentimentSum { get; set; }
    public int Questions { get; set; }
    public int Alerts { get; set; }
    public int? Viewers { get; set; }
}

/// <summary>
/// The summary of a session kept after retention removed its chat: the report as it was, minus names and quotes
/// (<see cref="Retention.SessionArchive.Strip"/>), so reports of old streams still have totals, timeline,
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
