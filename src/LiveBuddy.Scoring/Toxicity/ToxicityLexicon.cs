using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace LiveBuddy.Scoring.Toxicity;

/// <summary>How a listed term hurts: an insult aimed at someone, plain swearing, a threat, or spam wording.</summary>
public enum ToxicKind
{
    Profanity,
    Insult,
    Threat,
    Spam,
}

/// <summary>A listed term with its weight (0..1).</summary>
public readonly record struct ToxicTerm(float Weight, ToxicKind Kind);

/// <summary>
/// The word lists behind the toxicity rules: terms (single words and short phrases, normalized form),
/// severe terms kept only as 64-bit FNV-1a hashes so the repository does not spell them out, and an
/// allow-list of innocent words that contain listed ones ("Scunthorpe", "assassin").
/// </summary>
public sealed class ToxicityLexicon
{
    private readonly FrozenDictionary<string, ToxicTerm>.AlternateLookup<ReadOnlySpan<char>> _words;
    private readonly FrozenDictionary<ulong, ToxicTerm> _hashed;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _allowed;

    public ToxicityLexicon(IReadOnlyDictionary<string, ToxicTerm> terms, IReadOnlyDictionary<ulong, ToxicTerm> hashed, IEnumerable<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var words = terms.Where(t => !t.Key.Contains(' ', StringComparison.Ordinal)).ToFrozenDictionary(StringComparer.Ordinal);
        _words = words.GetAlternateLookup<ReadOnlySpan<char>>();
        Phrases = [.. terms.Where(t => t.Key.Contains(' ', StringComparison.Ordinal)).Select(t => (t.Key, t.Value))];
        // Substring search only for insults long enough not to hide inside ordinary words.
        EmbeddableWords = [.. words.Where(t => t.Key.Length >= 5 && t.Value.Kind != ToxicKind.Spam).Select(t => (t.Key, t.Value))];
        // One vectorized pass says whether any of them occurs at all; most chat holds none, and testing each in turn
        // was ~1 µs a line (docs/performance.md).
        AnyPhrase = SearchValues.Create([.. Phrases.Select(p => p.Phrase)], StringComparison.Ordinal);
        AnyEmbeddableWord = SearchValues.Create([.. EmbeddableWords.Select(w => w.Word)], StringComparison.Ordinal);
        _hashed = hashed.ToFrozenDictionary();
        _allowed = allowed.ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public (string Phrase, ToxicTerm Term)[] Phrases { get; }

    public (string Word, ToxicTerm Term)[] EmbeddableWords { get; }

    /// <summary>Finds whether a text contains any of <see cref="Phrases"/> (anywhere, not only as whole words).</summary>
    public SearchValues<string> AnyPhrase { get; }

    /// <summary>Finds whether a word contains any of <see cref="EmbeddableWords"/>.</summary>
    public SearchValues<string> AnyEmbeddableWord { get; }

    public bool TryGetWord(ReadOnlySpan<char> word, out ToxicTerm term)
    {
        if (_words.TryGetValue(word, out term)) return true;
        return _hashed.Count > 0 && _hashed.TryGetValue(Fnv1a64(word), out term);
    }

    public bool IsAllowed(ReadOnlySpan<char> word) => _allowed.Contains(word);

    /// <summary>The hash used by <c>toxic-hashed.tsv</c>: FNV-1a 64 over the normalized word's UTF-16 code units.</summary>
    public static ulong Fnv1a64(ReadOnlySpan<char> word)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in word)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return hash;
    }

    /// <summary>Loads <c>toxic-words.tsv</c>, <c>toxic-hashed.tsv</c> and <c>toxic-allow.txt</c> from a folder.</summary>
    public static ToxicityLexicon Load(string dataFolder)
    {
        var terms = new Dictionary<string, ToxicTerm>(StringComparer.Ordinal);
        foreach (var parts in ReadRows(Path.Combine(dataFolder, "toxic-words.tsv"), 3))
            terms[TextNormalizer.Normalize(parts[0]).Trim()] = ParseTerm(parts[1], parts[2]);
        var hashed = new Dictionary<ulong, ToxicTerm>();
        var hashedPath = Path.Combine(dataFolder, "toxic-hashed.tsv");
        if (File.Exists(hashedPath))
        {
            foreach (var parts in ReadRows(hashedPath, 3))
                hashed[ulong.Parse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture)] = ParseTerm(parts[1], parts[2]);
        }
        var allowPath = Path.Combine(dataFolder, "toxic-allow.txt");
        var allowed = File.Exists(allowPath)
            ? File.ReadLines(allowPath, Encoding.UTF8).Where(l => l.Length > 0 && l[0] != '#').Select(l => TextNormalizer.Normalize(l.Trim())).ToArray()
            : [];
        return new ToxicityLexicon(terms, hashed, allowed);
    }

    private static ToxicTerm ParseTerm(string weight, string kind) =>
        new(float.Parse(weight, NumberStyles.Float, CultureInfo.InvariantCulture), Enum.Parse<ToxicKind>(kind, ignoreCase: true));

    private static IEnumerable<string[]> ReadRows(string path, int columns)
    {
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            lineNumber++;
            if (line.Length == 0 || line[0] == '#') continue;
            var parts = line.Split('\t');
            if (parts.Length < columns)
                throw new FormatException($"{Path.GetFileName(path)} line {lineNumber}: expected {columns} tab-separated columns.");
            yield return parts;
        }
    }
}
