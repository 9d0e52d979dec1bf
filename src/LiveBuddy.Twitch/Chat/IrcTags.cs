namespace LiveBuddy.Twitch.Chat;

/// <summary>IRCv3 tag value escaping, read one character at a time so <c>\\n</c> stays a backslash and an n.</summary>
public static class IrcTags
{
    /// <summary>
    /// Unescapes a tag value: <c>\s</c> space, <c>\:</c> semicolon, <c>\\</c> backslash, <c>\r</c>, <c>\n</c>;
    /// any other <c>\x</c> becomes <c>x</c>, and a lone trailing backslash is dropped.
    /// </summary>
    public static string Unescape(ReadOnlySpan<char> raw)
    {
        if (raw.IsEmpty) return "";
        if (raw.IndexOf('\\') < 0) return new string(raw);
        var buffer = raw.Length <= 512 ? stackalloc char[raw.Length] : new char[raw.Length];
        var written = Unescape(raw, buffer);
        return new string(buffer[..written]);
    }

    /// <summary>Unescapes into <paramref name="destination"/> (at least as long as <paramref name="raw"/>); returns the length written.</summary>
    public static int Unescape(ReadOnlySpan<char> raw, Span<char> destination)
    {
        var n = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c != '\\')
            {
                destination[n++] = c;
                continue;
            }
            if (++i >= raw.Length) break; // lone trailing backslash
            destination[n++] = raw[i] switch
            {
                's' => ' ',
                ':' => ';',
                'r' => '\r',
                'n' => '\n',
                var other => other, // covers \\ and unknown escapes
            };
        }
        return n;
    }
}
