namespace LiveBuddy.Core.Mood;

/// <summary>Live chat mood, bound from the <c>Mood</c> configuration section.</summary>
public sealed record MoodOptions
{
    /// <summary>The recent window for sentiment, messages per minute and chatters.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>The longer window the current rate is compared with for engagement.</summary>
    public TimeSpan Baseline { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>At most one <c>mood</c> push per this span (pushed on the host's tick, only when something changed).</summary>
    public TimeSpan PushInterval { get; init; } = TimeSpan.FromSeconds(1);
}
