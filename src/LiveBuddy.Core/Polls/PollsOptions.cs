using LiveBuddy.Core.Events;

namespace LiveBuddy.Core.Polls;

/// <summary>Poll rules, bound from the <c>Polls</c> configuration section.</summary>
public sealed record PollsOptions
{
    /// <summary>How long a poll runs when no duration is given.</summary>
    public TimeSpan DefaultDuration { get; init; } = TimeSpan.FromMinutes(2);
    /// <summary>Shortest duration accepted; a shorter one is refused.</summary>
    public TimeSpan MinDuration { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Longest duration accepted; a longer one is refused.</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromHours(1);
    /// <summary>Most options a poll may have (at least two are always needed).</summary>
    public int MaxOptions { get; init; } = 10;
    /// <summary>Who may open, end and cancel polls from chat.</summary>
    public PermissionLevel ManageLevel { get; init; } = PermissionLevel.Moderator;
    /// <summary>Count a chat line that is only a number (<c>2</c>) as a vote while a poll is open.</summary>
    public bool BareNumberVotes { get; init; } = true;
    /// <summary>Also ask Twitch to run a native poll (emits <see cref="NativePollRequested"/>) when the poll fits Twitch's limits.</summary>
    public bool MirrorToTwitch { get; init; }
}
