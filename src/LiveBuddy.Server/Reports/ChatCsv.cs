using System.Globalization;
using LiveBuddy.Storage.Reports;

namespace LiveBuddy.Server.Reports;

/// <summary>
/// <c>messages.csv</c>: one row per chat message (RFC 4180 quoting). Cells that a spreadsheet would run as a
/// formula (starting with = + - @, tab or carriage return) get a leading apostrophe.
/// </summary>
public static class ChatCsv
{
    public const string Header = "time,platform,author,text,sentiment,score,question,toxic,deleted";

    /// <summary>Writes the header and every line; returns the number of message rows written.</summary>
    public static async Task<long> WriteAsync(IEnumerable<ChatLogLine> lines, TextWriter writer, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(Header + "\r\n").ConfigureAwait(false);
        long rows = 0;
        var buffer = new System.Text.StringBuilder(256);
        foreach (var line in lines)
        {
            buffer.Clear();
            buffer.Append(line.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)).Append(',');
            Cell(buffer, line.Platform).Append(',');
            Cell(buffer, line.Author).Append(',');
            Cell(buffer, line.Text).Append(',');
            buffer.Append(line.Sentiment).Append(',');
            buffer.Append(line.Score.ToString("0.###", CultureInfo.InvariantCulture)).Append(',');
            buffer.Append(line.Question ? "true" : "false").Append(',');
            buffer.Append(line.Toxic ? "true" : "false").Append(',');
            buffer.Append(line.Deleted ? "true" : "false").Append("\r\n");
            await writer.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            if ((++rows & 0x3FFF) == 0) cancellationToken.ThrowIfCancellationRequested();
        }
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return rows;
    }

    /// <summary>One text cell: formula guard, then quoted when it holds a comma, quote, line break or edge space.</summary>
    internal static System.Text.StringBuilder Cell(System.Text.StringBuilder sb, string value)
    {
        var guarded = value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
        var quote = guarded || value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (value.Length > 0 && (value[0] == ' ' || value[^1] == ' '));
        if (!quote) return sb.Append(value);
        sb.Append('"');
        if (guarded) sb.Append('\'');
        foreach (var c in value)
        {
            if (c == '"') sb.Append('"');
            sb.Append(c);
        }
        return sb.Append('"');
    }
}
