using LiveBuddy.Core.Moments;

namespace LiveBuddy.Scoring.Tests;

/// <summary>
/// A seeded fake stream: background chat whose rate drifts slowly and has small random flurries,
/// plus injected moments where chat bursts a few seconds after something happens on stream.
/// </summary>
public sealed record SyntheticStream(
    DateTimeOffset Start,
    TimeSpan Length,
    IReadOnlyList<(DateTimeOffset At, string Text)> Chat,
    IReadOnlyList<(DateTimeOffset At, MomentKind Kind)> Moments)
{
    private static readonly MomentKind[] Kinds = [MomentKind.Funny, MomentKind.Hype, MomentKind.Sad];
    private static readonly string[] Background =
        ["hi chat", "what level is this", "lol", "go left", "nice", "brb", "gg", "hmm", "true", "is this ranked?", "back", "same", "ok"];
    private static readonly string[] Laughs = ["KEKW", "KEKW KEKW", "LUL", "OMEGALUL", "lmao", "hahaha", "ICANT", "LULW"];
    private static readonly string[] Hype = ["PogU", "POGGERS", "LETS GOOO", "Pog", "HYPERS", "insane", "CLUTCH", "PogChamp"];
    private static readonly string[] Sad = ["Sadge", "PepeHands", "F", "noooo", "BibleThump", "rip", "NotLikeThis"];

    public static SyntheticStream Generate(int seed, TimeSpan length, int moments)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2026, 3, 1, 18, 0, 0, TimeSpan.Zero);
        var seconds = (int)length.TotalSeconds;
        var baseRate = 0.3 + random.NextDouble() * 2.2; // messages per second: small to mid-size channels
        var chat = new List<(DateTimeOffset, string)>();

        // Moments at least four minutes apart, after a five-minute warm-up.
        var times = new List<int>();
        while (times.Count < moments)
        {
            var t = random.Next(300, seconds - 120);
            if (times.TrueForAll(o => Math.Abs(o - t) > 240)) times.Add(t);
        }
        times.Sort();
        var truth = times.Select(t => (start.AddSeconds(t), Kinds[random.Next(0, 3)])).ToList();

        var flurryUntil = -1;
        for (var s = 0; s < seconds; s++)
        {
            var rate = baseRate * (1 + 0.35 * Math.Sin(2 * Math.PI * s / 2400.0));
            if (flurryUntil < s && random.NextDouble() < 1 / 600.0) flurryUntil = s + random.Next(10, 30);
            if (s <= flurryUntil) rate *= 1.6; // ordinary chatter ups and downs that must not alarm
            foreach (var (at, kind) in truth)
            {
                // Chat reacts 3–8 s after the moment, for 15–35 s, at 4–9 times the usual rate.
                var offset = s - (int)(at - start).TotalSeconds;
                var lag = 3 + (int)((at.ToUnixTimeSeconds() * 7919) % 6);
                var span = 15 + (int)((at.ToUnixTimeSeconds() * 104729) % 21);
                if (offset >= lag && offset < lag + span)
                {
                    var extra = (4 + at.ToUnixTimeSeconds() % 6) * Math.Max(baseRate, 0.8);
                    for (var k = Poisson(random, extra); k > 0; k--)
                        chat.Add((start.AddSeconds(s + random.NextDouble()), Pick(random, kind switch
                        {
                            MomentKind.Funny => Laughs,
                            MomentKind.Sad => Sad,
                            _ => Hype,
                        })));
                }
            }
            for (var k = Poisson(random, rate); k > 0; k--)
                chat.Add((start.AddSeconds(s + random.NextDouble()), Pick(random, Background)));
        }
        chat.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return new SyntheticStream(start, length, chat, truth);
    }

    private static string Pick(Random random, string[] options) => options[random.Next(options.Length)];

    private static int Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        var p = random.NextDouble();
        while (p > limit)
        {
            k++;
            p *= random.NextDouble();
        }
        return k;
    }
}
