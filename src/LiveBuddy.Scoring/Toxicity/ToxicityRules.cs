namespace LiveBuddy.Scoring.Toxicity;

/// <summary>What the rules saw in one message; the scorer feeds these to the classifier as well.</summary>
public struct ToxicitySignals
{
    public float Insult;
    public float Profanity;
    public float Threat;
    public int SpamWords;
    public bool Directed;
    /// <summary>The insult is aimed at the writer ("i'm such an idiot"), not at someone else.</summary>
    public bool SelfDirected;
    public bool Obfuscated;
    public int Links;
    public int Mentions;
    public float CapsRatio;
    public float SymbolRatio;
    public float RepeatRatio;
    public int LongestRun;
    public int Tokens;
    public float AbuseScore;
    public float SpamScore;

    /// <summary>The rules' own verdict, 0..1.</summary>
    public readonly float RuleScore => MathF.Max(AbuseScore, SpamScore);
}

/// <summary>
/// Word-list and spam rules over normalized text. Allocation-free: the normalized copy lives on the stack.
/// </summary>
public sealed class ToxicityRules(ToxicityLexicon lexicon)
{
    private const int MaxChars = 600;

    public ToxicityLexicon Lexicon { get; } = lexicon;

    public ToxicitySignals Analyze(ReadOnlySpan<char> text, int emoteCount)
    {
        var signals = default(ToxicitySignals);
        if (text.Length > MaxChars) text = text[..MaxChars];
        RawStatistics(text, ref signals);

        Span<char> normalized = stackalloc char[MaxChars];
        var length = TextNormalizer.Normalize(text, normalized, out signals.Obfuscated);
        // Clean copy: tokens of letters only, single spaces, spelled-out words ("i d i o t") joined.
        Span<char> clean = stackalloc char[MaxChars + 2];
        var cleanLength = BuildClean(normalized[..length], clean);
        var cleanText = clean[..cleanLength];

        ScanWords(cleanText, ref signals);
        // Phrases have two or more words; one-word lines (most of chat) skip them.
        if (cleanText.Count(' ') > 2 && cleanText.IndexOfAny(Lexicon.AnyPhrase) >= 0)
        {
            foreach (var (phrase, term) in Lexicon.Phrases)
            {
                if (ContainsWords(cleanText, phrase)) Apply(term, directed: true, ref signals);
            }
        }

        var insultWeight = signals.Directed ? 1f : signals.SelfDirected ? 0.25f : 0.7f;
        var abuse = MathF.Max(MathF.Max(signals.Insult * insultWeight, signals.Threat),
            signals.Profanity * (signals.Directed ? 0.6f : 0.3f));
        if (abuse > 0 && signals.Obfuscated) abuse = MathF.Min(1, abuse + 0.15f); // dodging the filter is intent
        signals.AbuseScore = abuse;

        var keep = 1f;
        if (signals.Links > 0) keep *= signals.SpamWords > 0 ? 0.25f : 0.7f;
        if (signals.SpamWords > 0) keep *= signals.SpamWords > 1 ? 0.45f : 0.7f;
        if (signals.Mentions >= 3) keep *= 0.6f;
        if (signals.CapsRatio >= 0.8f) keep *= 0.8f;
        if (signals.SymbolRatio >= 0.5f) keep *= 0.75f;
        if (signals.RepeatRatio >= 0.75f && signals.Tokens >= 8) keep *= 0.8f;
        if (signals.LongestRun >= 12) keep *= 0.85f;
        if (emoteCount >= 20) keep *= 0.85f;
        signals.SpamScore = 1 - keep;
        return signals;
    }

    private static void RawStatistics(ReadOnlySpan<char> text, ref ToxicitySignals signals)
    {
        int letters = 0, upper = 0, symbols = 0, visible = 0, run = 0, longest = 0;
        var previous = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == previous) run++; else run = 1;
            if (run > longest && !char.IsWhiteSpace(c)) longest = run;
            previous = c;
            if (char.IsWhiteSpace(c)) continue;
            visible++;
            if (char.IsLetter(c))
            {
                letters++;
                if (char.IsUpper(c)) upper++;
            }
            else if (c < 0x80 && !char.IsAsciiDigit(c)) symbols++;
            if (c == '@' && (i == 0 || char.IsWhiteSpace(text[i - 1]))) signals.Mentions++;
        }
        signals.CapsRatio = letters >= 12 ? (float)upper / letters : 0;
        signals.SymbolRatio = visible >= 10 ? (float)symbols / visible : 0;
        signals.LongestRun = longest;
        // Every link has a dot; most chat lines have none, so they skip the searches below.
        var hasDot = text.Contains('.');
        if (hasDot && (text.Contains("http", StringComparison.OrdinalIgnoreCase) || text.Contains("www.", StringComparison.OrdinalIgnoreCase)))
            signals.Links++;
        foreach (var tld in signals.Links > 0 || !hasDot ? [] : (ReadOnlySpan<string>)[".com", ".tv", ".gg", ".ly", ".ru", ".xyz", ".net", ".io", ".shop"])
        {
            var at = text.IndexOf(tld, StringComparison.OrdinalIgnoreCase);
            if (at > 0 && char.IsLetterOrDigit(text[at - 1]) && (at + tld.Length == text.Length || !char.IsLetter(text[at + tld.Length])))
            {
                signals.Links++;
                break;
            }
        }

        // Repetition: the share of tokens equal to the first one ("buy buy buy", copy-pasta floods).
        var tokens = 0;
        var same = 0;
        ReadOnlySpan<char> first = default;
        foreach (var range in text.SplitAny(' ', '\t'))
        {
            var token = text[range];
            if (token.IsEmpty) continue;
            tokens++;
            if (tokens == 1) first = token;
            else if (token.Equals(first, StringComparison.OrdinalIgnoreCase)) same++;
        }
        signals.Tokens = tokens;
        signals.RepeatRatio = tokens >= 4 ? (float)(same + 1) / tokens : 0;
    }

    private static int BuildClean(ReadOnlySpan<char> normalized, Span<char> clean)
    {
        var length = 0;
        clean[length++] = ' ';
        var singleRun = 0; // consecutive one-letter tokens, joined back into a word
        foreach (var range in normalized.SplitAny(' ', '\t', '\n'))
        {
            var token = normalized[range];
            var start = length;
            foreach (var c in token)
            {
                if (char.IsAsciiLetterLower(c)) clean[length++] = c;
            }
            // A run of three or more letters is stretching ("shut upppp", "kysssss"): keep one, so phrases match too.
            length = start + CollapseLongRuns(clean[start..length]);
            var letters = length - start;
            if (letters == 0) continue;
            if (letters == 1 && token.Length <= 2)
            {
                // "i d i o t": drop the space before this letter when the previous token was one letter too.
                if (singleRun > 0)
                {
                    clean[start - 1] = clean[start];
                    length--;
                }
                singleRun++;
            }
            else
            {
                singleRun = 0;
            }
            clean[length++] = ' ';
        }
        return length;
    }

    private static int CollapseLongRuns(Span<char> word)
    {
        var length = 0;
        for (var i = 0; i < word.Length;)
        {
            var run = 1;
            while (i + run < word.Length && word[i + run] == word[i]) run++;
            var keep = run >= 3 ? 1 : run;
            for (var k = 0; k < keep; k++) word[length++] = word[i];
            i += run;
        }
        return length;
    }

    private void ScanWords(ReadOnlySpan<char> clean, ref ToxicitySignals signals)
    {
        var sinceYou = 99;
        var sinceSelf = 99;
        Span<char> collapsed = stackalloc char[64];
        Span<char> joined = stackalloc char[24];
        ReadOnlySpan<char> previous = default;
        foreach (var range in clean.Split(' '))
        {
            var word = clean[range];
            if (word.IsEmpty) continue;
            var before = previous;
            previous = word;
            sinceYou++;
            sinceSelf++;
            if (word is "i" or "im" or "me" or "myself" or "ich" or "je" or "eu")
            {
                sinceSelf = 0;
                continue;
            }
            if (word is "you" or "u" or "ur" or "youre" or "your" or "ure" or "ya" or "du" or "tu" or "voce" or "vous" or "streamer" or "mod" or "mods")
            {
                sinceYou = 0;
                continue;
            }
            if (Lexicon.IsAllowed(word)) continue;
            if (TryMatch(word, collapsed, out var term) || TryJoined(before, word, joined, out term))
            {
                if (term.Kind == ToxicKind.Insult && sinceSelf <= 3 && sinceYou > 3) signals.SelfDirected = true;
                Apply(term, directed: sinceYou <= 3, ref signals);
                continue;
            }
            if (word.Length < 7 || word.IndexOfAny(Lexicon.AnyEmbeddableWord) < 0) continue;
            foreach (var (insult, embedded) in Lexicon.EmbeddableWords)
            {
                if (word.Contains(insult, StringComparison.Ordinal))
                {
                    // "youidiot", "urdumb": the target is glued on.
                    var glued = word.StartsWith("you", StringComparison.Ordinal) || word.StartsWith("ur", StringComparison.Ordinal);
                    Apply(embedded, directed: glued || sinceYou <= 3, ref signals);
                    break;
                }
            }
        }
    }

    /// <summary>
    /// An insult split in two to dodge a filter ("stu pid", "lo ser", "ass hole"): the two words joined are a listed insult
    /// of five letters or more that neither half is.
    /// </summary>
    private bool TryJoined(ReadOnlySpan<char> before, ReadOnlySpan<char> word, Span<char> joined, out ToxicTerm term)
    {
        term = default;
        if (before.IsEmpty || before.Length + word.Length > joined.Length || before.Length + word.Length < 5) return false;
        before.CopyTo(joined);
        word.CopyTo(joined[before.Length..]);
        var both = joined[..(before.Length + word.Length)];
        // Looked up first, allow-list second: almost every pair of chat words joins to no listed word (one lookup fewer).
        return Lexicon.TryGetWord(both, out term) && term.Kind == ToxicKind.Insult && !Lexicon.IsAllowed(both);
    }

    private bool TryMatch(ReadOnlySpan<char> word, Span<char> collapsed, out ToxicTerm term)
    {
        if (Lexicon.TryGetWord(word, out term)) return true;
        if (word.Length > collapsed.Length) return false;
        // Stretched letters: "stuuuupid" → "stupid"; try doubles first ("looser" stays), then singles.
        var doubles = Collapse(word, collapsed, 2);
        if (doubles != word.Length && Lexicon.TryGetWord(collapsed[..doubles], out term)) return true;
        var singles = Collapse(word, collapsed, 1);
        return singles != word.Length && Lexicon.TryGetWord(collapsed[..singles], out term);
    }

    private static int Collapse(ReadOnlySpan<char> word, Span<char> output, int maxRun)
    {
        var length = 0;
        var run = 0;
        for (var i = 0; i < word.Length; i++)
        {
            run = i > 0 && word[i] == word[i - 1] ? run + 1 : 1;
            if (run <= maxRun) output[length++] = word[i];
        }
        return length;
    }

    private static bool ContainsWords(ReadOnlySpan<char> clean, string phrase)
    {
        var at = 0;
        while (at < clean.Length)
        {
            var found = clean[at..].IndexOf(phrase, StringComparison.Ordinal);
            if (found < 0) return false;
            var start = at + found;
            var end = start + phrase.Length;
            if (clean[start - 1] == ' ' && end < clean.Length && clean[end] == ' ') return true;
            at = start + 1;
        }
        return false;
    }

    private static void Apply(ToxicTerm term, bool directed, ref ToxicitySignals signals)
    {
        switch (term.Kind)
        {
            case ToxicKind.Insult:
                signals.Insult = MathF.Max(signals.Insult, term.Weight);
                signals.Directed |= directed;
                break;
            case ToxicKind.Profanity:
                signals.Profanity = MathF.Max(signals.Profanity, term.Weight);
                break;
            case ToxicKind.Threat:
                signals.Threat = MathF.Max(signals.Threat, term.Weight);
                break;
            case ToxicKind.Spam:
                signals.SpamWords++;
                break;
        }
    }
}
