using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace LiveBuddy.Server.Reports;

/// <summary>
/// Makes chat text and names safe to put in the HTML report: invisible and direction-changing characters are
/// removed (so a name cannot reverse the rest of a table row or hide text), overlong text is cut, and what is left
/// is HTML-encoded. Every piece of viewer text in a report goes through <see cref="Html"/>.
/// </summary>
internal static class SafeText
{
    public const int MaxLength = 500;

    // Readable in the file (letters stay letters); only markup-significant characters become entities.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Html(string? text, int maxLength = MaxLength) => Encoder.Encode(Clean(text, maxLength));

    /// <summary>An attribute value (the encoder also escapes quotes).</summary>
    public static string Attribute(string? text) => Encoder.Encode(Clean(text, 2_000));

    /// <summary>Only http(s) links are written; anything else (javascript:, data:) becomes no link.</summary>
    public static string? Url(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? Encoder.Encode(uri.AbsoluteUri) : null;

    /// <summary>Removes bidi overrides and isolates, zero-width characters and control characters; cuts to <paramref name="maxLength"/>.</summary>
    public static string Clean(string? text, int maxLength = MaxLength)
    {
        if (string.IsNullOrEmpty(text)) return "";
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsHidden(c))
            {
                sb ??= new StringBuilder(text, 0, i, text.Length);
                continue;
            }
            sb?.Append(c);
        }
        var clean = sb?.ToString() ?? text;
        if (clean.Length <= maxLength) return clean;
        var cut = maxLength;
        if (char.IsHighSurrogate(clean[cut - 1])) cut--; // never split an emoji in half
        return string.Concat(clean.AsSpan(0, cut), "…");
    }

    private static bool IsHidden(char c) =>
        c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C'
            or (>= '\u200B' and <= '\u200D') or '\u2060' or '\uFEFF' or '\u00AD'
        || (char.IsControl(c) && c != '\n');
}
