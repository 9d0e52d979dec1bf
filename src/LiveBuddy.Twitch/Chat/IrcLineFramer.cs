namespace LiveBuddy.Twitch.Chat;

/// <summary>
/// Cuts received bytes into lines: CR LF (or a bare LF) ends a line, and so does the end of a WebSocket message,
/// so several lines per frame and a line split across frames both work. A line longer than the limit is
/// dropped up to its end and reported once.
/// </summary>
internal sealed class IrcLineFramer(int maxLineBytes)
{
    // Room for a whole line plus 64 KB: in a flood one read brings a few hundred lines, which go to the pipeline together.
    private readonly byte[] _buffer = new byte[maxLineBytes + 64 * 1024];
    private int _start;
    private int _end;
    private bool _discarding;
    private bool _endOfMessage;

    /// <summary>Room to receive into; compacts the buffer first.</summary>
    public Memory<byte> FreeSpace()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        return _buffer.AsMemory(_end);
    }

    public void Advance(int count, bool endOfMessage)
    {
        _end += count;
        _endOfMessage = endOfMessage;
    }

    /// <summary>The next complete line without its line ending, or false when more bytes are needed.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line, out bool oversized)
    {
        oversized = false;
        while (true)
        {
            ReadOnlySpan<byte> pending = _buffer.AsSpan(_start, _end - _start);
            var newline = pending.IndexOf((byte)'\n');
            if (newline < 0)
            {
                if (_endOfMessage)
                {
                    _endOfMessage = false;
                    var wasDiscarding = _discarding;
                    _discarding = false;
                    _start = _end;
                    if (wasDiscarding || pending.IsEmpty) continue;
                    if (pending.Length > maxLineBytes)
                    {
                        oversized = true;
                        line = default;
                        return true;
                    }
                    line = TrimCr(pending);
                    return true;
                }
                if (pending.Length > maxLineBytes)
                {
                    // Too long to ever be a Twitch line: forget it and skip to its end.
                    _start = _end = 0;
                    if (!_discarding)
                    {
                        _discarding = true;
                        oversized = true;
                        line = default;
                        return true;
                    }
                }
                line = default;
                return false;
            }

            var candidate = pending[..newline];
            _start += newline + 1;
            if (_discarding)
            {
                _discarding = false;
                continue;
            }
            if (candidate.Length > maxLineBytes)
            {
                oversized = true;
                line = default;
                return true;
            }
            candidate = TrimCr(candidate);
            if (candidate.IsEmpty) continue;
            line = candidate;
            return true;
        }
    }

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
}
