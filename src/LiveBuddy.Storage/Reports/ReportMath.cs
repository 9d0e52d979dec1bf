using System.Globalization;

namespace LiveBuddy.Storage.Reports;

/// <summary>The arithmetic of reports: medians, trends, VOD links. Pure functions.</summary>
internal static class ReportMath
{
    public static double Median(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return 0;
        var copy = values.ToArray();
        Array.Sort(copy);
        var mid = copy.Length / 2;
        return copy.Length % 2 == 1 ? copy[mid] : (copy[mid - 1] + copy[mid]) / 2;
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
