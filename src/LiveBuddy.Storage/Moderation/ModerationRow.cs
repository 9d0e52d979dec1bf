using SQLite;

namespace LiveBuddy.Storage.Moderation;

// Times are Unix milliseconds (UTC), as in every table (Schema/Rows.cs).

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
