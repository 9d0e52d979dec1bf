using SQLite;

namespace LiveBuddy.Storage.Sessions;

// Times are Unix milliseconds (UTC), as in every table (Schema/Rows.cs).

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
