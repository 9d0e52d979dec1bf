using System.Globalization;
using System.Text;

namespace LiveBuddy.LoadTest;

/// <summary>
/// Writes tagged PRIVMSG lines, shaped as Twitch sends them, as UTF-8 into one reused buffer that is sent as a
/// WebSocket frame. Nothing is allocated per line, so the tool's own CPU stays small beside the server's.
/// </summary>
internal sealed class ChatFrameWriter(string channel)
{
    private static readonly byte[] BeforeName = "@badge-info=subscriber/14;badges=subscriber/12,premium/1;color=#1E90FF;display-name="u8.ToArray();
    // "Kappa" sits at characters 15–19 of the text below.
    private static readonly byte[] BeforeId = ";emotes=25:15-19;first-msg=0;id="u8.ToArray();
    private static readonly byte[] BeforeSentAt = ";mod=0;room-id=4242;subscriber=1;tmi-sent-ts="u8.ToArray();
    private static readonly byte[] BeforeUserId = ";turbo=0;user-id="u8.ToArray();
    private readonly byte[] _beforeText = Encoding.ASCII.GetBytes($".tmi.twitch.tv PRIVMSG #{channel} :that was close Kappa message ");
    private readonly byte[] _uuid = new byte[16];
    private byte[] _buffer = new byte[256 * 1024];
    private int _length;

    public ReadOnlyMemory<byte> Bytes => _buffer.AsMemory(0, _length);

    public void Clear() => _length = 0;

    /// <summary>One chat line from <paramref name="login"/> with a fresh UUID message id (from <paramref name="ids"/>).</summary>
    public void AddPrivmsg(string login, long userId, Random ids, long sentAtMs, int number)
    {
        if (_buffer.Length - _length < 1024) Array.Resize(ref _buffer, _buffer.Length * 2);
        Put(BeforeName);
        PutAscii(login);
        Put(BeforeId);
        ids.NextBytes(_uuid);
        new Guid(_uuid).TryFormat(_buffer.AsSpan(_length), out var written);
        _length += written;
        Put(BeforeSentAt);
        sentAtMs.TryFormat(_buffer.AsSpan(_length), out written, default, CultureInfo.InvariantCulture);
        _length += written;
        Put(BeforeUserId);
        userId.TryFormat(_buffer.AsSpan(_length), out written, default, CultureInfo.InvariantCulture);
        _length += written;
        Put(";user-type= :"u8);
        PutAscii(login);
        Put("!"u8);
        PutAscii(login);
        Put("@"u8);
        PutAscii(login);
        Put(_beforeText);
        number.TryFormat(_buffer.AsSpan(_length), out written, default, CultureInfo.InvariantCulture);
        _length += written;
        Put("\r\n"u8);
    }

    private void Put(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private void PutAscii(string text) => _length += Encoding.ASCII.GetBytes(text, _buffer.AsSpan(_length));
}
