using System.Text.Json;
using LiveBuddy.Server.Tests.Hosting;
using LiveBuddy.Testing.Twitch;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveBuddy.Server.Tests.Live;

/// <summary>The whole host driven by raw Twitch IRC lines from a local fake server, as a streamer's chat would.</summary>
public sealed class RawTwitchChatTests
{
    private const string Channel = "streamchan";
    private readonly RawPrivmsg _lines = new(Channel, "777", "raw");

    private string Line(string login, string text, string badges = "", int userId = 50) => _lines.Line(login, text, badges, userId);

    private static async Task<(TestHost Host, FakeTwitchChatServer Twitch, FakeTwitchChatClient Client)> StartAsync()
    {
        var twitch = await FakeTwitchChatServer.StartAsync();
        var host = TestHost.Start(IrcBotHost.Settings(twitch, Channel));
        var client = await IrcBotHost.JoinedClientAsync(twitch, Channel);
        return (host, twitch, client);
    }

    [Fact]
    public async Task Poll_from_raw_chat_carries_exact_tallies_and_only_a_moderator_opens_it()
    {
        var (host, twitch, client) = await StartAsync();
        await using var _ = host;
        await using var __ = twitch;
        await using var hub = host.CreateOverlayConnection();
        var polls = new List<JsonElement>();
        hub.On<JsonElement>("poll", p => { lock (polls) polls.Add(p.Clone()); });
        await hub.StartAsync();

        await client.SendAsync(Line("randomviewer", "!poll Hack the poll? | yes | no", userId: 50));
        await client.SendAsync(Line("nightowl", "!poll Which boss next? | Hornet | Radiance | Grimm | 5m", badges: "moderator/1", userId: 1));
        await client.SendAsync(string.Join("\r\n",
            Line("alice", "!vote 1", userId: 11),
            Line("bob", "2", userId: 12),
            Line("carol", "!vote 3", userId: 13),
            Line("dave", "!vote 7", userId: 14),        // no option 7: ignored
            Line("erin", "hello 2 you", userId: 15),     // not a vote
            Line("bob", "!vote 1", userId: 12),          // bob changes his vote
            Line("frank", "1", userId: 16)));
        await client.SendAsync(Line("nightowl", "!poll end", badges: "moderator/1", userId: 1));

        await Wait.UntilAsync(() => { lock (polls) return polls.Any(p => p.GetProperty("status").GetString() == "closed"); },
            TimeSpan.FromSeconds(20), "the poll should close");
        JsonElement closed;
        lock (polls)
        {
            closed = polls.Last(p => p.GetProperty("status").GetString() == "closed");
            Assert.DoesNotContain(polls, p => p.GetProperty("question").GetString() == "Hack the poll?");
        }
        Assert.Equal("Which boss next?", closed.GetProperty("question").GetString());
        Assert.Equal([3, 0, 1], closed.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("votes").GetInt32()));
        Assert.Equal(4, closed.GetProperty("totalVotes").GetInt32());
        Assert.Equal(4, closed.GetProperty("votesByPlatform").GetProperty("twitch").GetInt32());
        // Results are announced in chat by the bot.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var announcement = await client.WaitForLineAsync(l => l.Contains($"PRIVMSG #{Channel}", StringComparison.Ordinal) && l.Contains("Hornet", StringComparison.Ordinal), timeout.Token);
        Assert.Contains("Hornet", announcement, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Custom_command_added_from_chat_answers_in_chat_and_upvotes_count_once()
    {
        var (host, twitch, client) = await StartAsync();
        await using var _ = host;
        await using var __ = twitch;
        await using var hub = host.CreateOverlayConnection();
        var queues = new List<JsonElement>();
        hub.On<JsonElement>("qa", q => { lock (queues) queues.Add(q.Clone()); });
        await hub.StartAsync();

        await client.SendAsync(Line("nightowl", "!cmd add schedule {user}: we are live Mon/Wed/Fri", badges: "moderator/1", userId: 1));
        await client.SendAsync(Line("alice", "!schedule", userId: 11));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var reply = await client.WaitForLineAsync(l => l.Contains("we are live Mon/Wed/Fri", StringComparison.Ordinal), timeout.Token);
        Assert.Contains($"PRIVMSG #{Channel} :alice: we are live Mon/Wed/Fri", reply, StringComparison.Ordinal);

        await client.SendAsync(Line("bob", "!ask what build is this run using?", userId: 12));
        await client.SendAsync(string.Join("\r\n",
            Line("carol", "!up 1", userId: 13),
            Line("carol", "!up 1", userId: 13),   // twice from one viewer: counts once
            Line("dave", "!up 1", userId: 14)));
        await Wait.UntilAsync(() =>
        {
            lock (queues)
                return queues.Any(q => q.GetProperty("questions").EnumerateArray().Any(x => x.GetProperty("upvotes").GetInt32() == 2));
        }, TimeSpan.FromSeconds(20), "two distinct upvotes");
        await client.SendAsync(Line("erin", "!up 1", userId: 15));
        await Wait.UntilAsync(() =>
        {
            lock (queues)
                return queues.Any(q => q.GetProperty("questions").EnumerateArray().Any(x => x.GetProperty("upvotes").GetInt32() == 3));
        }, TimeSpan.FromSeconds(20), "a third viewer's upvote");
        lock (queues)
            Assert.DoesNotContain(queues, q => q.GetProperty("questions").EnumerateArray().Any(x => x.GetProperty("upvotes").GetInt32() > 3));
    }
}
