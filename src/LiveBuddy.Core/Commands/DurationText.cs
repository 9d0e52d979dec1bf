using System.Globalization;

namespace LiveBuddy.Core.Commands;

/// <summary>Durations as chat types and reads them: <c>90</c> (seconds), <c>90s</c>, <c>2m</c>, <c>2min</c>.</summary>
internal static class DurationText
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        var span = text.AsSpan().Trim();
        var digits = 0;
        while (digits < span.Length && char.IsAsciiDigit(span[digits])) digits++;
        if (digits is 0 or > 5) return false;
        var value = int.Parse(span[..digits], NumberStyles.None, CultureInfo.InvariantCulture);
        var unit = span[digits..].Trim();
        if (unit.Length == 0) { duration = TimeSpan.FromSeconds(value); return true; }
        if (unit.Equals("s", StringComparison.OrdinalIgnoreCase) || unit.Equals("sec", StringComparison.OrdinalIgnoreCase))
        {
            duration = TimeSpan.FromSeconds(value);
            return true;
        }
        if (unit.Equals("m", StringComparison.OrdinalIgnoreCase) || unit.Equals("min", StringComparison.OrdinalIgnoreCase))
        {
            duration = TimeSpan.FromMinutes(value);
            return true;
        }
        return false;
    }

    /// <summary><c>45s</c>, <c>2m</c>, <c>90s</c>: whole minutes as minutes, everything else in seconds.</summary>
    public static string Describe(TimeSpan span) =>
        span.TotalSeconds < 60 || span.Seconds != 0
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalSeconds}s")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m");
}
