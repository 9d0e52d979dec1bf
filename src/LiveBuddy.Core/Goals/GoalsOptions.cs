namespace LiveBuddy.Core.Goals;

/// <summary>Goal bar settings, bound from the <c>Goals</c> configuration section.</summary>
public sealed record GoalsOptions
{
    /// <summary>The currency the Super Chat goal counts in.</summary>
    public string Currency { get; init; } = "USD";
    /// <summary>
    /// Value of one unit of another currency in <see cref="Currency"/> (e.g. <c>"EUR": 1.08</c>). A Super Chat in a
    /// currency with no rate is not counted (and is counted in <c>goals.unconverted</c>): LiveBuddy has no exchange feed.
    /// </summary>
    public Dictionary<string, decimal> Rates { get; init; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Progress is pushed to overlays and stored at most this often (a reached goal goes out at once).</summary>
    public TimeSpan PushInterval { get; init; } = TimeSpan.FromSeconds(1);
}
