using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace LiveBuddy.Twitch.Tests.Chat;

/// <summary>Reads the copied protocol fixtures beside this file (found from the source path, no copy step needed).</summary>
internal static class IrcFixtures
{
    public static string PathOf(string name, [CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "Fixtures", name);

    /// <summary>Every raw line of both Twitch captures, keyed "origin file #n" so a failing case says which one.</summary>
    public static IEnumerable<(string Name, string Raw)> TwitchLines()
    {
        foreach (var file in new[] { "twitch-irc-rs-raw_lines.jsonl", "chatterino-irc_inputs.jsonl" })
        {
            var n = 0;
            foreach (var line in File.ReadLines(PathOf(file)))
            {
                if (line.Length == 0) continue;
                using var doc = JsonDocument.Parse(line);
                var origin = doc.RootElement.GetProperty("file").GetString();
                yield return ($"{file}:{++n} {origin}", doc.RootElement.GetProperty("raw").GetString()!);
            }
        }
    }

    public static string Line(string originFile, string contains) =>
        TwitchLines().First(l => l.Name.EndsWith(" " + originFile, StringComparison.Ordinal) && l.Raw.Contains(contains, StringComparison.Ordinal)).Raw;

    public static string Line(string originFile) =>
        TwitchLines().First(l => l.Name.EndsWith(" " + originFile, StringComparison.Ordinal)).Raw;
}

/// <summary>One case of ircdocs' msg-split.yaml.</summary>
internal sealed record SplitCase(string Input, string? Source, string Verb, IReadOnlyList<KeyValuePair<string, string>> Tags, IReadOnlyList<string> Params)
{
    public override string ToString() => Input;
}

/// <summary>
/// A reader for the small YAML subset msg-split.yaml uses: a list of cases with scalar atoms, a tags map and a
/// params list, double-quoted strings with C-style escapes.
/// </summary>
internal static class SplitYaml
{
    public static IReadOnlyList<SplitCase> Read(string path)
    {
        var cases = new List<SplitCase>();
        string? input = null, source = null, verb = null;
        List<KeyValuePair<string, string>> tags = [];
        List<string> parameters = [];
        var section = "";

        void Flush()
        {
            if (input is not null) cases.Add(new SplitCase(input, source, verb ?? "", tags, parameters));
            input = source = verb = null;
            tags = [];
            parameters = [];
            section = "";
        }

        foreach (var rawLine in File.ReadLines(path))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            if (line.StartsWith("- input:", StringComparison.Ordinal))
            {
                Flush();
                input = Scalar(line["- input:".Length..]);
            }
            else if (line.StartsWith("source:", StringComparison.Ordinal)) { source = Scalar(line["source:".Length..]); section = ""; }
            else if (line.StartsWith("verb:", StringComparison.Ordinal)) { verb = Scalar(line["verb:".Length..]); section = ""; }
            else if (line is "tags:" or "params:" or "atoms:") section = line;
            else if (section == "params:" && line.StartsWith("- ", StringComparison.Ordinal)) parameters.Add(Scalar(line[2..]));
            else if (section == "tags:")
            {
                var (key, rest) = SplitKey(line);
                tags.Add(new(key, Scalar(rest)));
            }
        }
        Flush();
        return cases;
    }

    private static (string Key, string Value) SplitKey(string line)
    {
        if (line[0] == '"')
        {
            var close = line.IndexOf('"', 1);
            return (line[1..close], line[(line.IndexOf(':', close) + 1)..]);
        }
        var colon = line.IndexOf(':');
        return (line[..colon], line[(colon + 1)..]);
    }

    private static string Scalar(string text)
    {
        text = text.Trim();
        if (text.Length == 0 || text[0] != '"') return text;
        var sb = new StringBuilder();
        for (var i = 1; i < text.Length - 1; i++)
        {
            var c = text[i];
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            c = text[++i];
            switch (c)
            {
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case '0': sb.Append('\0'); break;
                case 'x':
                    sb.Append((char)Convert.ToInt32(text.Substring(i + 1, 2), 16));
                    i += 2;
                    break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }
}
