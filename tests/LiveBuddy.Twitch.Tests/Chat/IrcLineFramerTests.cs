using System.Text;
using LiveBuddy.Twitch.Chat;

namespace LiveBuddy.Twitch.Tests.Chat;

public sealed class IrcLineFramerTests
{
    private static List<string> Feed(IrcLineFramer framer, byte[] data, int chunk, bool endOfMessage = true)
    {
        var lines = new List<string>();
        for (var offset = 0; offset < data.Length; offset += chunk)
        {
            var count = Math.Min(chunk, data.Length - offset);
            var space = framer.FreeSpace();
            count = Math.Min(count, space.Length);
            data.AsSpan(offset, count).CopyTo(space.Span);
            framer.Advance(count, endOfMessage && offset + count == data.Length);
            while (framer.TryReadLine(out var line, out var oversized))
                lines.Add(oversized ? "<oversized>" : Encoding.UTF8.GetString(line));
            if (count < chunk) offset -= chunk - count;
        }
        return lines;
    }

    [Fact]
    public void Several_lines_in_one_frame_come_out_one_by_one()
    {
        var lines = Feed(new IrcLineFramer(1024), "a\r\nb\r\n\r\nc"u8.ToArray(), 100);

        Assert.Equal(["a", "b", "c"], lines);
    }

    [Fact]
    public void A_line_longer_than_the_limit_is_reported_once_and_the_next_line_survives()
    {
        var data = Encoding.UTF8.GetBytes(new string('x', 100_000) + "\r\nnext\r\n");

        var lines = Feed(new IrcLineFramer(16 * 1024), data, 4096);

        Assert.Equal(["<oversized>", "next"], lines);
    }
}
