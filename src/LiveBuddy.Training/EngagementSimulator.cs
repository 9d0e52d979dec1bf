namespace LiveBuddy.Training;

/// <summary>
/// A reproducible audience model used to train the engagement regression, because no real
/// multi-channel activity data ships with the project. Assumptions (documented in README): the share
/// of viewers who chat falls with audience size (messages ∝ viewers^0.7), the first ten minutes are
/// quieter while people arrive, and minutes vary log-normally (σ 0.35) around that.
/// </summary>
public static class EngagementSimulator
{
    public static IReadOnlyList<(int Viewers, int MinuteOfStream, int Messages)> Simulate(int minutes, int seed)
    {
        var random = new Random(seed);
        var rows = new List<(int, int, int)>(minutes);
        for (var i = 0; i < minutes; i++)
        {
            var viewers = (int)Math.Round(Math.Exp(Math.Log(3) + random.NextDouble() * (Math.Log(60_000) - Math.Log(3))));
            var minute = random.Next(0, 240);
            var mean = Expected(viewers, minute) * Math.Exp(Normal(random) * 0.35);
            rows.Add((viewers, minute, Poisson(random, mean)));
        }
        return rows;
    }

    /// <summary>The simulator's true mean messages per minute.</summary>
    public static double Expected(int viewers, int minuteOfStream) =>
        0.9 * Math.Pow(viewers, 0.7) * (0.6 + 0.4 * Math.Min(1, minuteOfStream / 10.0));

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static int Poisson(Random random, double mean)
    {
        if (mean > 50) return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * Normal(random)));
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
