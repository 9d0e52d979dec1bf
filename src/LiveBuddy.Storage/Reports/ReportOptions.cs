namespace LiveBuddy.Storage.Reports;

/// <summary>The <c>Reports</c> configuration section.</summary>
public sealed record ReportOptions
{
    public const string Section = "Reports";

    /// <summary>
    /// The Twitch VOD of the latest stream, e.g. <c>https://www.twitch.tv/videos/123456789</c>; highlights link to it
    /// with <c>?t=1h2m3s</c>. A per-session VOD in the settings table (<c>vod:{sessionId}:twitch</c>) wins.
    /// </summary>
    public string? TwitchVodUrl { get; init; }

    /// <summary>The YouTube VOD, e.g. <c>https://www.youtube.com/watch?v=abc</c>; linked with <c>&amp;t=123s</c>. Settings key <c>vod:{sessionId}:youtube</c> wins.</summary>
    public string? YouTubeVodUrl { get; init; }

    /// <summary>How many chatters and supporters the report lists.</summary>
    public int TopCount { get; init; } = 10;

    /// <summary>
    /// Also make a Twitch clip (Helix Create Clip, scope <c>clips:edit</c>) at every live moment, beside its stream marker;
    /// the report links each highlight to both. Off by default: clips are public.
    /// </summary>
    public bool AutoClip { get; init; }

    /// <summary>Highlights at most (the strongest; how moments are found is <c>Scoring:Highlights</c>).</summary>
    public int MaxHighlights { get; init; } = 8;
}
