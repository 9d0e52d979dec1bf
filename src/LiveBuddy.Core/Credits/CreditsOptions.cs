namespace LiveBuddy.Core.Credits;

/// <summary>End credits settings, bound from the <c>Credits</c> configuration section.</summary>
public sealed record CreditsOptions
{
    /// <summary>Roll the credits on the overlay when the session ends (the platform goes offline, or the silence rule ends it).</summary>
    public bool RollAtSessionEnd { get; init; } = true;
    /// <summary>How many of the most active chatters are credited.</summary>
    public int TopChatters { get; init; } = 10;
    /// <summary>Names kept per section at most (a raid of thousands is one name; a flood of follows is not endless credits).</summary>
    public int MaxPerSection { get; init; } = 200;
}
