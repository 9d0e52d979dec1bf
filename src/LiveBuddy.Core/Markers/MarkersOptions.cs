using LiveBuddy.Core.Events;

namespace LiveBuddy.Core.Markers;

/// <summary>Stream markers and clips, bound from the <c>Markers</c> configuration section (clips on moments: <c>Reports:AutoClip</c>).</summary>
public sealed record MarkersOptions
{
    /// <summary>Who may use <c>!marker</c> and <c>!clip</c>.</summary>
    public PermissionLevel Level { get; init; } = PermissionLevel.Moderator;
    /// <summary>Between two <c>!marker</c> or two <c>!clip</c> in one channel (the broadcaster is exempt). Silence while it runs.</summary>
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Place a Twitch stream marker at every moment chat has (the moment's reason is its description).</summary>
    public bool OnMoments { get; init; } = true;
}
