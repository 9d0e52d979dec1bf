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
    /// <summary>
    /// A 64-bit fingerprint of (Platform, EventId), under a unique index (schema v16): a line is stored once. Null only for
    /// a line whose fingerprint another line took first (odds in docs/performance.md).
    /// </summary>
    public long? EventKey { get; set; }
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
    /// <summary>
    /// A Twitch Shared Chat partner's line that does not take part in our chat (<c>Twitch:SharedChat:Participate</c> off): the
    /// partner channel's login (or id). Null for our own chat. The report counts these apart ("shared chat").
    /// </summary>
    public string? SharedFrom { get; set; }
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
    /// <summary>Concurrent viewers summed over platforms, each platform's last count carried forward; null when none reported.</summary>
    public int? Viewers { get; set; }
    /// <summary>The streams' likes so far (YouTube's likeCount); null when no platform reports likes.</summary>
    public int? Likes { get; set; }
}
