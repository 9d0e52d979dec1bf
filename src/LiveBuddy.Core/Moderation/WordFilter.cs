using System.Text.RegularExpressions;

namespace LiveBuddy.Core.Moderation;

/// <summary>
/// Banned words (whole words or phrases, case-insensitive) and regular expressions. Shared by the chat filters
/// and the alert queue, which blanks alert messages that match.
/// </summary>
public sealed class WordFilter
{
    private static readonly TimeSpan MatchLimit = TimeSpan.FromMilliseconds(200);

    private readonly HashSet<string> _words = new(StringComparer.Ordinal);
    private readonly List<string> _phrases = [];
    private readonly List<Regex> _patterns = [];

    public WordFilter(IEnumerable<string>? words, IEnumerable<string>? patterns)
    {
        foreach (var word in words ?? [])
        {
            var normal = Normalize(word);
            if (normal.Length == 0) continue;
            if (normal.Contains(' ', StringComparison.Ordinal)) _phrases.Add($" {normal} ");
            else _words.Add(normal);
        }
        var invalid = new List<string>();
        foreach (var pattern in patterns ?? [])
        {
            if (string.IsNullOrWhiteSpace(pattern)) continue;
            try
            {
                // Non-backtracking where the pattern allows it: linear time, so a moderator's regex cannot stall the
                // pipeline, and no timeout that a busy CPU could trip (a timeout would let the message through).
                _patterns.Add(new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking));
            }
            catch (NotSupportedException)
            {
                _patterns.Add(new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchLimit));
            }
            catch (ArgumentException)
            {
                invalid.Add(pattern);
            }
        }
        InvalidPatterns = invalid;
    }

    /// <summary>Patterns that did not compile; the host logs them at start-up.</summary>
    public IReadOnlyList<string> InvalidPatterns { get; }

    public bool IsEmpty => _words.Count == 0 && _phrases.Count == 0 && _patterns.Count == 0;

    public static WordFilter From(ModerationOptions options) => new(options.BannedWords, options.BannedPatterns);

    /// <summary>Which rule matched: <c>banned-words</c>, <c>banned-patterns</c>, or null.</summary>
    public string? Match(string text)
    {
        if (IsEmpty || string.IsNullOrEmpty(text)) return null;
        if (_words.Count > 0 || _phrases.Count > 0)
        {
            var normal = Normalize(text);
            foreach (var token in normal.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                if (_words.Contains(token)) return "banned-words";
            if (_phrases.Count > 0)
            {
                var padded = $" {normal} ";
                foreach (var phrase in _phrases)
                    if (padded.Contains(phrase, StringComparison.Ordinal)) return "banned-words";
            }
        }
        foreach (var pattern in _patterns)
        {
            try
            {
                if (pattern.IsMatch(text)) return "banned-patterns";
            }
            catch (RegexMatchTimeoutException)
            {
                // Too slow to decide: let the message through rather than block chat.
            }
        }
        return null;
    }

    /// <summary>Lower-case letters and digits separated by single spaces.</summary>
    internal static string Normalize(string text)
    {
        var buffer = text.Length <= 256 ? stackalloc char[256] : new char[text.Length];
        return new string(buffer[..Normalize(text, buffer)]);
    }

    /// <summary>
    /// <see cref="Normalize(string)"/> into <paramref name="destination"/> (at least as long as the text); returns the
    /// length. The chat filters run it on every line, so it builds no string.
    /// </summary>
    internal static int Normalize(ReadOnlySpan<char> text, Span<char> destination)
    {
        var length = 0;
        var space = true;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                destination[length++] = char.ToLowerInvariant(c);
                space = false;
            }
            else if (!space)
            {
                destination[length++] = ' ';
                space = true;
            }
        }
        return length > 0 && destination[length - 1] == ' ' ? length - 1 : length;
    }
}
