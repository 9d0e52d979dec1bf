using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace LiveBuddy.Scoring.Text;

/// <summary>
/// Word and emoji valences (-3..3 for words, -1..1 for emoji) read from the project's own lexicon files.
/// Lookups take spans so the hot path never allocates.
/// </summary>
public sealed class Lexicon
{
    private readonly FrozenDictionary<string, float>.AlternateLookup<ReadOnlySpan<char>> _words;
    private readonly FrozenDictionary<int, float> _emoji;

    public Lexicon(IReadOnlyDictionary<string, float> words, IReadOnlyDictionary<int, float> emoji)
    {
        ArgumentNullException.ThrowIfNull(words);
        _words = words.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
        _emoji = emoji.ToFrozenDictionary();
        WordCount = words.Count;
    }

    public int WordCount { get; }

    public bool TryGetWord(ReadOnlySpan<char> word, out float valence) => _words.TryGetValue(word, out valence);

    public bool TryGetEmoji(int codePoint, out float valence) => _emoji.TryGetValue(codePoint, out valence);

    /// <summary>Loads every <c>lexicon*.tsv</c> (word, valence) and <c>emoji.tsv</c> (emoji, valence) in a folder.</summary>
    public static Lexicon Load(string dataFolder)
    {
        var words = new Dictionary<string, float>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in Directory.GetFiles(dataFolder, "lexicon*.tsv").Order(StringComparer.Ordinal))
        {
            foreach (var (key, value) in ReadPairs(file))
                words[key] = value;
        }
        var emoji = new Dictionary<int, float>();
        var emojiPath = Path.Combine(dataFolder, "emoji.tsv");
        if (File.Exists(emojiPath))
        {
            foreach (var (key, value) in ReadPairs(emojiPath))
            {
                // Only the first scalar counts: variation selectors and skin tones follow it and carry no mood.
                var rune = key.EnumerateRunes().FirstOrDefault();
                if (rune.Value != 0) emoji[rune.Value] = value;
            }
        }
        return new Lexicon(words, emoji);
    }

    private static IEnumerable<(string Key, float Value)> ReadPairs(string path)
    {
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            lineNumber++;
            if (line.Length == 0 || line[0] == '#') continue;
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0 || !float.TryParse(line.AsSpan(tab + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                throw new FormatException($"{Path.GetFileName(path)} line {lineNumber}: expected key<TAB>number.");
            yield return (line[..tab], value);
        }
    }
}
