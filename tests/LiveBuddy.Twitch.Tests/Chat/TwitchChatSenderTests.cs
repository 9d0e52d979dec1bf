using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Twitch.Chat;
using Microsoft.Extensions.Time.Testing;

namespace LiveBuddy.Twitch.Tests.Chat;

public sealed class ChatSendWindowTests
{
    [Fact]
    public void Twenty_messages_go_at_once_and_the_next_waits_for_the_window()
    {
        var time = new FakeTimeProvider();
        var window = new ChatSendWindow(time);

        for (var i = 0; i < 20; i++) Assert.Equal(TimeSpan.Zero, window.TryTake(moderator: false));
        time.Advance(TimeSpan.FromSeconds(10));
        var wait = window.TryTake(moderator: false);
        time.Advance(wait);

        Assert.Equal(TimeSpan.FromSeconds(20), wait);
        Assert.Equal(TimeSpan.Zero, window.TryTake(moderator: false));
    }

    [Fact]
    public void A_moderator_bot_may_send_a_hundred()
    {
        var window = new ChatSendWindow(new FakeTimeProvider());

        for (var i = 0; i < 100; i++) Assert.Equal(TimeSpan.Zero, window.TryTake(moderator: true));

        Assert.Equal(TimeSpan.FromSeconds(30), window.TryTake(moderator: true));
    }

    [Fact]
    public void The_window_slides_one_send_at_a_time()
    {
        var time = new FakeTimeProvider();
        var window = new ChatSendWindow(time);
        for (var i = 0; i < 20; i++)
        {
            window.TryTake(false);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        time.Advance(TimeSpan.FromSeconds(10)); // t=30: the first send leaves the window
        Assert.Equal(TimeSpan.Zero, window.TryTake(false));
        Assert.Equal(TimeSpan.FromSeconds(1), window.TryTake(false));
    }

    [Fact]
    public void A_pause_from_twitch_holds_every_send()
    {
        var time = new FakeTimeProvider();
        var window = new ChatSendWindow(time);

        Assert.Equal(TimeSpan.FromSeconds(30), window.TryTake(true, time.GetUtcNow().AddSeconds(30)));
    }

    [Fact]
    public async Task Waiting_for_a_turn_follows_the_clock()
    {
        var time = new FakeTimeProvider();
        var window = new ChatSendWindow(time);
        for (var i = 0; i < 20; i++) window.TryTake(false);

        var turn = window.WaitTurnAsync(false, () => default, CancellationToken.None).AsTask();
        Assert.False(turn.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(30));
        await turn.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(turn.IsCompletedSuccessfully);
    }
}

public sealed class TwitchChatSenderTests
{
    [Fact]
    public void Long_replies_are_split_at_words_into_at_most_three_messages()
    {
        var words = string.Join(' ', Enumerable.Range(0, 400).Select(i => $"word{i}"));

        var parts = TwitchChatSender.Split(words);

        Assert.Equal(3, parts.Count);
        Assert.All(parts, p => Assert.InRange(p.Length, 1, TwitchChatSender.MaxMessageLength));
        Assert.EndsWith("…", parts[2], StringComparison.Ordinal);
        Assert.All(parts.Take(2), p => Assert.False(p.EndsWith(' ')));
        Assert.StartsWith("word0 word1", parts[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Line_breaks_cannot_smuggle_an_irc_command()
    {
        var parts = TwitchChatSender.Split("hi\r\nPRIVMSG #other :spam");

        Assert.Equal("hi  PRIVMSG #other :spam", Assert.Single(parts));
    }

    [Fact]
    public void A_short_reply_is_one_message_and_an_empty_one_none()
    {
        Assert.Equal(["hello"], TwitchChatSender.Split("  hello "));
        Assert.Empty(TwitchChatSender.Split(" \n "));
    }

    [Fact]
    public async Task A_reply_goes_out_as_privmsg_with_its_parent_id()
    {
        await using var chat = await ChatHarness.StartAsync();
        var client = await chat.JoinedClientAsync();
        await chat.ConnectedAsync();

        await chat.Sender.SendAsync(new ChatReply(Platform.Twitch, "chan", "Thanks for the raid!", "885196de-cb67-427a-baa8-82f9b0fcd05f"), chat.Deadline);
        var line = await client.WaitForLineAsync(l => l.Contains("PRIVMSG", StringComparison.Ordinal), chat.Deadline);

        Assert.Equal("@reply-parent-msg-id=885196de-cb67-427a-baa8-82f9b0fcd05f PRIVMSG #chan :Thanks for the raid!", line);
        Assert.Equal(1, chat.Counters.Value("twitch.chat.sent"));
    }

    [Fact]
    public async Task The_same_reply_twice_is_altered_so_twitch_keeps_it()
    {
        await using var chat = await ChatHarness.StartAsync();
        var client = await chat.JoinedClientAsync();
        await chat.ConnectedAsync();

        await chat.Sender.SendAsync(new ChatReply(Platform.Twitch, "chan", "!so streamer"), chat.Deadline);
        await chat.Sender.SendAsync(new ChatReply(Platform.Twitch, "chan", "!so streamer"), chat.Deadline);
        await client.WaitForLineAsync(l => l.StartsWith("PRIVMSG", StringComparison.Ordinal) && l.EndsWith("\U000E0000", StringComparison.Ordinal), chat.Deadline);

        var sent = client.Received.Where(l => l.StartsWith("PRIVMSG", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, sent.Count);
        Assert.NotEqual(sent[0], sent[1]);
    }

    [Fact]
    public async Task An_anonymous_session_does_not_send_and_counts_it()
    {
        await using var chat = await ChatHarness.StartAsync(ChatHarness.Anonymous);
        var client = await chat.JoinedClientAsync();
        await chat.ConnectedAsync();

        await chat.Sender.SendAsync(new ChatReply(Platform.Twitch, "chan", "hello"), chat.Deadline);
        await client.PingAsync();
        await client.WaitForLineAsync(l => l.StartsWith("PONG", StringComparison.Ordinal), chat.Deadline);

        Assert.Equal(1, chat.Counters.Value("twitch.chat.send_anonymous"));
        Assert.DoesNotContain(client.Received, l => l.StartsWith("PRIVMSG", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Userstate_tells_where_the_bot_is_moderator()
    {
        await using var chat = await ChatHarness.StartAsync(ChatHarness.Bot with { Channels = ["chan", "other"] }, run: false);
        chat.Server.ModeratorChannels["chan"] = true;
        chat.Run();
        var client = await chat.JoinedClientAsync();
        await client.WaitForJoinAsync("other", chat.Deadline);
        await client.SendAsync(ChatHarness.Privmsg("x", "sync"));
        await chat.NextAsync<ChatMessage>();

        Assert.True(chat.Room.IsModeratorIn("chan"));
        Assert.False(chat.Room.IsModeratorIn("other"));
    }

    [Fact]
    public async Task A_rate_limit_notice_pauses_sending()
    {
        await using var chat = await ChatHarness.StartAsync();
        var client = await chat.JoinedClientAsync();

        await client.SendAsync("@msg-id=msg_ratelimit :tmi.twitch.tv NOTICE #chan :Your message was not sent because you are sending messages too quickly.");
        var notice = await chat.NextAsync<ChannelNotice>();
        while (notice.Kind != "msg_ratelimit") notice = await chat.NextAsync<ChannelNotice>();

        Assert.True(chat.Room.SendPausedUntil > DateTimeOffset.UtcNow.AddSeconds(20));
        Assert.Equal(1, chat.Counters.Value("twitch.chat.rate_limited_notices"));
    }
}
