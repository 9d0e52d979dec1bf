using SQLite;

namespace LiveBuddy.Storage.Polls;

// Times are Unix milliseconds (UTC), as in every table (Schema/Rows.cs).

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
