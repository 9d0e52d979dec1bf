using MomentKind = LiveBuddy.Core.Moments.MomentKind;
using System.Globalization;
using LiveBuddy.Core.Moments;
using LiveBuddy.Scoring.Highlights;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Scoring.Moments;

/// <summary>
/// A named moment: what kind it was, why, and <see cref="At"/>, the time a VOD link should open at — the burst's
/// onset found at one-second resolution, moved back by the chat lag and a short lead, so the link lands just before
/// the moment starts on stream.
/// </summary>
public sealed record NamedMoment(
    DateTimeOffset At, DateTimeOffset ChatOnset, TimeSpan Duration, MomentKind Kind, string Reason, int Messages, float Score,
    IReadOnlyList<EmoteCount> TopEmotes);

/// <summary>
/// Finds chat bursts in per-second counts and names them. Detection is the highlight detector's robust rule on
/// 10-second blocks (median/MAD of the calm blocks before, with a Poisson floor); the onset is then searched second by
/// second around the first hot block: the first second from which three seconds together clearly exceed the calm
/// rate. The kind is the reaction most of the burst's lines show (emotes count double); the reason names it with
/// the burst's size and its most used emote.
/// </summary>
public sealed class MomentFinder(IOptions<HighlightOptions> options)
{
    private const int Block = 10;
    private readonly HighlightOptions _options = options?.Value ?? new HighlightOptions();

    public MomentFinder() : this(Options.Create(new HighlightOptions()))
    {
    }

    public IReadOnlyList<NamedMoment> Find(ChatSeconds chat)
    {
        ArgumentNullException.ThrowIfNull(chat);
        var o = _options;
        var blocks = (chat.Length + Block - 1) / Block;
        var counts = new int[blocks];
        for (var s = 0; s < chat.Length; s++) counts[s / Block] += chat.Messages(s);

        var window = Math.Max(6, (int)(o.Baseline.TotalSeconds / Block));
        var calm = new Queue<int>(window);
        var scratch = new int[window];
        var bursts = new List<(int First, int Last, float PeakZ, float CalmPerSecond)>();
        (int First, int Last, float PeakZ, float CalmPerSecond)? burst = null;
        for (var i = 0; i < blocks; i++)
        {
            float z = 0, extra = 0, median = 0;
            if (calm.Count >= 6)
            {
                calm.CopyTo(scratch, 0);
                var values = scratch.AsSpan(0, calm.Count);
                median = Median(values);
                for (var k = 0; k < values.Length; k++) values[k] = (int)MathF.Abs(values[k] - median);
                var scale = MathF.Max(1.4826f * Median(values), MathF.Max(1, MathF.Sqrt(median)));
                extra = counts[i] - median;
                z = extra / scale;
            }
            if (burst is { } current)
            {
                if (z >= o.Threshold / 2)
                {
                    burst = (current.First, i, MathF.Max(current.PeakZ, z), current.CalmPerSecond);
                    continue;
                }
                bursts.Add(current);
                burst = null;
            }
            if (z >= o.Threshold && extra >= o.MinExtraMessages)
            {
                burst = (i, i, z, median / Block);
                continue;
            }
            // Only calm blocks form the baseline, so a long burst does not raise its own bar.
            if (calm.Count == window) calm.Dequeue();
            calm.Enqueue(counts[i]);
        }
        if (burst is { } last) bursts.Add(last);

        var found = new List<NamedMoment>();
        foreach (var b in bursts)
        {
            var onset = Onset(chat, b.First * Block, b.CalmPerSecond);
            var end = (b.Last + 1) * Block;
            if (found.Count > 0 && chat.Start.AddSeconds(onset) - (found[^1].ChatOnset + found[^1].Duration) <= o.MergeGap)
            {
                var previous = found[^1];
                found[^1] = Name(chat, (int)(previous.ChatOnset - chat.Start).TotalSeconds, end, MathF.Max(previous.Score, Score(b.PeakZ)));
                continue;
            }
            found.Add(Name(chat, onset, end, Score(b.PeakZ)));
        }
        return found;
    }

    // z of 4.5 ≈ 0.5, z of 15 ≈ 0.9: a score people can compare across streams.
    private static float Score(float peakZ) => 1 - MathF.Exp(-peakZ / 6.5f);

    /// <summary>
    /// The first second, from ten seconds before the first hot block to its end, from which three seconds together
    /// clearly exceed the calm rate (well outside its Poisson spread); the block's start when none does.
    /// </summary>
    private static int Onset(ChatSeconds chat, int hotStart, float calmPerSecond)
    {
        var expected = 3 * calmPerSecond;
        var bar = expected + 3 * MathF.Sqrt(expected + 1) + 2;
        var secondBar = calmPerSecond + 2 * MathF.Sqrt(calmPerSecond + 1) + 1; // the onset second itself is busy too
        for (var s = Math.Max(0, hotStart - Block); s < hotStart + Block; s++)
        {
            if (chat.Messages(s) >= secondBar && chat.Messages(s) + chat.Messages(s + 1) + chat.Messages(s + 2) >= bar) return s;
        }
        return hotStart;
    }

    private NamedMoment Name(ChatSeconds chat, int onset, int end, float score)
    {
        var (messages, kinds, emotes) = chat.Sum(onset, end);
        var best = 0;
        for (var k = 1; k < kinds.Length; k++) if (kinds[k] > kinds[best]) best = k;
        // A burst nobody reacted to in a way we can read is still chat exploding: hype.
        var kind = kinds[best] == 0 ? MomentKind.Hype : (MomentKind)best;
        var top = emotes.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).Take(3)
            .Select(e => new EmoteCount(e.Key, e.Value)).ToList();
        var seconds = end - onset;
        var reason = string.Create(CultureInfo.InvariantCulture, $"{Article(kind)} {Adjective(kind)} moment: {messages} messages in {seconds} s");
        if (top.Count > 0) reason += string.Create(CultureInfo.InvariantCulture, $", {top[0].Emote} ×{top[0].Count}");
        var onsetAt = chat.Start.AddSeconds(onset);
        var at = onsetAt - _options.ChatLag - _options.LinkLead;
        if (at < chat.Start) at = chat.Start;
        return new NamedMoment(at, onsetAt, TimeSpan.FromSeconds(seconds), kind, reason, messages, score, top);
    }

    /// <summary>How a report names the kind: "a funny moment", "a shocking moment".</summary>
    public static string Adjective(MomentKind kind) => kind switch
    {
        MomentKind.Funny => "funny",
        MomentKind.Sad => "sad",
        MomentKind.Shock => "shocking",
        MomentKind.Wholesome => "wholesome",
        MomentKind.Angry => "angry",
        _ => "hype",
    };

    private static string Article(MomentKind kind) => kind == MomentKind.Angry ? "an" : "a";

    private static float Median(Span<int> values)
    {
        values.Sort();
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2f;
    }
}
