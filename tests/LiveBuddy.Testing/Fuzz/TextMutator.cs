using System.Globalization;
using System.Text;

namespace LiveBuddy.Testing.Fuzz;

/// <summary>
/// Deterministic mutations of protocol text for fuzz tests: flipped and inserted characters (separators, lone
/// surrogates, bidi and zero-width marks, control characters), cut, doubled and removed pieces, huge values.
/// The same seed gives the same inputs, so a failure names a case that can be replayed.
/// </summary>
public sealed class TextMutator(Random random)
{
    /// <summary>Characters that mean something to IRC or to a text renderer.</summary>
    private static readonly char[] Interesting =
    [
        ' ', ':', ';', '=', '@', '!', '\\', '-', ',', '/', '#', '.', '\u0001', '\0', '\r', '\n', '\t', '0', '9',
        '\uD83D', '\uDE00', '\u202E', '\u202D', '\u2066', '\u200B', '\u200D', '\uFEFF', '\uFFFF', '<', '>', '"', '\'', '&',
    ];

    public Random Random { get; } = random;

    public char AnyChar() => Random.Next(4) == 0 ? (char)Random.Next(0, 0x10000) : Interesting[Random.Next(Interesting.Length)];

    /// <summary>One to three random mutations of <paramref name="text"/>.</summary>
    public string Mutate(string text)
    {
        var sb = new StringBuilder(text);
        var rounds = 1 + Random.Next(3);
        for (var i = 0; i < rounds; i++) MutateOnce(sb);
        return sb.ToString();
    }

    private void MutateOnce(StringBuilder sb)
    {
        var at = sb.Length == 0 ? 0 : Random.Next(sb.Length);
        switch (Random.Next(9))
        {
            case 0 when sb.Length > 0: // flip one character
                sb[at] = AnyChar();
                break;
            case 1: // insert a run of one interesting character (doubled separators)
                sb.Insert(at, new string(AnyChar(), 1 + Random.Next(4)));
                break;
            case 2 when sb.Length > 0: // remove a piece
                sb.Remove(at, Math.Min(sb.Length - at, 1 + Random.Next(16)));
                break;
            case 3 when sb.Length > 0: // truncate
                sb.Length = at;
                break;
            case 4 when sb.Length > 0: // duplicate a piece
                var length = Math.Min(sb.Length - at, 1 + Random.Next(64));
                sb.Insert(at, sb.ToString(at, length));
                break;
            case 5: // a long run, now and then a huge one
                sb.Insert(at, new string(AnyChar(), Random.Next(20) == 0 ? 1_000 + Random.Next(20_000) : 50 + Random.Next(500)));
                break;
            case 6 when sb.Length > 0: // flip a bit of one character
                sb[at] = (char)(sb[at] ^ (1 << Random.Next(16)));
                break;
            case 7: // remove every occurrence of one separator
                var separator = Interesting[Random.Next(12)];
                sb.Replace(separator.ToString(), "");
                break;
            default: // a random number where one may be read
                sb.Insert(at, RandomNumber());
                break;
        }
    }

    /// <summary>Numbers a parser may choke on: negative, huge, leading zeros, not digits at all.</summary>
    public string RandomNumber() => Random.Next(8) switch
    {
        0 => "-1",
        1 => "99999999999999999999",
        2 => int.MaxValue.ToString(CultureInfo.InvariantCulture),
        3 => "0000",
        4 => "1e9",
        5 => "",
        _ => Random.Next(0, 400).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// A hostile Twitch <c>emotes</c> tag value: ranges past the end, reversed, overlapping, negative, huge,
    /// without ids or dashes, many of them.
    /// </summary>
    public string HostileEmotes(int textLength)
    {
        var groups = new List<string>();
        var groupCount = 1 + Random.Next(Random.Next(10) == 0 ? 60 : 4);
        for (var g = 0; g < groupCount; g++)
        {
            var ranges = new List<string>();
            var rangeCount = 1 + Random.Next(6);
            for (var r = 0; r < rangeCount; r++)
            {
                var start = Random.Next(-2, textLength + 10);
                var end = Random.Next(5) switch
                {
                    0 => start - 1 - Random.Next(5),            // reversed
                    1 => start + 100_000,                        // far past the end
                    2 => start,                                  // one code point
                    _ => start + Random.Next(0, 12),
                };
                ranges.Add(Random.Next(12) switch
                {
                    0 => RandomNumber() + "-" + RandomNumber(),
                    1 => start.ToString(CultureInfo.InvariantCulture),          // no dash
                    2 => "-" + end.ToString(CultureInfo.InvariantCulture),
                    _ => start.ToString(CultureInfo.InvariantCulture) + "-" + end.ToString(CultureInfo.InvariantCulture),
                });
            }
            var id = Random.Next(10) == 0 ? "" : "emotesv2_" + Random.Next(1000).ToString(CultureInfo.InvariantCulture);
            groups.Add(id + (Random.Next(15) == 0 ? "" : ":") + string.Join(',', ranges));
        }
        return string.Join('/', groups);
    }
}
