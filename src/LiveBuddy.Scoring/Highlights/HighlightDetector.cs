using Microsoft.Extensions.Options;

namespace LiveBuddy.Scoring.Highlights;

/// <summary>
/// Finds the moments chat exploded: a bucket whose message count is far above the recent calm
/// baseline by a robust z-score (median and MAD, so one earlier spike does not hide the next), with a
/// Poisson floor so a quiet chat going from 1 to 3 messages is not a "burst". Large money, gift bombs
/// and raids are moments on their own. Pure: the same buckets always give the same highlights.
/// </summary>
public sealed class HighlightDetector(IOptions<HighlightOptions> options)
{
    private readonly HighlightOptions _options = options?.Value ?? new HighlightOptions();

    public HighlightDetector() : this(Options.Create(new HighlightOptions()))
    {
    }

    public HighlightOptions Settings => _options;

    public IReadOnlyList<Highlight> Detect(IReadOnlyList<ActivityBucket> buckets)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var o = _options;
        var bucketSeconds = o.Bucket.TotalSeconds;
        var window = Math.Max(6, (int)(o.Baseline.TotalSeconds / bucketSeconds));
        var calm = new Queue<int>(window);
        var scratch = new int[window];
        var found = new List<Highlight>();

        Burst? burst = null;
        for (var i = 0; i < buckets.Count; i++)
        {
            var b = buckets[i];
            if (b.RaidViewers >= o.RaidMinViewers)
                found.Add(new Highlight(b.Start, Math.Min(1f, MathF.Log10(b.RaidViewers) / 3f), HighlightReason.Raid, b.Messages));
            else if (b.Money >= o.MoneyThreshold || b.Gifts >= o.GiftThreshold)
                found.Add(new Highlight(b.Start, Math.Min(1f, (float)(b.Money / (o.MoneyThreshold * 5)) + b.Gifts / (o.GiftThreshold * 5f)), HighlightReason.Money, b.Messages));

            var z = 0f;
            var extra = 0f;
            if (calm.Count >= 6)
            {
                calm.CopyTo(scratch, 0);
                var values = scratch.AsSpan(0, calm.Count);
                var median = Median(values);
                for (var k = 0; k < values.Length; k++) values[k] = (int)MathF.Abs(values[k] - median);
                var mad = Median(values);
                var scale = MathF.Max(1.4826f * mad, MathF.Max(1, MathF.Sqrt(median)));
                extra = b.Messages - median;
                z = extra / scale;
            }

            var hot = z >= o.Threshold && extra >= o.MinExtraMessages;
            if (burst is { } current)
            {
                if (z >= o.Threshold / 2)
                {
                    burst = current.Add(b, z);
                    continue;
                }
                found.Add(current.ToHighlight(o.ChatLag));
                burst = null;
            }
            if (hot)
            {
                burst = new Burst(b.Start, o.Bucket, z, b.Messages, b.Laugh, b.Hype, b.Sad);
                continue;
            }
            // Only calm buckets form the baseline, so a long burst does not raise its own bar.
            if (calm.Count == window) calm.Dequeue();
            calm.Enqueue(b.Messages);
        }
        if (burst is { } last) found.Add(last.ToHighlight(o.ChatLag));
        return Merge(found, o.MergeGap);
    }

    private static float Median(Span<int> values)
    {
        values.Sort();
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2f;
    }

    // Chat reacting to a raid or a big donation is part of that moment, not a second one.
    private static List<Highlight> Merge(List<Highlight> found, TimeSpan gap)
    {
        found.Sort((a, b) => a.At.CompareTo(b.At));
        var merged = new List<Highlight>(found.Count);
        foreach (var h in found)
        {
            if (merged.Count > 0 && h.At - merged[^1].At <= gap)
            {
                var previous = merged[^1];
                var keepPrevious = previous.Reason is HighlightReason.Raid or HighlightReason.Money
                    || h.Reason is not (HighlightReason.Raid or HighlightReason.Money);
                merged[^1] = (keepPrevious ? previous : h with { At = previous.At }) with
                {
                    Score = MathF.Max(previous.Score, h.Score),
                    Messages = previous.Messages + h.Messages,
                };
                continue;
            }
            merged.Add(h);
        }
        return merged;
    }

    private readonly record struct Burst(DateTimeOffset Start, TimeSpan BucketSize, float PeakZ, int Messages, int Laugh, int Hype, int Sad)
    {
        public Burst Add(ActivityBucket b, float z) =>
            new(Start, BucketSize, MathF.Max(PeakZ, z), Messages + b.Messages, Laugh + b.Laugh, Hype + b.Hype, Sad + b.Sad);

        public Highlight ToHighlight(TimeSpan lag)
        {
            var reason = Laugh == 0 && Hype == 0 && Sad == 0 ? HighlightReason.Hype
                : Laugh >= Hype && Laugh >= Sad ? HighlightReason.Laughter
                : Hype >= Sad ? HighlightReason.Hype
                : HighlightReason.Sadness;
            // z of 4.5 ≈ 0.5, z of 15 ≈ 0.9: a score people can compare across streams.
            var score = 1 - MathF.Exp(-PeakZ / 6.5f);
            // The burst began somewhere inside its first bucket; its middle is the best guess.
            return new Highlight(Start + BucketSize / 2 - lag, score, reason, Messages);
        }
    }
}
