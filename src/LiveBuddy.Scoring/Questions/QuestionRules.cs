using System.Buffers;
using System.Collections.Frozen;

namespace LiveBuddy.Scoring.Questions;

/// <summary>What the question rules saw in one line.</summary>
public struct QuestionSignals
{
    /// <summary>A "?" after real words (not a line of question marks).</summary>
    public bool QuestionMark;
    public bool WhStart;
    public bool AuxInversion;
    public bool Request;
    public bool Command;
    public bool PunctuationSpam;

    /// <summary>Lines the Q&amp;A queue never takes, whatever the classifier says.</summary>
    public readonly bool Rejected => Command || PunctuationSpam;
}

/// <summary>
/// Rules for spotting questions in chat in English, Spanish, German, Portuguese and French: a real
/// question mark, a question word first, an inverted auxiliary ("is this", "can you") or a request.
/// </summary>
public static class QuestionRules
{
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> WhWords = new[]
    {
        "what", "whats", "what's", "why", "how", "hows", "how's", "when", "where", "wheres", "where's", "who", "whos", "who's",
        "which", "wat", "wut", "wot", "whose", "whom", "wen",
        "qué", "que", "cómo", "como", "cuándo", "cuando", "dónde", "donde", "por qué", "porque", "cuál", "cual", "quién", "quien", "cuánto", "cuanto",
        "was", "wie", "warum", "wann", "wo", "wer", "welche", "welcher", "wieso", "weshalb", "woher", "wohin",
        "quê", "quando", "onde", "qual", "quem", "quanto", "cadê", "cade",
        "quoi", "pourquoi", "comment", "quand", "où", "quel", "quelle", "combien", "qui",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Auxiliaries = new[]
    {
        "is", "are", "am", "was", "were", "do", "does", "did", "can", "could", "will", "would", "should", "shall",
        "have", "has", "had", "may", "might", "must", "isnt", "isn't", "arent", "aren't", "dont", "don't", "doesnt", "doesn't",
        "didnt", "didn't", "cant", "can't", "wont", "won't", "wouldnt", "wouldn't", "shouldnt", "shouldn't", "r", "wanna",
        "ist", "sind", "hast", "hat", "kannst", "kann", "bist", "gibt", "habt", "seid", "wird", "wirst",
        "est-ce", "peux", "tu", "vas",
        "puedes", "tienes", "vas", "hay", "eres", "estás", "estas",
        "você", "voce", "vc", "tem", "pode",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    // One vectorized pass for all of them instead of a search per phrase.
    private static readonly SearchValues<string> AnyRequestPhrase = SearchValues.Create(
    [
        "can you", "could you", "would you", "will you", "can u", "could u", "how do", "how does", "how did", "how to",
        "anyone know", "any1 know", "does anyone", "do you know", "any tips", "any advice", "tell me", "explain",
        "what is", "what are", "wondering", "i wonder", "question:", "q:", "pls tell", "please tell",
        "kannst du", "weißt du", "puedes", "sabes", "você pode", "voce pode", "tu peux", "est-ce que",
    ], StringComparison.Ordinal);

    private const int MaxScan = 500;

    public static QuestionSignals Analyze(ReadOnlySpan<char> text)
    {
        var signals = default(QuestionSignals);
        text = text.Trim();
        if (text.IsEmpty) return signals;
        if (text[0] == '!' && text.Length > 1 && char.IsLetter(text[1]))
        {
            signals.Command = true;
            return signals;
        }

        var letters = 0;
        var marks = 0;
        var lastLetter = -1;
        var firstMarkAfterLetter = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsLetter(c))
            {
                letters++;
                lastLetter = i;
            }
            else if (c is '?' or '¿' or '？')
            {
                marks++;
                if (letters >= 2 && firstMarkAfterLetter < 0 && c != '¿') firstMarkAfterLetter = i;
            }
        }
        // "???" or "?????? lol": confusion noise, not a question for the queue.
        signals.PunctuationSpam = marks >= 2 && letters < 4;
        signals.QuestionMark = firstMarkAfterLetter > 0 && lastLetter >= 0 && marks <= 6;

        var first = FirstWord(text, out var rest);
        signals.WhStart = WhWords.Contains(first);
        if (Auxiliaries.Contains(first))
        {
            // "is this", "can you", "did he": an auxiliary followed by a pronoun or a noun phrase.
            var second = FirstWord(rest, out _);
            signals.AuxInversion = second.Length > 0 && !Auxiliaries.Contains(second) && char.IsLetter(second[0]);
        }
        // Lower-case once, then ordinal (vectorized) searches: far cheaper than many ignore-case scans.
        Span<char> lower = stackalloc char[Math.Min(text.Length, MaxScan)];
        text[..lower.Length].ToLowerInvariant(lower);
        signals.Request = lower.IndexOfAny(AnyRequestPhrase) >= 0;
        return signals;
    }

    private static ReadOnlySpan<char> FirstWord(ReadOnlySpan<char> text, out ReadOnlySpan<char> rest)
    {
        text = text.TrimStart();
        // Skip a leading @mention: "@streamer how do you…" asks the streamer.
        if (text.Length > 0 && text[0] == '@')
        {
            var space = text.IndexOf(' ');
            text = space < 0 ? [] : text[(space + 1)..].TrimStart();
        }
        text = text.TrimStart("¿¡\"'(");
        var end = 0;
        while (end < text.Length && (char.IsLetter(text[end]) || text[end] is '\'' or '-')) end++;
        rest = text[end..];
        return text[..end];
    }
}
