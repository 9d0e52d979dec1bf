using System.Net.WebSockets;
using System.Text;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Sources;
using Microsoft.Extensions.Time.Testing;

namespace LiveBuddy.Twitch.Tests.Chat;

public sealed class TwitchChatConnectionTests
{
    [Fact]
    public async Task Bot_signs_in_with_capabilities_token_and_nick_then_joins()
    {
        await using var chat = await ChatHarness.StartAsync();

        var client = await chat.JoinedClientAsync();
        await chat.ConnectedAsync();

        var sent = client.Received;
        Assert.Equal("CAP REQ :twitch.tv/tags twitch.tv/commands twitch.tv/membership", sent[0]);
        Assert.Equal("PASS oauth:secret-token", sent[1]);
        Assert.Equal("NICK livebuddybot", sent[2]);
        Assert.Equal("JOIN #chan", sent[3]);
        Assert.True(chat.Connection.CanSend);
        Assert.Equal(SourceState.Connected, chat.Status.Get("twitch-chat")!.State);
    }

    [Fact]
    public async Task Without_a_bot_account_chat_is_read_anonymously()
    {
        await using var chat = await ChatHarness.StartAsync(ChatHarness.Anonymous);

        var client = await chat.JoinedClientAsync();
        await client.SendAsync(ChatHarness.Privmsg("m1", "hello"));
        var message = await chat.NextAsync<ChatMessage>();

        Assert.DoesNotContain(client.Received, l => l.StartsWith("PASS", StringComparison.Ordinal));
        Assert.Matches("^justinfan[0-9]+$", client.Nick);
        Assert.False(chat.Connection.CanSend);
        Assert.Equal("hello", message.Text);
    }

    [Fact]
    public async Task Chat_lines_reach_the_pipeline_as_events()
    {
        await using var chat = await ChatHarness.StartAsync();
        var client = await chat.JoinedClientAsync();

        await client.SendAsync(ChatHarness.Privmsg("m1", "first") + "\n" + ChatHarness.Privmsg("m2", "second"));
        var messages = await chat.ChatUntilAsync("second");

        Assert.Equal(["first", "second"], messages.Select(m => m.Text));
        Assert.All(messages, m =>
        {
            Assert.Equal(Platform.Twitch, m.Platform);
            Assert.Equal("chan", m.Channel);
            Assert.Equal("Viewer", m.Author.DisplayName);
        });
    }

    [Fact]
    public async Task A_line_split_across_frames_is_put_back_together()
    {
        await using var chat = await ChatHarness.StartAsync();
        var client = await chat.JoinedClientAsync();
        var line = Encoding.UTF8.GetBytes(ChatHarness.Privmsg("m1", "joined up") + "\r\n");

        await client.SendBytesAsync(line.AsMemory(0, 40), endOfMessage: false);
        await client.SendBytesAsync(line.AsMemory(40));
        var message = await chat.NextAsync<ChatMessage>();

        Assert.Equal("joined up", message.Text);
    }

    [Fact]
    public async Task Twitch_ping_is_answered_with_pong()
    {
        await using var chat = await ChatHarness.StartAsync();
        var client = await chat.JoinedClientAsync();

        await client.PingAsync();
        var pong = await client.WaitForLineAsync(l => l.StartsWith("PONG", StringComparison.Ordinal), chat.Deadline);

        Assert.Equal("PONG :tmi.twitch.tv", pong);
    }

    [Fact]
    public async Task Reconnect_hands_over_without_loss_or_duplicates()
    {
        await using var chat = await ChatHarness.StartAsync();
        var old = await chat.JoinedClientAsync();
        await old.SendAsync(ChatHarness.Privmsg("a", "A"));

        // Twitch says RECONNECT, then keeps talking on the old socket while the new one joins.
        await old.SendAsync(string.Join("\n", ":tmi.twitch.tv RECONNECT", ChatHarness.Privmsg("b", "B"), ChatHarness.Privmsg("c", "C"), ChatHarness.Privmsg("d", "D")));
        var fresh = await chat.JoinedClientAsync();
        await fresh.SendAsync(string.Join("\n", ChatHarness.Privmsg("b", "B"), ChatHarness.Privmsg("c", "C"), ChatHarness.Privmsg("e", "E")));
        var messages = await chat.ChatUntilAsync("E");
        await old.Closed.WaitAsync(chat.Deadline);
        await fresh.SendAsync(ChatHarness.Privmsg("f", "F"));
        messages.AddRange(await chat.ChatUntilAsync("F"));

        Assert.Equal(["A", "B", "C", "D", "E", "F"], messages.Select(m => m.Text).Order(StringComparer.Ordinal));
        // B and C came twice; the room state both sockets got on JOIN folds the same way.
        Assert.InRange(chat.Counters.Value("twitch.chat.duplicates"), 2, 3);
        Assert.Equal(0, chat.Counters.Value("pipeline.duplicates"));
        Assert.True(fresh.IsOpen);
    }

    [Fact]
    public async Task A_dropped_socket_reconnects_and_joins_again()
    {
        await using var chat = await ChatHarness.StartAsync();
        var first = await chat.JoinedClientAsync();

        first.Drop();
        var second = await chat.JoinedClientAsync();
        await second.SendAsync(ChatHarness.Privmsg("after", "back again"));
        var message = await chat.NextAsync<ChatMessage>();

        Assert.Equal("back again", message.Text);
        Assert.Contains("JOIN #chan", second.Received);
        Assert.True(chat.Counters.Value("twitch.irc.reconnects") >= 1);
    }

    [Fact]
    public async Task Malformed_lines_are_counted_and_the_connection_stays_up()
    {
        await using var chat = await ChatHarness.StartAsync();
        var client = await chat.JoinedClientAsync();

        await client.SendAsync("@tags-without-anything-else\n:source-only\nPRIVMSG #chan\n" + ChatHarness.Privmsg("ok", "still here"));
        var message = await chat.NextAsync<ChatMessage>();

        Assert.Equal("still here", message.Text);
        Assert.Equal(3, chat.Counters.Value("twitch.irc.malformed"));
        Assert.Single(chat.Server.Clients);
        Assert.True(client.IsOpen);
    }

    [Fact]
    public async Task A_huge_line_and_invalid_utf8_are_skipped()
    {
        await using var chat = await ChatHarness.StartAsync();
        var client = await chat.JoinedClientAsync();

        await client.SendAsync(ChatHarness.Privmsg("huge", new string('x', 100 * 1024)));
        await client.SendBytesAsync(new byte[] { (byte)'P', (byte)'I', 0xFF, 0xFE, 0xC3, (byte)'\r', (byte)'\n' }, type: WebSocketMessageType.Binary);
        await client.SendAsync(ChatHarness.Privmsg("ok", "after the junk"));
        var message = await chat.NextAsync<ChatMessage>();

        Assert.Equal("after the junk", message.Text);
        Assert.Equal(1, chat.Counters.Value("twitch.irc.oversized"));
        Assert.Equal(1, chat.Counters.Value("twitch.irc.invalid_utf8"));
        Assert.Single(chat.Server.Clients);
    }

    [Fact]
    public async Task Invalid_utf8_in_a_text_frame_costs_one_reconnect_and_nothing_more()
    {
        await using var chat = await ChatHarness.StartAsync();
        var first = await chat.JoinedClientAsync();

        await first.SendBytesAsync(new byte[] { (byte)'P', (byte)'I', 0xFF, 0xFE, (byte)'\r', (byte)'\n' });
        var second = await chat.JoinedClientAsync();
        await second.SendAsync(ChatHarness.Privmsg("ok", "recovered"));
        var message = await chat.NextAsync<ChatMessage>();

        Assert.Equal("recovered", message.Text);
        Assert.Equal(2, chat.Server.Clients.Count);
    }

    [Fact]
    public async Task A_silent_server_is_pinged_then_replaced()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = ChatHarness.FastOptions with { PingInterval = TimeSpan.FromSeconds(60), PongTimeout = TimeSpan.FromSeconds(10) };
        await using var chat = await ChatHarness.StartAsync(options: options, time: time);
        chat.Server.AnswerPings = false;
        var first = await chat.JoinedClientAsync();

        var ping = first.WaitForLineAsync(l => l == "PING :livebuddy", chat.Deadline);
        while (!ping.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            await Task.WhenAny(ping, Task.Delay(10, chat.Deadline));
        }
        while (!first.Closed.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(first.Closed, Task.Delay(10, chat.Deadline));
        }
        var next = chat.Server.NextClientAsync(chat.Deadline);
        while (!next.IsCompleted)
        {
            time.Advance(TimeSpan.FromMilliseconds(20));
            await Task.WhenAny(next, Task.Delay(10, chat.Deadline));
        }
        var second = await next;
        await second.WaitForJoinAsync("chan", chat.Deadline);

        Assert.Equal(1, chat.Counters.Value("twitch.irc.dead_sockets"));
    }

    [Fact]
    public async Task A_refused_token_marks_the_source_failed()
    {
        await using var chat = await ChatHarness.StartAsync(run: false);
        chat.Server.RefuseLogins = true;
        chat.Run();

        while (chat.Status.Get("twitch-chat")?.State != SourceState.Failed)
            await Task.Delay(5, chat.Deadline);

        Assert.Equal("Twitch refused the sign-in", chat.Status.Get("twitch-chat")!.Detail);
        Assert.DoesNotContain(chat.Server.Clients[0].Received, l => l.StartsWith("JOIN", StringComparison.Ordinal));
    }
}
