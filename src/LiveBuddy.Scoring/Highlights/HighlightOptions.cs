namespace LiveBuddy.Scoring.Highlights;

/// <summary>
/// Configuration section <c>Scoring:Highlights</c>: how moments are found (<see cref="Moments.MomentFinder"/>, live and
/// in the post-stream report) and which raids the report lists beside them.
/// </summary>
public sealed record HighlightOptions
{
    /// <summary>How much calm chat before a moment forms its baseline.</summary>
    public TimeSpan Baseline { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>Robust z-score (median/MAD) of a 10-second block that starts a burst.</summary>
    public float Threshold { get; init; } = 5.0f;
    /// <summary>A burst also needs this many messages above the baseline median in one block.</summary>
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
    /// <summary>A raid bringing this many viewers is a highlight of the report.</summary>
    public int RaidMinViewers { get; init; } = 10;
}
