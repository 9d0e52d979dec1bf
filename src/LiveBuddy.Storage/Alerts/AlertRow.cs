using SQLite;

namespace LiveBuddy.Storage.Alerts;

// Times are Unix milliseconds (UTC), as in every table (Schema/Rows.cs).

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
    /// <summary>Name of what was given (a YouTube gift's name).</summary>
    public string? ItemName { get; set; }
    /// <summary>Picture of what was given (a YouTube gift's image).</summary>
    public string? ImageUrl { get; set; }
    public long SentAt { get; set; }
    /// <summary>Whether the alert queue showed it (false: folded into a gift bomb or reported twice).</summary>
    public bool Announced { get; set; }
}
