using SQLite;

namespace LiveBuddy.Storage.Qa;

// Times are Unix milliseconds (UTC), as in every table (Schema/Rows.cs).

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
