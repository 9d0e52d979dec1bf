namespace LiveBuddy.Scoring.Highlights;

/// <summary>Why a moment stood out.</summary>
public enum HighlightReason
{
    Hype,
    Laughter,
    Sadness,
    Money,
    Raid,
}

/// <summary>
/// A moment worth clipping: <see cref="At"/> is already moved back by the chat lag, so it points at
/// what happened on stream, not at chat's reaction. <see cref="Score"/> is 0..1.
/// </summary>
public sealed record Highlight(DateTimeOffset At, float Score, HighlightReason Reason, int Messages);

/// <summary>What chat and alerts did in one time bucket.</summary>
public record struct ActivityBucket(DateTimeOffset Start, int Messages, int Laugh, int Hype, int Sad, decimal Money, int Gifts, int RaidViewers);

/// <summary>Configuration section <c>Scoring:Highlights</c>.</summary>
public sealed record HighlightOptions
{
    public TimeSpan Bucket { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>How much calm chat before a moment forms its baseline.</summary>
    public TimeSpan Baseline { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>Robust z-score (median/MAD) that starts a burst.</summary>
    public float Threshold { get; init; } = 5.0f;
    /// <summary>A burst also needs this many messages above the baseline median in one bucket.</summary>
    public int MinExtraMessages { get; init; } = 6;
    /// <summary>
    /// Viewers see the stream late and type after they react, so a chat burst trails its moment;
    /// highlights are moved back by this much.
    /// </summary>
    public TimeSpan ChatLag { get; init; } = TimeSpan.FromSeconds(6);
    /// <summary>A VOD link opens this much before a moment's estimated start, so the viewer sees it begin.</summary>
    public TimeSpan LinkLead { get; init; } = TimeSpan.FromSeconds(4);
    /// <summary>Bursts closer than this are one moment.</summary>
    public TimeSpan MergeGap { get; init; } = TimeSpan.FromSeconds(40);
    public decimal MoneyThreshold { get; init; } = 20m;
    public int GiftThreshold { get; init; } = 5;
    public int RaidMinViewers { get; init; } = 10;
}
