using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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

    /// <summary>
    /// Walks <c>key=value;key;…</c> in order; empty keys are skipped. A Twitch line carries ~20 short tags, where a
    /// search call per boundary costs more than the search: instead each 64-character block is compared once with
    /// vector instructions into a bit mask of where its <c>;</c> and <c>=</c> are, and each boundary is then one
    /// trailing-zero count away. A value may hold an unescaped <c>=</c>, so a value ends only at a <c>;</c>.
    /// </summary>
    public ref struct TagEnumerator
    {
        private const int BlockLength = 64; // one bit per character of the block in a ulong

        private readonly ReadOnlySpan<char> _tags;
        private ulong _separators; // separators in the block at _blockStart not yet consumed: bit i is _tags[_blockStart + i]
        private int _blockStart;
        private int _next;         // where the next tag starts
        private Tag _current;

        public TagEnumerator(ReadOnlySpan<char> tags)
        {
            _tags = tags;
            _separators = SeparatorMask(tags);
        }

        public readonly Tag Current => _current;

        public readonly TagEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            while (_next < _tags.Length)
            {
                var start = _next;
                var keyEnd = NextSeparator();
                var end = keyEnd;
                if (end < _tags.Length && _tags[end] == '=')
                {
                    do end = NextSeparator();
                    while (end < _tags.Length && _tags[end] != ';');
                }
                _next = end + 1;
                if (keyEnd == start) continue;
                _current = new Tag(_tags[start..keyEnd], end == keyEnd ? default : _tags[(keyEnd + 1)..end]);
                return true;
            }
            return false;
        }

        /// <summary>The index of the next <c>;</c> or <c>=</c>, or the length of the tags when there is none.</summary>
        private int NextSeparator()
        {
            while (_separators == 0)
            {
                if (_tags.Length - _blockStart <= BlockLength) return _tags.Length;
                _blockStart += BlockLength;
                _separators = SeparatorMask(_tags[_blockStart..]);
            }
            var index = _blockStart + BitOperations.TrailingZeroCount(_separators);
            _separators &= _separators - 1; // consumed
            return index;
        }

        /// <summary>Bit i set when character i of the first 64 is <c>;</c> or <c>=</c>.</summary>
        private static ulong SeparatorMask(ReadOnlySpan<char> chars)
        {
            var block = MemoryMarshal.Cast<char, ushort>(chars.Length > BlockLength ? chars[..BlockLength] : chars);
            var mask = 0UL;
            var i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; i <= block.Length - Vector256<ushort>.Count; i += Vector256<ushort>.Count)
                {
                    var v = Vector256.Create(block.Slice(i, Vector256<ushort>.Count));
                    var hits = Vector256.Equals(v, Vector256.Create((ushort)';')) | Vector256.Equals(v, Vector256.Create((ushort)'='));
                    mask |= (ulong)hits.ExtractMostSignificantBits() << i;
                }
            }
            if (Vector128.IsHardwareAccelerated)
            {
                for (; i <= block.Length - Vector128<ushort>.Count; i += Vector128<ushort>.Count)
                {
                    var v = Vector128.Create(block.Slice(i, Vector128<ushort>.Count));
                    var hits = Vector128.Equals(v, Vector128.Create((ushort)';')) | Vector128.Equals(v, Vector128.Create((ushort)'='));
                    mask |= (ulong)hits.ExtractMostSignificantBits() << i;
                }
            }
            for (; i < block.Length; i++)
            {
                if ((char)block[i] is ';' or '=') mask |= 1UL << i;
            }
            return mask;
        }
    }
}
