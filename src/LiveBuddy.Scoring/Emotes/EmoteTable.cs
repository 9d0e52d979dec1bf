using System.Collections.Frozen;
using System.Globalization;

namespace LiveBuddy.Scoring.Emotes;

/// <summary>What an emote usually means in chat; the scorer counts each kind separately.</summary>
public enum EmoteCategory
{
    Neutral,
    Laugh,
    Hype,
    Sad,
    Love,
    Sarcasm,
    Bored,
    Angry,
    Fear,
    Cringe,
}

/// <summary>One row of the emote table: an emote name, its valence (-1..1) and category.</summary>
public sealed record EmoteInfo(string Name, float Valence, EmoteCategory Category);

/// <summary>
/// An immutable snapshot of the emote table. Names are matched exactly first (emote names are
/// case-sensitive on Twitch), then case-insensitively because people type "kekw" and "lul" too.
/// </summary>
public sealed class EmoteTable
{
    private readonly FrozenDictionary<string, EmoteInfo> _exact;
    private readonly FrozenDictionary<string, EmoteInfo>.AlternateLookup<ReadOnlySpan<char>> _exactSpan;
    private readonly FrozenDictionary<string, EmoteInfo>.AlternateLookup<ReadOnlySpan<char>> _foldedSpan;

    public EmoteTable(IEnumerable<EmoteInfo> emotes)
    {
        var exact = new Dictionary<string, EmoteInfo>(StringComparer.Ordinal);
        var folded = new Dictionary<string, EmoteInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var emote in emotes)
        {
            exact[emote.Name] = emote;
            // Short names like "F" or "gg" would match ordinary words when folded; keep those exact-only.
            if (emote.Name.Length >= 3) folded.TryAdd(emote.Name, emote);
        }
        _exact = exact.ToFrozenDictionary(StringComparer.Ordinal);
        _exactSpan = _exact.GetAlternateLookup<ReadOnlySpan<char>>();
        _foldedSpan = folded.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static EmoteTable Empty { get; } = new([]);

    public int Count => _exact.Count;

    public bool TryGet(ReadOnlySpan<char> name, out EmoteInfo emote)
    {
        if (_exactSpan.TryGetValue(name, out emote!)) return true;
        return _foldedSpan.TryGetValue(name, out emote!);
    }

    /// <summary>Reads the tab-separated table: <c>name, valence, category[, source]</c>; <c>#</c> starts a comment.</summary>
    public static EmoteTable Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rows = new List<EmoteInfo>(256);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line[0] == '#') continue;
            var parts = line.Split('\t');
            if (parts.Length < 3)
                throw new FormatException($"Emote table line {lineNumber}: expected name, valence, category.");
            if (!float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var valence) || valence is < -1 or > 1)
                throw new FormatException($"Emote table line {lineNumber}: valence must be a number in -1..1.");
            if (!Enum.TryParse<EmoteCategory>(parts[2], ignoreCase: true, out var category))
                throw new FormatException($"Emote table line {lineNumber}: unknown category '{parts[2]}'.");
            rows.Add(new EmoteInfo(parts[0].Trim(), valence, category));
        }
        return new EmoteTable(rows);
    }

    public static EmoteTable Load(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader);
    }
}
