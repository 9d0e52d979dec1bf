using System.Buffers;
using System.Collections.Frozen;
using LiveBuddy.Core.Events;
using LiveBuddy.Scoring.Emotes;
using LiveBuddy.Scoring.Questions;
using LiveBuddy.Scoring.Toxicity;

namespace LiveBuddy.Scoring.Text;

/// <summary>What featurizing a line found besides the vector; the scorer's rules use it.</summary>
public struct ChatFacts
{
    public QuestionSignals Question;
    public ToxicitySignals Toxicity;
    public bool Sarcasm;
    public bool EmoteOnly;
    public int Emotes;
    public int Words;
}

/// <summary>
/// Turns a chat line into one sparse vector shared by all three message models: hashed character
/// 1–4-grams and word 1–2-grams (each block scaled by 1/√count) plus dense lexicon, emote, question
/// and toxicity features. Training and serving call this same code, so the served linear models
/// see exactly the features ML.NET trained on. No allocation per call once the thread's vector exists.
/// </summary>
public sealed class ChatFeaturizer(Lexicon lexicon, ToxicityRules toxicity, EmoteTableSource emotes)
{
    public const int CharBits = 15;
    public const int WordBits = 14;
    public const int CharSpace = 1 << CharBits;
    public const int WordSpace = 1 << WordBits;
    public const int DenseStart = CharSpace + WordSpace;
    public const int DenseSize = 52;
    public const int Dimension = DenseStart + DenseSize;
    public const int MaxChars = 500;

    private const int MaxTokens = 128;
    private const int NegationWindow = 3;

    public Lexicon Lexicon { get; } = lexicon;
    public EmoteTableSource Emotes { get; } = emotes;
    public ToxicityRules Toxicity { get; } = toxicity;

    /// <summary>
    /// Featurizes one line. <paramref name="learned"/> are the channel's own emotes learned from its chat
    /// (<see cref="ChannelEmoteLearner"/>): a channel-emote token found there counts with its learned valence instead of
    /// as an emote of unknown valence.
    /// </summary>
    public ChatFacts Featurize(string text, IReadOnlyList<MessageFragment>? fragments, FeatureVector vector, ChannelEmotes? learned = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(vector);
        vector.Clear();
        var span = text.AsSpan();
        if (span.Length > MaxChars) span = span[..MaxChars];
        var facts = default(ChatFacts);
        var table = Emotes.Current;

        Span<int> wordHashes = stackalloc int[MaxTokens];
        Span<float> category = stackalloc float[10];
        Span<char> lower = stackalloc char[64];
        int words = 0, emoteTokens = 0, emojiCount = 0, unknownEmotes = 0, negated = 0, tokens = 0, sameAsFirst = 0;
        ReadOnlySpan<char> firstToken = default;
        float wordPos = 0, wordNeg = 0, emotePos = 0, emoteNeg = 0, emojiPos = 0, emojiNeg = 0;
        var negation = false;
        var sarcasmText = false;

        foreach (var range in span.SplitAny(' ', '\t', '\n'))
        {
            var raw = span[range];
            if (raw.IsEmpty) continue;
            tokens++;
            // Repetition ("KEKW KEKW KEKW"): how many tokens repeat the first one.
            if (tokens == 1) firstToken = raw;
            else if (raw.Equals(firstToken, StringComparison.Ordinal)) sameAsFirst++;

            if (table.TryGet(raw, out var emote) || (raw.Length > 2 && raw[^1] is '!' or '?' or '.' or ',' && table.TryGet(raw.TrimEnd("!?.,"), out emote)))
            {
                emoteTokens++;
                if (emote.Valence >= 0) emotePos += emote.Valence; else emoteNeg -= emote.Valence;
                category[(int)emote.Category] += 1;
                AddWordHash(raw, lower, wordHashes, ref words);
                continue;
            }
            if (IsPlatformEmote(raw, fragments) || LooksLikeChannelEmote(raw))
            {
                emoteTokens++;
                if (learned is not null && learned.TryGet(raw, out var learnedValence)) AddValence(learnedValence, ref emotePos, ref emoteNeg);
                else unknownEmotes++;
                AddWordHash(raw, lower, wordHashes, ref words);
                continue;
            }
            if (raw is "/s" or "/j") sarcasmText = true;

            // Emoticons like ":)" and "<3" are whole tokens in the lexicon.
            var word = raw.Trim(".,!?;:\"'()[]{}¿¡*~");
            if (word.IsEmpty || !char.IsLetterOrDigit(word[0]))
            {
                if (Lexicon.TryGetWord(raw, out var emoticon)) AddValence(emoticon / 3f, ref emojiPos, ref emojiNeg);
            }
            var hadEmoji = false;
            foreach (var rune in raw.EnumerateRunes())
            {
                if (rune.Value < 0x2000) continue;
                if (Lexicon.TryGetEmoji(rune.Value, out var emojiValence))
                {
                    emojiCount++;
                    hadEmoji = true;
                    AddValence(emojiValence, ref emojiPos, ref emojiNeg);
                }
            }
            if (word.IsEmpty) continue;
            if (hadEmoji && !char.IsLetter(word[0])) { emoteTokens++; continue; }

            if (IsNegator(word))
            {
                negation = true;
                negated = NegationWindow;
                AddWordHash(word, lower, wordHashes, ref words);
                continue;
            }
            if (Lexicon.TryGetWord(word, out var valence) || TryStretched(word, lower, out valence))
            {
                if (negated > 0) valence *= -0.6f;
                AddValence(valence, ref wordPos, ref wordNeg);
            }
            if (negated > 0) negated--;
            AddWordHash(word, lower, wordHashes, ref words);
        }

        if (ContainsSarcasmPhrase(span)) sarcasmText = true;
        facts.Emotes = emoteTokens;
        facts.Words = tokens;
        facts.EmoteOnly = tokens > 0 && emoteTokens == tokens;
        facts.Sarcasm = sarcasmText || category[(int)EmoteCategory.Sarcasm] > 0;
        facts.Question = QuestionRules.Analyze(span);
        facts.Toxicity = Toxicity.Analyze(span, emoteTokens);

        AddCharGrams(span, vector);
        AddWordGrams(wordHashes[..Math.Min(words, MaxTokens)], vector);

        int letters = 0, upper = 0, exclaim = 0, marks = 0;
        foreach (var c in span)
        {
            if (char.IsLetter(c)) { letters++; if (char.IsUpper(c)) upper++; }
            else if (c == '!') exclaim++;
            else if (c == '?') marks++;
        }
        var caps = letters >= 4 && emoteTokens < tokens ? (float)upper / letters : 0;
        var q = facts.Question;
        var t = facts.Toxicity;
        var d = DenseStart;
        vector.Add(d + 0, Cap(wordPos, 6) / 3);
        vector.Add(d + 1, Cap(wordNeg, 6) / 3);
        vector.Add(d + 2, Cap(emotePos, 4) / 2);
        vector.Add(d + 3, Cap(emoteNeg, 4) / 2);
        vector.Add(d + 4, Cap(emojiPos, 4) / 2);
        vector.Add(d + 5, Cap(emojiNeg, 4) / 2);
        for (var k = 1; k < category.Length; k++) vector.Add(d + 5 + k, Cap(category[k], 3) / 3); // d+6..d+14
        vector.Add(d + 15, negation ? 1 : 0);
        vector.Add(d + 16, caps);
        vector.Add(d + 17, Cap(exclaim, 3) / 3);
        vector.Add(d + 18, Cap(marks, 3) / 3);
        vector.Add(d + 19, tokens >= 3 ? (float)(sameAsFirst + 1) / tokens : 0);
        vector.Add(d + 20, sarcasmText ? 1 : 0);
        vector.Add(d + 21, Cap(unknownEmotes, 3) / 3);
        vector.Add(d + 22, MathF.Log(1 + tokens) / 4);
        vector.Add(d + 23, facts.EmoteOnly ? 1 : 0);
        vector.Add(d + 24, q.QuestionMark ? 1 : 0);
        vector.Add(d + 25, q.WhStart ? 1 : 0);
        vector.Add(d + 26, q.AuxInversion ? 1 : 0);
        vector.Add(d + 27, q.Request ? 1 : 0);
        vector.Add(d + 28, q.Command ? 1 : 0);
        vector.Add(d + 29, q.PunctuationSpam ? 1 : 0);
        vector.Add(d + 30, t.Insult);
        vector.Add(d + 31, t.Profanity);
        vector.Add(d + 32, t.Threat);
        vector.Add(d + 33, t.Directed ? 1 : 0);
        vector.Add(d + 34, Cap(t.Links, 2) / 2);
        vector.Add(d + 35, Cap(t.Mentions, 4) / 4);
        vector.Add(d + 36, Cap(t.SpamWords, 3) / 3);
        vector.Add(d + 37, t.SymbolRatio);
        vector.Add(d + 38, t.Obfuscated ? 1 : 0);
        vector.Add(d + 39, t.AbuseScore);
        vector.Add(d + 40, t.SpamScore);
        vector.Add(d + 41, Cap(t.LongestRun, 12) / 12);
        vector.Add(d + 42, Cap(emoteTokens, 12) / 12);
        vector.Add(d + 43, MathF.Tanh((wordPos - wordNeg + emotePos - emoteNeg + emojiPos - emojiNeg) / 2));
        vector.Add(d + 44, Cap(emojiCount, 4) / 4);
        vector.Add(d + 45, t.CapsRatio);
        vector.Add(d + 46, facts.Sarcasm ? 1 : 0);
        vector.Add(d + 47, words == 0 ? 1 : 0);
        vector.Add(d + 48, t.SelfDirected ? 1 : 0);
        return facts;
    }

    /// <summary>
    /// Adds to <paramref name="found"/> each distinct token of <paramref name="text"/> that is an emote the table does not
    /// know (a platform emote fragment or a channel-emote shape): what <see cref="ChannelEmoteLearner"/> learns.
    /// </summary>
    public void FindUnknownEmotes(string text, IReadOnlyList<MessageFragment>? fragments, List<string> found)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(found);
        var span = text.AsSpan();
        if (span.Length > MaxChars) span = span[..MaxChars];
        var table = Emotes.Current;
        foreach (var range in span.SplitAny(' ', '\t', '\n'))
        {
            var raw = span[range];
            if (raw.IsEmpty || table.TryGet(raw, out _) || !(IsPlatformEmote(raw, fragments) || LooksLikeChannelEmote(raw))) continue;
            var seen = false;
            foreach (var name in found) seen |= raw.Equals(name, StringComparison.Ordinal);
            if (!seen) found.Add(raw.ToString());
        }
    }

    private static float Cap(float value, float max) => value > max ? max : value;

    private static void AddValence(float valence, ref float positive, ref float negative)
    {
        if (valence >= 0) positive += valence; else negative -= valence;
    }

    private static bool IsPlatformEmote(ReadOnlySpan<char> token, IReadOnlyList<MessageFragment>? fragments)
    {
        if (fragments is null) return false;
        for (var i = 0; i < fragments.Count; i++)
        {
            if (fragments[i].Emote is { } emote && token.Equals(emote.Name, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>
    /// Twitch channel emotes are a lower-case channel prefix then a capitalised name (<c>rinrinLove</c>, <c>kumaRage</c>):
    /// an emote whose valence we do not know must not be read as the word inside it, or a line of them reads as a
    /// feeling (bare emotes of unknown valence are neutral). Words like "iPhone" have a shorter prefix.
    /// </summary>
    internal static bool LooksLikeChannelEmote(ReadOnlySpan<char> token)
    {
        if (token.Length is < 5 or > 25) return false;
        var prefix = 0;
        while (prefix < token.Length && (char.IsAsciiLetterLower(token[prefix]) || (prefix > 0 && char.IsAsciiDigit(token[prefix])))) prefix++;
        if (prefix is < 3 or > 12 || prefix >= token.Length - 1 || !char.IsAsciiLetterUpper(token[prefix])) return false;
        foreach (var c in token[prefix..])
        {
            if (!char.IsAsciiLetterOrDigit(c)) return false;
        }
        return true;
    }

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Negators = new[]
    {
        "not", "no", "never", "dont", "don't", "isnt", "isn't", "wasnt", "wasn't", "aint", "cant", "can't", "doesnt", "doesn't",
        "nicht", "kein", "keine", "nunca", "nao", "não", "pas", "jamais", "nem",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    private static bool IsNegator(ReadOnlySpan<char> word) => word.Length <= 7 && Negators.Contains(word);

    // Both at once in one vectorized pass; two ignore-case searches were ~1% of a chat flood's CPU.
    private static readonly SearchValues<string> SarcasmPhrases = SearchValues.Create(["sure jan", "yeah right"], StringComparison.OrdinalIgnoreCase);

    private static bool ContainsSarcasmPhrase(ReadOnlySpan<char> text) =>
        text.IndexOfAny(SarcasmPhrases) >= 0 || text.Contains("/s ", StringComparison.Ordinal) || text.EndsWith("/s", StringComparison.Ordinal);

    // "sooooo gooood" → "soo good" style: retry the lexicon with letter runs squeezed to one.
    private bool TryStretched(ReadOnlySpan<char> word, Span<char> buffer, out float valence)
    {
        valence = 0;
        if (word.Length > buffer.Length) return false;
        var length = 0;
        var stretched = false;
        for (var i = 0; i < word.Length; i++)
        {
            if (i >= 2 && word[i] == word[i - 1] && word[i] == word[i - 2]) { stretched = true; continue; }
            buffer[length++] = word[i];
        }
        if (!stretched) return false;
        if (Lexicon.TryGetWord(buffer[..length], out valence)) return true;
        var single = 0;
        for (var i = 0; i < length; i++)
        {
            if (i > 0 && buffer[i] == buffer[single - 1]) continue;
            buffer[single++] = buffer[i];
        }
        return Lexicon.TryGetWord(buffer[..single], out valence);
    }

    private static void AddWordHash(ReadOnlySpan<char> word, Span<char> lower, Span<int> hashes, ref int count)
    {
        if (count >= hashes.Length) return;
        var hash = 2166136261u;
        var run = 0;
        var previous = '\0';
        foreach (var ch in word)
        {
            var c = char.ToLowerInvariant(ch);
            run = c == previous ? run + 1 : 1;
            previous = c;
            if (run > 2) continue; // "gooood" and "good" share most of their signal
            hash = (hash ^ c) * 16777619u;
        }
        hashes[count++] = (int)hash;
    }

    private static void AddWordGrams(ReadOnlySpan<int> hashes, FeatureVector vector)
    {
        if (hashes.IsEmpty) return;
        var total = hashes.Length * 2 - 1;
        var value = 1f / MathF.Sqrt(total);
        for (var i = 0; i < hashes.Length; i++)
        {
            vector.Add(CharSpace + (int)(Mix((uint)hashes[i]) & (WordSpace - 1)), value);
            if (i > 0)
                vector.Add(CharSpace + (int)(Mix((uint)hashes[i - 1] * 0x9E3779B1u ^ (uint)hashes[i]) & (WordSpace - 1)), value);
        }
    }

    private static void AddCharGrams(ReadOnlySpan<char> text, FeatureVector vector)
    {
        // Lower-case, whitespace squeezed, runs cut to three, padded with spaces so word edges count.
        Span<char> buffer = stackalloc char[MaxChars + 2];
        var length = 0;
        buffer[length++] = ' ';
        var run = 0;
        foreach (var ch in text)
        {
            var c = char.IsWhiteSpace(ch) ? ' ' : char.ToLowerInvariant(ch);
            run = c == buffer[length - 1] ? run + 1 : 1;
            if (run > 3 || (c == ' ' && run > 1)) continue;
            buffer[length++] = c;
        }
        if (buffer[length - 1] != ' ') buffer[length++] = ' ';
        var grams = buffer[..length];
        if (grams.Length <= 2) return;

        var total = 0;
        for (var i = 0; i < grams.Length; i++) total += Math.Min(4, grams.Length - i);
        var value = 1f / MathF.Sqrt(total);
        for (var i = 0; i < grams.Length; i++)
        {
            var hash = 2166136261u;
            var end = Math.Min(grams.Length, i + 4);
            for (var j = i; j < end; j++)
            {
                hash = (hash ^ grams[j]) * 16777619u;
                vector.Add((int)(Mix(hash + (uint)(j - i)) & (CharSpace - 1)), value);
            }
        }
    }

    private static uint Mix(uint h)
    {
        h ^= h >> 16;
        h *= 0x7feb352du;
        h ^= h >> 15;
        h *= 0x846ca68bu;
        h ^= h >> 16;
        return h;
    }
}
