namespace LiveBuddy.Twitch.Chat;

/// <summary>
/// One IRCv3 line, parsed in place: tags, source, command and parameters are ranges over the line,
/// and nothing is copied or unescaped until a caller asks for a value (<see cref="IrcTags.Unescape(ReadOnlySpan{char})"/>).
/// Atoms are separated by one or more spaces, as RFC 1459 reads them.
/// </summary>
public readonly ref struct IrcMessage
{
    private readonly ReadOnlySpan<char> _line;
    private readonly int _tagsStart;
    private readonly int _tagsLength;
    private readonly int _sourceStart;
    private readonly int _sourceLength;
    private readonly int _commandStart;
    private readonly int _commandLength;
    private readonly int _paramsStart;

    private IrcMessage(ReadOnlySpan<char> line, int tagsStart, int tagsLength, int sourceStart, int sourceLength,
        int commandStart, int commandLength, int paramsStart)
    {
        _line = line;
        _tagsStart = tagsStart;
        _tagsLength = tagsLength;
        _sourceStart = sourceStart;
        _sourceLength = sourceLength;
        _commandStart = commandStart;
        _commandLength = commandLength;
        _paramsStart = paramsStart;
    }

    /// <summary>The tags section without the leading <c>@</c>, still escaped; empty when the line has none.</summary>
    public ReadOnlySpan<char> RawTags => _line.Slice(_tagsStart, _tagsLength);

    /// <summary>True when the line has a <c>:source</c> prefix.</summary>
    public bool HasSource => _sourceStart >= 0;

    /// <summary>The source without the leading colon (<c>nick!user@host</c> or a server name).</summary>
    public ReadOnlySpan<char> Source => HasSource ? _line.Slice(_sourceStart, _sourceLength) : default;

    /// <summary>The nick part of the source: everything before <c>!</c>.</summary>
    public ReadOnlySpan<char> Nick
    {
        get
        {
            var source = Source;
            var bang = source.IndexOf('!');
            return bang >= 0 ? source[..bang] : source;
        }
    }

    public ReadOnlySpan<char> Command => _line.Slice(_commandStart, _commandLength);

    public ParamEnumerator Params => new(_line[_paramsStart..]);

    public TagEnumerator Tags => new(RawTags);

    /// <summary>The parameter at <paramref name="index"/> (the trailing one included), if there is one.</summary>
    public bool TryGetParam(int index, out ReadOnlySpan<char> value)
    {
        var i = 0;
        foreach (var p in Params)
        {
            if (i++ == index)
            {
                value = p;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>The escaped value of a tag (last occurrence wins, as IRCv3 says). A tag with no <c>=</c> has an empty value.</summary>
    public bool TryGetTag(ReadOnlySpan<char> key, out ReadOnlySpan<char> escapedValue)
    {
        var found = false;
        escapedValue = default;
        foreach (var tag in Tags)
        {
            if (tag.Key.SequenceEqual(key))
            {
                escapedValue = tag.Value;
                found = true;
            }
        }
        return found;
    }

    /// <summary>
    /// Parses one line without its CR LF. False when there is no command (empty line, tags or source only):
    /// the caller counts it as malformed.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> line, out IrcMessage message)
    {
        message = default;
        var pos = 0;
        int tagsStart = 0, tagsLength = 0;
        if (line.Length > 0 && line[0] == '@')
        {
            var space = line.IndexOf(' ');
            if (space < 0) return false;
            tagsStart = 1;
            tagsLength = space - 1;
            pos = SkipSpaces(line, space);
        }

        int sourceStart = -1, sourceLength = 0;
        if (pos < line.Length && line[pos] == ':')
        {
            var rest = line[(pos + 1)..];
            var space = rest.IndexOf(' ');
            if (space < 0) return false;
            sourceStart = pos + 1;
            sourceLength = space;
            pos = SkipSpaces(line, pos + 1 + space);
        }

        if (pos >= line.Length) return false;
        var commandEnd = line[pos..].IndexOf(' ');
        var commandLength = commandEnd < 0 ? line.Length - pos : commandEnd;
        if (commandLength == 0) return false;
        message = new IrcMessage(line, tagsStart, tagsLength, sourceStart, sourceLength, pos, commandLength, pos + commandLength);
        return true;
    }

    private static int SkipSpaces(ReadOnlySpan<char> line, int pos)
    {
        while (pos < line.Length && line[pos] == ' ') pos++;
        return pos;
    }

    /// <summary>Walks the parameters: middle ones split on spaces, then the trailing one after <c>:</c> verbatim.</summary>
    public ref struct ParamEnumerator(ReadOnlySpan<char> rest)
    {
        private ReadOnlySpan<char> _rest = rest;

        public ReadOnlySpan<char> Current { get; private set; }

        public readonly ParamEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            var i = 0;
            while (i < _rest.Length && _rest[i] == ' ') i++;
            if (i >= _rest.Length)
            {
                _rest = default;
                return false;
            }
            if (_rest[i] == ':')
            {
                Current = _rest[(i + 1)..];
                _rest = default;
                return true;
            }
            var token = _rest[i..];
            var space = token.IndexOf(' ');
            if (space < 0)
            {
                Current = token;
                _rest = default;
            }
            else
            {
                Current = token[..space];
                _rest = token[space..];
            }
            return true;
        }
    }

    /// <summary>One tag: its key and still-escaped value.</summary>
    public readonly ref struct Tag(ReadOnlySpan<char> key, ReadOnlySpan<char> value)
    {
        public ReadOnlySpan<char> Key { get; } = key;
        public ReadOnlySpan<char> Value { get; } = value;
    }

    /// <summary>Walks <c>key=value;key;…</c> in order; empty keys are skipped.</summary>
    public ref struct TagEnumerator(ReadOnlySpan<char> tags)
    {
        private ReadOnlySpan<char> _rest = tags;
        private Tag _current;

        public readonly Tag Current => _current;

        public readonly TagEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            while (!_rest.IsEmpty)
            {
                var semi = _rest.IndexOf(';');
                ReadOnlySpan<char> item;
                if (semi < 0)
                {
                    item = _rest;
                    _rest = default;
                }
                else
                {
                    item = _rest[..semi];
                    _rest = _rest[(semi + 1)..];
                }
                var eq = item.IndexOf('=');
                var key = eq < 0 ? item : item[..eq];
                if (key.IsEmpty) continue;
                _current = new Tag(key, eq < 0 ? default : item[(eq + 1)..]);
                return true;
            }
            return false;
        }
    }
}
