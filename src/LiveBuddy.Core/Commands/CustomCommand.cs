using System.Text.Json;
using System.Text.Json.Serialization;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Commands;

/// <summary>A command the streamer or moderators defined, answered with <see cref="Response"/> after variables are filled.</summary>
public sealed record CustomCommand
{
    /// <summary>Lower-case name without prefix.</summary>
    public required string Name { get; init; }
    /// <summary>Text with variables <c>{user}</c>, <c>{touser}</c>, <c>{args}</c>, <c>{count}</c>, <c>{uptime}</c>, <c>{platform}</c>, <c>{channel}</c>.</summary>
    public required string Response { get; init; }
    /// <summary>Other lower-case names that run this command.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
    /// <summary>Lowest permission level allowed to use it.</summary>
    public PermissionLevel Level { get; init; } = PermissionLevel.Everyone;
    /// <summary>Per-command cooldown; null uses <see cref="CommandsOptions.DefaultCooldown"/>.</summary>
    public TimeSpan? Cooldown { get; init; }
    /// <summary>Per-viewer cooldown; null uses <see cref="CommandsOptions.DefaultUserCooldown"/>.</summary>
    public TimeSpan? UserCooldown { get; init; }
    /// <summary>Times used, the <c>{count}</c> variable.</summary>
    public int Count { get; init; }
    /// <summary>Who last changed it (moderator name), null for shipped defaults.</summary>
    public string? UpdatedBy { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>A custom command was added, edited or used (count changed): store it (upsert by name).</summary>
public sealed record CustomCommandChanged(CustomCommand Command) : LiveUpdate;

/// <summary>A custom command was deleted: remove it from storage (and keep a shipped default from coming back).</summary>
public sealed record CustomCommandRemoved(string Name, string RemovedBy, DateTimeOffset At) : LiveUpdate;

/// <summary>
/// Reads the shipped defaults (<c>config/commands.json</c>):
/// <c>{"commands":[{"name","response","aliases":[],"level":"everyone","cooldownSeconds","userCooldownSeconds"}]}</c>.
/// Entries without a name or response are skipped.
/// </summary>
public static class CustomCommandFile
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static IReadOnlyList<CustomCommand> Parse(string json)
    {
        var file = JsonSerializer.Deserialize<FileShape>(json, Json);
        if (file?.Commands is null) return [];
        return file.Commands
            .Where(c => !string.IsNullOrWhiteSpace(c.Name) && !string.IsNullOrWhiteSpace(c.Response))
            .Select(c => new CustomCommand
            {
                Name = CommandRouter.NormalizeName(c.Name!),
                Response = c.Response!,
                Aliases = (c.Aliases ?? []).Select(CommandRouter.NormalizeName).Where(a => a.Length > 0).ToArray(),
                Level = c.Level ?? PermissionLevel.Everyone,
                Cooldown = c.CooldownSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
                UserCooldown = c.UserCooldownSeconds is { } u ? TimeSpan.FromSeconds(u) : null,
            })
            .ToArray();
    }

    private sealed record FileShape(List<Entry>? Commands);

    private sealed record Entry(string? Name, string? Response, List<string>? Aliases, PermissionLevel? Level,
        int? CooldownSeconds, int? UserCooldownSeconds);
}
