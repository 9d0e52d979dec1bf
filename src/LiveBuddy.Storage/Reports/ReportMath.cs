using System.Globalization;

namespace LiveBuddy.Storage.Reports;

/// <summary>The arithmetic of reports: robust statistics, the engagement index, VOD links. Pure functions.</summary>
internal static class ReportMath
{
    /// <summary>
    /// Engagement 0..100 for one minute. Each part saturates (x / (x + k)) so a huge burst cannot swamp the
    /// others: messages (k = 20/min) 45%, distinct chatters (k = 10) 35%, alerts (k = 1) 12%, questions (k = 2) 8%.
    /// The constants are fixed, so minutes and sessions compare with each other.
    /// </summary>
    public static double Engagement(int messages, int chatters, int alerts, int questions)
    {
        static double Part(double x, double k) => x <= 0 ? 0 : x / (x + k);
        var value = 100 * (0.45 * Part(messages, 20) + 0.35 * Part(chatters, 10) + 0.12 * Part(alerts, 1) + 0.08 * Part(questions, 2));
        return Math.Round(value, 1);
    }

    public static double Median(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return 0;
        var copy = values.ToArray();
        Array.Sort(copy);
        var mid = copy.Length / 2;
        return copy.Length % 2 == 1 ? copy[mid] : (copy[mid - 1] + copy[mid]) / 2;
    }

    /// <summary>
    /// Robust z-scores (Iglewicz and Hoaglin): 0.6745 (x - median) / MAD. When more than half the minutes are
    /// equal (MAD 0) the mean absolute deviation stands in (scaled to match); with no spread at all every score is 0.
    /// </summary>
    public static double[] RobustZ(ReadOnlySpan<double> values)
    {
        var z = new double[values.Length];
        if (values.Length < 3) return z;
        var median = Median(values);
        var deviations = new double[values.Length];
        for (var i = 0; i < values.Length; i++) deviations[i] = Math.Abs(values[i] - median);
        var mad = Median(deviations);
        double scale;
        if (mad > 0)
        {
            scale = mad / 0.6745;
        }
        else
        {
            var meanAbs = deviations.Average();
            if (meanAbs <= 0) return z;
            scale = meanAbs * 1.2533;
        }
        for (var i = 0; i < values.Length; i++) z[i] = (values[i] - median) / scale;
        return z;
    }

    /// <summary>The VOD position of <paramref name="offset"/>: Twitch <c>?t=1h2m3s</c>, YouTube <c>&amp;t=123s</c>.</summary>
    public static string? VodLink(string? baseUrl, string platform, TimeSpan offset)
    {
        if (string.IsNullOrWhiteSpace(baseUrl)) return null;
        var seconds = Math.Max(0, (long)offset.TotalSeconds);
        var separator = baseUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        if (platform == "twitch")
        {
            var t = string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600}h{seconds / 60 % 60}m{seconds % 60}s");
            return $"{baseUrl}{separator}t={t}";
        }
        return string.Create(CultureInfo.InvariantCulture, $"{baseUrl}{separator}t={seconds}s");
    }

    public static Trend Trend(string metric, double value, IReadOnlyList<double> previous)
    {
        if (previous.Count == 0) return new Trend(metric, Round(value), null, null, "flat");
        var average = previous.Average();
        double? change = Math.Abs(average) < 1e-9 ? null : (value - average) / Math.Abs(average) * 100;
        var direction = change is { } c ? (c > 5 ? "up" : c < -5 ? "down" : "flat")
            : value > average ? "up" : value < average ? "down" : "flat";
        return new Trend(metric, Round(value), Round(average), change is { } ch ? Math.Round(ch, 1) : null, direction);
    }

    public static double Round(double value) => Math.Round(value, 3);

    /// <summary><c>GiftSubscription</c> → <c>giftSubscription</c>, the alert payload's kind name.</summary>
    public static string KindName(string kind) =>
        kind.Length == 0 ? kind : string.Concat(char.ToLowerInvariant(kind[0]).ToString(), kind.AsSpan(1));

    public static string Duration(TimeSpan span) =>
        span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h {span.Minutes:00}m")
            : string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}m {span.Seconds:00}s");
}
