namespace LiveBuddy.Twitch.ChannelPoints;

/// <summary>The rewards LiveBuddy creates and keeps up to date on the streamer's channel (<c>Twitch:Rewards</c>).</summary>
public sealed record ChannelPointsOptions
{
    /// <summary><c>Twitch:Rewards:0:Title</c>, <c>…:Cost</c>, … one entry per reward.</summary>
    public IReadOnlyList<RewardOptions> Rewards { get; init; } = [];
}

/// <summary>One reward as the streamer declares it. Twitch matches it by title (titles are unique per channel).</summary>
public sealed record RewardOptions
{
    /// <summary>At most 45 characters.</summary>
    public string Title { get; init; } = "";
    /// <summary>Channel points, at least 1.</summary>
    public long Cost { get; init; } = 100;
    /// <summary>What the viewer reads when redeeming (at most 200 characters); the question they answer when <see cref="InputRequired"/>.</summary>
    public string Prompt { get; init; } = "";
    /// <summary>Time between two redemptions by anyone (e.g. <c>00:05:00</c>); none when unset.</summary>
    public TimeSpan? Cooldown { get; init; }
    /// <summary>The viewer must type something (answering <see cref="Prompt"/>).</summary>
    public bool InputRequired { get; init; }
    /// <summary>False hides the reward from viewers without deleting it.</summary>
    public bool Enabled { get; init; } = true;
}
