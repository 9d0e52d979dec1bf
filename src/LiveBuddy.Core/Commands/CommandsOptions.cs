using LiveBuddy.Core.Events;

namespace LiveBuddy.Core.Commands;

/// <summary>Chat command rules, bound from the <c>Commands</c> configuration section.</summary>
public sealed record CommandsOptions
{
    /// <summary>What starts a command, <c>!</c> by default.</summary>
    public string Prefix { get; init; } = "!";
    /// <summary>A custom command answers at most once per this span in a channel, unless it sets its own.</summary>
    public TimeSpan DefaultCooldown { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>The same viewer can use a custom command at most once per this span, unless it sets its own.</summary>
    public TimeSpan DefaultUserCooldown { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>Who may add, edit and delete custom commands with <c>!cmd</c>.</summary>
    public PermissionLevel ManageLevel { get; init; } = PermissionLevel.Moderator;
    /// <summary>Viewers at this level or above skip cooldowns.</summary>
    public PermissionLevel CooldownExemptLevel { get; init; } = PermissionLevel.Moderator;
    /// <summary>Longer responses are cut (Twitch allows 500 characters, YouTube 200).</summary>
    public int MaxResponseLength { get; init; } = 450;
}
