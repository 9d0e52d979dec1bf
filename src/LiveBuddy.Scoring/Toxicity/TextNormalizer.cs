namespace LiveBuddy.Scoring.Toxicity;

/// <summary>
/// Undoes the usual tricks for slipping words past filters: zero-width and tag characters, combining
/// marks, full-width and "fancy" math letters, Cyrillic/Greek look-alikes, accents and leetspeak.
/// Output is lower-case ASCII-ish text of at most the input's length; nothing is allocated.
/// </summary>
public static class TextNormalizer
{
    /// <summary>Normalizes <paramref name="input"/> into <paramref name="output"/> (same length or longer) and returns the length written.</summary>
    public static int Normalize(ReadOnlySpan<char> input, Span<char> output, out bool obfuscated)
    {
        obfuscated = false;
        var written = 0;
        for (var i = 0; i < input.Length && written < output.Length; i++)
        {
            var c = input[i];
            int codePoint = c;
            if (char.IsHighSurrogate(c) && i + 1 < input.Length && char.IsLowSurrogate(input[i + 1]))
            {
                codePoint = char.ConvertToUtf32(c, input[i + 1]);
                i++;
            }
            var mapped = Map(codePoint, out var changed);
            obfuscated |= changed && mapped != '\0';
            if (changed && mapped == '\0')
            {
                // Invisible characters inside words are the classic filter dodge.
                if (IsInvisible(codePoint)) obfuscated = true;
                continue;
            }
            output[written++] = mapped;
        }
        // Leetspeak only counts inside words: "1v1" or "gg 2 ez" must not become letters by themselves.
        var previousWasSymbol = false;
        var tokenLetters = 0;
        for (var i = 0; i < written; i++)
        {
            if (i == 0 || output[i - 1] == ' ') tokenLetters = LettersInToken(output[i..written]);
            var leet = Leet(output[i]);
            if (leet == '\0') continue;
            var letterBefore = i > 0 && char.IsAsciiLetterLower(output[i - 1]);
            var letterAfter = i + 1 < written && char.IsAsciiLetterLower(output[i + 1]);
            var isDigit = char.IsAsciiDigit(output[i]);
            // Symbols are punctuation far more often than letters ("idiot!", "@name"), so they need a
            // letter on both sides; only '$' may also run after a letter ("a$$").
            // ... or start a word before letters ("$tfu"); '@' there is a mention, so only '$'.
            var wordStart = i == 0 || output[i - 1] == ' ';
            var dollarRun = output[i] == '$' && (letterBefore || (previousWasSymbol && i > 0 && output[i - 1] == 's')
                || (wordStart && letterAfter && i + 2 < written && char.IsAsciiLetterLower(output[i + 2])));
            var symbolInWord = (letterBefore && letterAfter) || dollarRun;
            previousWasSymbol = false;
            // A digit is a letter only in a word that has real letters too: "1d10t" yes, "1v1" no.
            if (isDigit ? (letterBefore || letterAfter) && tokenLetters >= 2 : symbolInWord)
            {
                previousWasSymbol = !isDigit;
                output[i] = leet;
                obfuscated = true;
            }
        }
        return written;
    }

    /// <summary>Convenience for tests and tools; the hot path uses the span overload.</summary>
    public static string Normalize(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Span<char> buffer = input.Length <= 512 ? stackalloc char[input.Length] : new char[input.Length];
        var length = Normalize(input, buffer, out _);
        return new string(buffer[..length]);
    }

    private static int LettersInToken(ReadOnlySpan<char> text)
    {
        var letters = 0;
        foreach (var c in text)
        {
            if (c == ' ') break;
            if (char.IsAsciiLetterLower(c)) letters++;
        }
        return letters;
    }

    private static bool IsInvisible(int cp) =>
        cp is >= 0x200B and <= 0x200F or >= 0x202A and <= 0x202E or >= 0x2060 and <= 0x2064
            or 0xFEFF or 0x00AD or 0x034F or 0x180E or >= 0xE0000 and <= 0xE007F;

    private static char Leet(char c) => c switch
    {
        '0' => 'o',
        '1' or '|' or '!' => 'i',
        '3' => 'e',
        '4' or '@' => 'a',
        '5' or '$' => 's',
        '7' or '+' => 't',
        '8' => 'b',
        '9' => 'g',
        _ => '\0',
    };

    // Returns '\0' with changed=true for characters to drop.
    private static char Map(int cp, out bool changed)
    {
        changed = false;
        if (cp < 0x80)
        {
            return cp is >= 'A' and <= 'Z' ? (char)(cp + 32) : (char)cp;
        }
        changed = true;
        if (IsInvisible(cp) || cp is >= 0x0300 and <= 0x036F or >= 0xFE00 and <= 0xFE0F) return '\0';
        // Full-width forms: ＩＤＩＯＴ
        if (cp is >= 0xFF01 and <= 0xFF5E) return Lower((char)(cp - 0xFEE0));
        // Mathematical alphanumerics: 𝐢𝐝𝐢𝐨𝐭, 𝓲𝓭𝓲𝓸𝓽 — 52 letters per style.
        if (cp is >= 0x1D400 and <= 0x1D6A3)
        {
            var k = (cp - 0x1D400) % 52;
            return (char)(k < 26 ? 'a' + k : 'a' + k - 26);
        }
        if (cp is >= 0x1D7CE and <= 0x1D7FF) return (char)('0' + (cp - 0x1D7CE) % 10);
        // Circled and parenthesized letters: ⓘⓓⓘⓞⓣ
        if (cp is >= 0x24B6 and <= 0x24CF) return (char)('a' + cp - 0x24B6);
        if (cp is >= 0x24D0 and <= 0x24E9) return (char)('a' + cp - 0x24D0);
        if (cp is >= 0x249C and <= 0x24B5) return (char)('a' + cp - 0x249C);
        // Regional indicators (🇮🇩) spell words in some spam.
        if (cp is >= 0x1F1E6 and <= 0x1F1FF) return (char)('a' + cp - 0x1F1E6);
        var homoglyph = cp switch
        {
            // Cyrillic
            0x0430 or 0x0410 => 'a', 0x0432 or 0x0412 or 0x044C => 'b', 0x0435 or 0x0415 or 0x0451 or 0x0401 => 'e',
            0x043A or 0x041A => 'k', 0x043C or 0x041C => 'm', 0x043D or 0x041D => 'h', 0x043E or 0x041E => 'o',
            0x0440 or 0x0420 => 'p', 0x0441 or 0x0421 => 'c', 0x0442 or 0x0422 => 't', 0x0443 or 0x0423 => 'y',
            0x0445 or 0x0425 => 'x', 0x0456 or 0x0406 => 'i', 0x0458 or 0x0408 => 'j', 0x0455 or 0x0405 => 's',
            0x0501 => 'd', 0x051B => 'q', 0x051D => 'w', 0x0433 => 'r', 0x0438 => 'u', 0x043F => 'n',
            // Greek
            0x03B1 or 0x0391 => 'a', 0x03B2 or 0x0392 => 'b', 0x03B5 or 0x0395 => 'e', 0x0397 => 'h', 0x03B9 or 0x0399 => 'i',
            0x03BA or 0x039A => 'k', 0x039C => 'm', 0x03BD or 0x039D => 'n', 0x03BF or 0x039F => 'o', 0x03C1 or 0x03A1 => 'p',
            0x03C4 or 0x03A4 => 't', 0x03C5 => 'u', 0x03A5 => 'y', // lower-case upsilon looks like u 0x03C7 or 0x03A7 => 'x', 0x0396 => 'z',
            // Other look-alikes
            0x0131 => 'i', 0x0269 => 'i', 0x01C0 => 'l', 0x2113 => 'l', 0x0261 => 'g', 0x1D00 => 'a', 0x0299 => 'b',
            0x1D04 => 'c', 0x1D05 => 'd', 0x1D07 => 'e', 0x0262 => 'g', 0x029C => 'h', 0x026A => 'i', 0x1D0A => 'j',
            0x1D0B => 'k', 0x029F => 'l', 0x1D0D => 'm', 0x0274 => 'n', 0x1D0F => 'o', 0x1D18 => 'p', 0x0280 => 'r',
            0xA731 => 's', 0x1D1B => 't', 0x1D1C => 'u', 0x1D20 => 'v', 0x1D21 => 'w', 0x028F => 'y', 0x1D22 => 'z',
            0x00DF => 's',
            _ => '\0',
        };
        if (homoglyph != '\0') return homoglyph;
        // Latin-1 and Latin Extended-A accents: keep the base letter. Accented letters are normal in
        // Spanish/German/French chat, so they do not count as obfuscation.
        if (cp is >= 0xC0 and <= 0x17F)
        {
            var baseLetter = StripAccent(cp);
            if (baseLetter != '\0')
            {
                changed = false;
                return baseLetter;
            }
        }
        changed = false;
        return char.ToLowerInvariant((char)Math.Min(cp, 0xFFFD));
    }

    private static char Lower(char c) => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;

    private static char StripAccent(int cp) => cp switch
    {
        >= 0xC0 and <= 0xC5 or >= 0xE0 and <= 0xE5 or >= 0x100 and <= 0x105 => 'a',
        0xC7 or 0xE7 or >= 0x106 and <= 0x10D => 'c',
        >= 0x10E and <= 0x111 => 'd',
        >= 0xC8 and <= 0xCB or >= 0xE8 and <= 0xEB or >= 0x112 and <= 0x11B => 'e',
        >= 0x11C and <= 0x123 => 'g',
        >= 0xCC and <= 0xCF or >= 0xEC and <= 0xEF or >= 0x128 and <= 0x130 => 'i',
        0xD1 or 0xF1 or >= 0x143 and <= 0x148 => 'n',
        >= 0xD2 and <= 0xD6 or 0xD8 or >= 0xF2 and <= 0xF6 or 0xF8 or >= 0x14C and <= 0x151 => 'o',
        >= 0x154 and <= 0x159 => 'r',
        >= 0x15A and <= 0x161 => 's',
        >= 0x162 and <= 0x167 => 't',
        >= 0xD9 and <= 0xDC or >= 0xF9 and <= 0xFC or >= 0x168 and <= 0x173 => 'u',
        0xDD or 0xFD or 0xFF or 0x178 => 'y',
        >= 0x179 and <= 0x17E => 'z',
        _ => '\0',
    };
}
