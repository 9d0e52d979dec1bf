using System.Globalization;
using System.Text;

namespace LiveBuddy.Server.Reports;

/// <summary>
/// Small inline SVG charts for the HTML report: no script, no external file, printable, readable without colour
/// (axis labels and a text title). Long streams are bucketed to at most <see cref="MaxPoints"/> points.
/// </summary>
internal static class SvgChart
{
    public const int MaxPoints = 480;
    private const double Width = 960, Height = 220, Left = 48, Right = 12, Top = 14, Bottom = 28;

    /// <summary>One chart's data: a value per minute (null where unknown) and how to draw it.</summary>
    public sealed record Series(string Title, string CssClass, IReadOnlyList<double?> Values, double Min, double Max, bool Bars, string Unit);

    public static void Write(StringBuilder html, Series series, IReadOnlyList<int> markers)
    {
        var (values, minutesPerPoint) = Bucket(series.Values, series.Bars);
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var max = series.Max;
        var min = series.Min;
        if (max <= min) max = min + 1;
        double X(int i) => Left + (values.Count <= 1 ? 0 : plotWidth * i / (values.Count - (series.Bars ? 0 : 1)));
        double Y(double v) => Top + plotHeight * (1 - (Math.Clamp(v, min, max) - min) / (max - min));
        var inv = CultureInfo.InvariantCulture;

        html.Append(inv, $"<figure class=\"chart {series.CssClass}\"><figcaption>{series.Title}</figcaption>");
        html.Append(inv, $"<svg viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{series.Title}\" xmlns=\"http://www.w3.org/2000/svg\" preserveAspectRatio=\"none\">");
        // Grid and y labels: min, middle, max.
        foreach (var v in new[] { min, (min + max) / 2, max })
        {
            var y = Y(v);
            html.Append(inv, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"/>");
            html.Append(inv, $"<text class=\"axis\" x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{Label(v)}{series.Unit}</text>");
        }
        // X labels: about eight, at whole hour:minute offsets.
        var totalMinutes = series.Values.Count;
        var step = NiceStep(totalMinutes);
        for (var minute = 0; minute < totalMinutes; minute += step)
        {
            var x = X(minute / minutesPerPoint);
            html.Append(inv, $"<text class=\"axis\" x=\"{x:0.#}\" y=\"{Height - 8}\" text-anchor=\"middle\">{minute / 60}:{minute % 60:00}</text>");
        }
        foreach (var minute in markers)
        {
            var x = X(Math.Min(values.Count - 1, minute / minutesPerPoint)) + (series.Bars ? plotWidth / values.Count / 2 : 0);
            html.Append(inv, $"<line class=\"marker\" x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{Top}\" y2=\"{Top + plotHeight}\"/>");
        }
        if (series.Bars)
        {
            var barWidth = Math.Max(0.5, plotWidth / Math.Max(1, values.Count) - 0.6);
            html.Append("<g class=\"bars\">");
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i] is not { } v || v <= 0) continue;
                var y = Y(v);
                html.Append(inv, $"<rect x=\"{X(i):0.##}\" y=\"{y:0.#}\" width=\"{barWidth:0.##}\" height=\"{Top + plotHeight - y:0.#}\"/>");
            }
            html.Append("</g>");
        }
        else
        {
            if (min < 0 && max > 0)
                html.Append(inv, $"<line class=\"zero\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(0):0.#}\" y2=\"{Y(0):0.#}\"/>");
            // Unknown stretches (no viewer count) are gaps, not drops to zero.
            var path = new StringBuilder();
            var pen = false;
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i] is not { } v) { pen = false; continue; }
                path.Append(inv, $"{(pen ? 'L' : 'M')}{X(i):0.#} {Y(v):0.#}");
                pen = true;
            }
            html.Append(inv, $"<path class=\"line\" d=\"{path}\"/>");
        }
        html.Append("</svg></figure>\n");
    }

    /// <summary>Sums (bars) or averages (lines) neighbouring minutes so a long stream stays a small file.</summary>
    private static (List<double?> Values, int MinutesPerPoint) Bucket(IReadOnlyList<double?> values, bool sum)
    {
        var per = Math.Max(1, (int)Math.Ceiling(values.Count / (double)MaxPoints));
        var result = new List<double?>(values.Count / per + 1);
        for (var i = 0; i < values.Count; i += per)
        {
            double total = 0;
            var n = 0;
            for (var j = i; j < Math.Min(values.Count, i + per); j++)
                if (values[j] is { } v) { total += v; n++; }
            result.Add(n == 0 ? null : sum ? total / per : total / n);
        }
        return (result, per);
    }

    private static int NiceStep(int minutes)
    {
        foreach (var step in new[] { 1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440 })
            if (minutes / step <= 8) return step;
        return 2880;
    }

    private static string Label(double v) =>
        Math.Abs(v) >= 100 ? v.ToString("0", CultureInfo.InvariantCulture)
        : Math.Abs(v) >= 10 ? v.ToString("0.#", CultureInfo.InvariantCulture)
        : v.ToString("0.##", CultureInfo.InvariantCulture);
}
