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

/// <summary>A chat burst: seconds [<paramref name="Onset"/>, <paramref name="End"/>) from the start of the counts, strength 0..1.</summary>
public readonly record struct ChatBurst(int Onset, int End, float Score);

/// <summary>
/// Finds chat bursts in per-second counts and names them. Detection is a robust rule on 10-second blocks (median/MAD
/// of the calm blocks before, with a Poisson floor, so one earlier spike does not hide the next and a quiet chat going
/// from 1 to 3 lines is no burst); the onset is then searched second by second around the first hot block: the first
/// second from which three seconds together clearly exceed the calm rate. The kind is the reaction most of the
/// burst's lines show (emotes count double); the reason names it with the burst's size and its most used emote.
/// Used live (<see cref="MomentWatcher"/>) and by the post-stream report.
/// </summary>
public sealed class MomentFinder(IOptions<HighlightOptions> options)
{
    private const int Block = 10;
    private readonly HighlightOptions _options = options?.Value ?? new HighlightOptions();

    public MomentFinder() : this(Options.Create(new HighlightOptions()))
    {
    }

    /// <summary>The session's bursts, found and named.</summary>
    public IReadOnlyList<NamedMoment> Find(ChatSeconds chat) => [.. Bursts(chat).Select(b => Name(chat, b))];

    /// <summary>
    /// Where chat burst, from message counts alone (no line is read): each burst's onset second, end second and
    /// strength. Bursts closer than <see cref="HighlightOptions.MergeGap"/> are one.
    /// </summary>
    public IReadOnlyList<ChatBurst> Bursts(ChatSeconds chat)
    {
        ArgumentNullException.ThrowIfNull(chat);
        var o = _options;
        var blocks = (chat.Length + Block - 1) / Block;
        var counts = new int[blocks];
        for (var s = 0; s < chat.Length; s++) counts[s / Block] += chat.Messages(s);

        var window = Math.Max(6, (int)(o.Baseline.TotalSeconds / Block));
        var calm = new Queue<int>(window);
        var scratch = new int[window];
        var hot = new List<(int First, int Last, float PeakZ, float CalmPerSecond)>();
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
                hot.Add(current);
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
        if (burst is { } last) hot.Add(last);

        var found = new List<ChatBurst>();
        foreach (var b in hot)
        {
            var onset = Onset(chat, b.First * Block, b.CalmPerSecond);
            var end = (b.Last + 1) * Block;
            if (found.Count > 0 && TimeSpan.FromSeconds(onset - found[^1].End) <= o.MergeGap)
            {
                found[^1] = found[^1] with { End = end, Score = MathF.Max(found[^1].Score, Strength(b.PeakZ)) };
                continue;
            }
            found.Add(new ChatBurst(onset, end, Strength(b.PeakZ)));
        }
        return found;
    }

    /// <summary>A burst's strength 0..1 from its peak robust z: z of 4.5 ≈ 0.5, z of 15 ≈ 0.9, comparable across streams.</summary>
    public static float Strength(float peakZ) => 1 - MathF.Exp(-peakZ / 6.5f);

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

    /// <summary>Names a burst from the lines <paramref name="chat"/> has read in it (see <see cref="ChatSeconds.Read"/>).</summary>
    public NamedMoment Name(ChatSeconds chat, ChatBurst burst)
    {
        ArgumentNullException.ThrowIfNull(chat);
        var (onset, end, score) = burst;
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

    /// <summary>How a report titles the strongest moment of a kind: "The funniest moment", "The saddest moment".</summary>
    public static string Superlative(MomentKind kind) => kind switch
    {
        MomentKind.Funny => "The funniest moment",
        MomentKind.Sad => "The saddest moment",
        MomentKind.Shock => "The most shocking moment",
        MomentKind.Wholesome => "The most wholesome moment",
        MomentKind.Angry => "The angriest moment",
        _ => "The biggest hype moment",
    };

    private static string Article(MomentKind kind) => kind == MomentKind.Angry ? "an" : "a";

    private static float Median(Span<int> values)
    {
        values.Sort();
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2f;
    }
}
