using LiveBuddy.Core.Events;

namespace LiveBuddy.Core.Shoutouts;

/// <summary>Shoutout settings, bound from the <c>Shoutouts</c> configuration section.</summary>
public sealed record ShoutoutsOptions
{
    /// <summary>Who may use <c>!so</c>.</summary>
    public PermissionLevel Level { get; init; } = PermissionLevel.Moderator;
    /// <summary>Between two <c>!so</c> in one channel (the broadcaster is exempt). Silence while it runs.</summary>
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Between two <c>!so</c> for the same person in one channel (the broadcaster is exempt).</summary>
    public TimeSpan TargetCooldown { get; init; } = TimeSpan.FromMinutes(2);
    /// <summary>Also send Twitch's native shoutout (Helix Send a Shoutout) when the signed-in account may.</summary>
    public bool Native { get; init; } = true;
    /// <summary>
    /// The chat answer. <c>{name}</c> display name, <c>{login}</c>, <c>{category}</c> last category (or "something"),
    /// <c>{title}</c>, <c>{url}</c> channel link.
    /// </summary>
    public string Message { get; init; } = "Go show some love to {name}! They were last streaming {category}: {url}";
    /// <summary>The answer when the channel has never streamed a category (Twitch) or the platform has none (YouTube).</summary>
    public string MessageWithoutCategory { get; init; } = "Go show some love to {name}: {url}";
}
