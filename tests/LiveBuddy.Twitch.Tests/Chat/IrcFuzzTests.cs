using System.Net.WebSockets;
using System.Text;
using LiveBuddy.Core.Events;
using LiveBuddy.Testing.Fuzz;
using LiveBuddy.Twitch.Chat;

namespace LiveBuddy.Twitch.Tests.Chat;

/// <summary>
/// Hostile IRC input: the real Twitch lines of the fixtures, mutated tens of thousands of times with a fixed seed,
/// plus hostile emote ranges, 100 KB lines and invalid UTF-8 at the byte level. Nothing may throw out of the
/// parser, the mapper or the line framer, and what is mapped keeps its shape.
/// </summary>
public sealed class IrcFuzzTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Lines = IrcFixtures.TwitchLines().Select(l => l.Raw).ToArray();
    private static readonly string[] Privmsgs = Lines.Where(l => l.Contains(" PRIVMSG #", StringComparison.Ordinal)).ToArray();

    [Fact]
    public void Mutated_fixture_lines_never_throw_and_mapped_chat_keeps_its_text_and_fragments()
    {
        var mutator = new TextMutator(new Random(9001));
        var results = new int[3];
        var vocabulary = new TwitchChatVocabulary();

        FuzzRun.Cases(25_000, _ => mutator.Mutate(Lines[mutator.Random.Next(Lines.Length)]), line =>
        {
            var result = MapAndCheck(line, vocabulary);
            results[(int)result]++;
            WalkEverything(line);
        });

        // The mutations reach every outcome, so the check above saw mapped events and not only refusals.
        Assert.All(results, n => Assert.True(n > 500, $"outcomes {string.Join('/', results)}"));
    }

    [Fact]
    public void Hostile_emote_ranges_never_throw_and_fragments_cover_the_text()
    {
        var mutator = new TextMutator(new Random(4242));
        var texts = new[] { "Kappa Keepo Kappa", "😂 Kappa 😂😂 PogChamp", "\uD83D lone \uDE00 halves \uD83D", "\u202Eevil\u202C \u200Bzero\u200Bwidth", "a", "" };
        var emoted = 0;

        FuzzRun.Cases(20_000, _ =>
        {
            var text = mutator.Random.Next(3) == 0 ? mutator.Mutate(texts[mutator.Random.Next(texts.Length)]) : texts[mutator.Random.Next(texts.Length)];
            return $"@emotes={mutator.HostileEmotes(text.Length)};id=x;user-id=1;display-name=V :v!v@v PRIVMSG #chan :{text}";
        }, line =>
        {
            var events = new List<StreamEvent>();
            Assert.Equal(IrcMapResult.Mapped, TwitchChatMapper.Map(line, Now, events));
            var chat = Assert.IsType<ChatMessage>(events[0]);
            CheckChat(line, chat);
            if (chat.Fragments.Any(f => f.IsEmote)) emoted++;
        });

        Assert.True(emoted > 1_000, $"only {emoted} cases kept an emote");
    }

    [Fact]
    public void Lines_of_100_KB_and_huge_tags_map_without_throwing()
    {
        var mutator = new TextMutator(new Random(77));
        var big = new string('x', 100 * 1024);
        var cases = new List<string>
        {
            ChatHarness.Privmsg("big-text", big),
            // As many emote ranges as fit in the 16 KB the connection lets through, in the worst order.
            $"@emotes={string.Join('/', Enumerable.Range(0, 1_000).Select(i => $"{i}:{2_000 - i}-{2_000 - i}"))};id=many :v!v@v PRIVMSG #chan :{big}",
            $"@emotes=1:{string.Join(',', Enumerable.Range(0, 2_000).Reverse().Select(i => $"{i}-{i}"))};id=reversed :v!v@v PRIVMSG #chan :{big}",
            $"@badges={string.Join(',', Enumerable.Range(0, 10_000).Select(i => $"b{i}/1"))};display-name={big} :v!v@v PRIVMSG #chan :hi",
            $"@{string.Join(';', Enumerable.Range(0, 10_000).Select(i => $"k{i}=v\\s{i}"))} :v!v@v PRIVMSG #chan :hi",
            $"@msg-id=resub;system-msg={big.Replace('x', '\\')};login=v;room-id=1 :tmi.twitch.tv USERNOTICE #chan :{big}",
            "@" + big, ":" + big, big, new string(' ', 100 * 1024), "PRIVMSG" + new string(' ', 100 * 1024) + "#chan",
        };
        for (var i = 0; i < 40; i++) cases.Add(mutator.Mutate(cases[i % cases.Count]));

        FuzzRun.Cases(cases.Count, i => cases[i], line =>
        {
            MapAndCheck(line, null);
            WalkEverything(line);
        });
    }

    [Fact]
    public void Framer_cuts_random_bytes_into_the_lines_a_simple_model_expects_and_strict_decoding_refuses_invalid_utf8()
    {
        const int max = 2_048;
        var random = new Random(1234);
        byte[][] pieces =
        [
            .. Lines.Take(40).Select(l => Encoding.UTF8.GetBytes(l)),
            [0xFF, 0xFE, (byte)'x'],                  // never valid in UTF-8
            [0xC3],                                   // a cut two-byte sequence
            [0xED, 0xA0, 0xBD],                       // a lone surrogate as CESU-8
            [0xF4, 0x90, 0x80, 0x80],                 // past U+10FFFF
            [0xC0, 0xAF],                             // overlong '/'
            [0x00, (byte)'\r', (byte)'\r'],
            Encoding.UTF8.GetBytes(new string('y', max - 1)),
            Encoding.UTF8.GetBytes(new string('z', max + 1)),
            Encoding.UTF8.GetBytes(new string('w', 100 * 1024)),
        ];

        FuzzRun.Cases(3_000, _ => MakeStream(random, pieces), stream =>
        {
            var framer = new IrcLineFramer(max);
            var actual = new List<string>();
            var invalid = 0;
            foreach (var message in stream)
            {
                var offset = 0;
                do
                {
                    var space = framer.FreeSpace();
                    var count = Math.Min(Math.Min(space.Length, message.Length - offset), 1 + random.Next(3_000));
                    message.AsSpan(offset, count).CopyTo(space.Span);
                    offset += count;
                    framer.Advance(count, offset == message.Length);
                    while (framer.TryReadLine(out var line, out var oversized))
                    {
                        if (oversized)
                        {
                            actual.Add("<oversized>");
                            continue;
                        }
                        Assert.True(line.Length <= max);
                        Assert.True(line.IndexOf((byte)'\n') < 0);
                        var chars = new char[line.Length];
                        if (System.Text.Unicode.Utf8.ToUtf16(line, chars, out _, out var written, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done)
                        {
                            invalid++;
                            actual.Add("<invalid>");
                            continue;
                        }
                        actual.Add(new string(chars, 0, written));
                    }
                }
                while (offset < message.Length);
            }
            var expected = Model(stream, max);
            Assert.Equal(expected.Count(l => l == "<invalid>"), invalid);
            Assert.Equal(expected, actual);
        }, show: stream => string.Join(" | ", stream.Select(m => Convert.ToHexString(m.AsSpan(0, Math.Min(m.Length, 40))))));
    }

    [Fact]
    public async Task Hostile_lines_through_the_real_connection_are_all_counted_and_the_next_good_line_arrives()
    {
        await using var chat = await ChatHarness.StartAsync();
        var client = await chat.JoinedClientAsync();
        var mutator = new TextMutator(new Random(31337));
        var calm = Lines.Where(l => !l.Contains("RECONNECT", StringComparison.Ordinal)).ToArray();
        byte[][] junk = [[0xFF, 0xFE], [0xED, 0xA0, 0xBD], [0xC3], [0xF4, 0x90, 0x80, 0x80], [0x00], Encoding.UTF8.GetBytes(new string('w', 100 * 1024))];
        var frames = new List<byte[]>();
        for (var i = 0; i < 1_500; i++)
        {
            var bytes = new List<byte>(Encoding.UTF8.GetBytes(mutator.Mutate(calm[mutator.Random.Next(calm.Length)])));
            if (mutator.Random.Next(8) == 0) bytes.InsertRange(mutator.Random.Next(bytes.Count + 1), junk[mutator.Random.Next(junk.Length)]);
            bytes.AddRange("\r\n"u8.ToArray());
            frames.Add([.. bytes]);
        }
        // RECONNECT is the one command that ends the socket on purpose; the mutations must not make one up.
        frames.RemoveAll(f => Encoding.UTF8.GetString(f).Contains("RECONNECT", StringComparison.Ordinal));
        var expected = Model(frames, new TwitchChatOptions().MaxLineBytes);
        await client.SendAsync(ChatHarness.Privmsg("before-the-storm", "calm"));
        await chat.ChatUntilAsync("calm"); // sign-in lines are all read: count from here
        var linesBefore = chat.Counters.Value("twitch.irc.lines");

        foreach (var frame in frames) await client.SendBytesAsync(frame, type: WebSocketMessageType.Binary);
        await client.SendAsync(ChatHarness.Privmsg("after-the-storm", "still reading"));
        await chat.ChatUntilAsync("still reading");

        Assert.Single(chat.Server.Clients);
        Assert.True(client.IsOpen);
        Assert.Equal(0, chat.Counters.Value("twitch.irc.reconnects"));
        // Every line the storm held is accounted for: refused as oversized or invalid UTF-8, or read (and then
        // mapped, ignored or counted as malformed).
        Assert.Equal(expected.Count(l => l == "<oversized>"), chat.Counters.Value("twitch.irc.oversized"));
        Assert.Equal(expected.Count(l => l == "<invalid>"), chat.Counters.Value("twitch.irc.invalid_utf8"));
        Assert.Equal(expected.Count(l => l is not "<oversized>" and not "<invalid>") + 1, chat.Counters.Value("twitch.irc.lines") - linesBefore);
        Assert.True(chat.Counters.Value("twitch.irc.malformed") > 0);
        Assert.True(chat.Counters.Value("twitch.irc.invalid_utf8") > 0);
    }

    /// <summary>A few WebSocket messages, each some pieces joined by CR LF, LF or nothing.</summary>
    private static List<byte[]> MakeStream(Random random, byte[][] pieces)
    {
        var messages = new List<byte[]>();
        for (var m = 1 + random.Next(4); m > 0; m--)
        {
            var bytes = new List<byte>();
            for (var p = 1 + random.Next(5); p > 0; p--)
            {
                bytes.AddRange(pieces[random.Next(pieces.Length)]);
                bytes.AddRange(random.Next(4) switch { 0 => "\n"u8.ToArray(), 1 => [], 2 => "\r\n\r\n"u8.ToArray(), _ => "\r\n"u8.ToArray() });
            }
            messages.Add([.. bytes]);
        }
        return messages;
    }

    /// <summary>
    /// What the framer must produce: a line ends at LF or at the end of a message; one CR before the end is not
    /// part of it; empty lines vanish; a line longer than the limit (CR included) is one "oversized".
    /// </summary>
    private static List<string> Model(List<byte[]> stream, int max)
    {
        var lines = new List<string>();
        foreach (var message in stream)
        {
            var start = 0;
            for (var i = 0; i <= message.Length; i++)
            {
                if (i < message.Length && message[i] != (byte)'\n') continue;
                var raw = message.AsSpan(start, i - start);
                start = i + 1;
                if (raw.Length > max)
                {
                    lines.Add("<oversized>");
                    continue;
                }
                if (raw.Length > 0 && raw[^1] == (byte)'\r') raw = raw[..^1];
                if (raw.IsEmpty) continue;
                var chars = new char[raw.Length];
                lines.Add(System.Text.Unicode.Utf8.ToUtf16(raw, chars, out _, out var written, replaceInvalidSequences: false) == System.Buffers.OperationStatus.Done
                    ? new string(chars, 0, written)
                    : "<invalid>");
            }
        }
        return lines;
    }

    private static IrcMapResult MapAndCheck(string line, TwitchChatVocabulary? vocabulary)
    {
        var events = new List<StreamEvent>();
        var result = TwitchChatMapper.Map(line, Now, events, vocabulary);
        Assert.True(Enum.IsDefined(result));
        Assert.Equal(result == IrcMapResult.Mapped, events.Count > 0);
        foreach (var e in events)
        {
            Assert.Equal(Platform.Twitch, e.Platform);
            Assert.False(string.IsNullOrEmpty(e.Id));
            Assert.NotNull(e.Channel);
            if (e is ChatMessage chat) CheckChat(line, chat);
        }
        return result;
    }

    /// <summary>A chat message's text comes from the line as it was, and its fragments put it back together exactly.</summary>
    private static void CheckChat(string line, ChatMessage chat)
    {
        Assert.Contains(chat.Text, line, StringComparison.Ordinal);
        Assert.Equal(chat.Text, string.Concat(chat.Fragments.Select(f => f.Text)));
        Assert.All(chat.Fragments, f => Assert.NotEqual(0, f.Text.Length));
        foreach (var f in chat.Fragments)
        {
            if (f.Emote is not { } emote) continue;
            Assert.Equal(f.Text, emote.Name);
            Assert.StartsWith("https://static-cdn.jtvnw.net/emoticons/v2/", emote.ImageUrl, StringComparison.Ordinal);
        }
    }

    /// <summary>Every accessor of the parsed line, as the connection and the mapper use them.</summary>
    private static void WalkEverything(string line)
    {
        if (!IrcMessage.TryParse(line, out var message)) return;
        _ = message.Nick.Length + message.Command.Length + message.Source.Length;
        foreach (var p in message.Params) _ = p.Length;
        foreach (var tag in message.Tags) _ = IrcTags.Unescape(tag.Value);
        message.TryGetParam(3, out _);
        message.TryGetTag("emotes", out _);
    }
}
