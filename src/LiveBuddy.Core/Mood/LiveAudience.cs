using LiveBuddy.Core.Events;

namespace LiveBuddy.Core.Mood;

/// <summary>
/// The audience of a simulcast right now: each stream's last viewer count (and like count) carries forward until that
/// stream reports again, so a moment when only Twitch sampled still counts YouTube's viewers. Platforms sample at their
/// own pace (Twitch's Helix poll, YouTube's videos.list within its quota), so a plain sum of the latest samples would
/// jump up and down with whichever reported last. A count older than <see cref="MaxAge"/> no longer counts (the
/// stream stopped reporting), and a stream that goes offline drops out at once.
/// </summary>
public sealed class LiveAudience
{
    /// <summary>How long a stream's last count carries forward without a new sample (the report carries as long).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    private readonly Dictionary<(Platform Platform, string Channel), (DateTimeOffset At, int Viewers, int? Likes)> _last = [];

    /// <summary>Records a stream's sample; one older than the stream's last known sample is ignored.</summary>
    public void Add(ViewerCountSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var key = (sample.Platform, sample.Channel);
        if (_last.TryGetValue(key, out var known) && known.At > sample.SentAt) return;
        _last[key] = (sample.SentAt, Math.Max(0, sample.Viewers), sample.Likes is { } likes ? Math.Max(0, likes) : null);
    }

    /// <summary>The stream went offline: its viewers stop counting.</summary>
    public void Remove(Platform platform, string channel) => _last.Remove((platform, channel));

    /// <summary>Viewers across every stream with a count no older than <see cref="MaxAge"/> at <paramref name="at"/>; null when none.</summary>
    public int? Viewers(DateTimeOffset at) => Sum(at, s => s.Viewers);

    /// <summary>Likes across the streams that report them (YouTube); null when none does.</summary>
    public int? Likes(DateTimeOffset at) => Sum(at, s => s.Likes);

    private int? Sum(DateTimeOffset at, Func<(DateTimeOffset At, int Viewers, int? Likes), int?> pick)
    {
        long? total = null;
        foreach (var sample in _last.Values)
        {
            if (at - sample.At > MaxAge) continue;
            if (pick(sample) is { } n) total = (total ?? 0) + n;
        }
        return total is { } t ? (int)Math.Min(int.MaxValue, t) : null;
    }

    public void Clear() => _last.Clear();
}
