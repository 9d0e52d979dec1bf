using SQLite;

namespace LiveBuddy.Storage.Commands;

// Times are Unix milliseconds (UTC), as in every table (Schema/Rows.cs).

[Table("custom_commands")]
public sealed class CustomCommandRow
{
    [PrimaryKey] public string Name { get; set; } = "";
    /// <summary>The command as JSON (response, aliases, permission, cooldowns, use count).</summary>
    public string Json { get; set; } = "";
    public long UpdatedAt { get; set; }
}
