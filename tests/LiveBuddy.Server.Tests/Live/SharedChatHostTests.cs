using System.Text.Json;
using LiveBuddy.Server.Tests.Hosting;
using LiveBuddy.Testing.Twitch;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveBuddy.Server.Tests.Live;

/// <summary>
/// Issue 17's Shared Chat scenario through the whole host, from raw IRC lines: our moderator opens a poll, three viewers
/// of a partner channel (their lines carry the partner's <c>source-room-id</c>) vote, and one of ours does.
/// </summary>
public sealed class SharedChatHostTests
{
    private const string Channel = "streamchan";
    private const string OurRoom = "777";
    private const string PartnerRoom = "888";
    private readonly RawPrivmsg _lines = new(Channel, OurRoom, "raw");

    private string Line(string login, string text, int userId, string badges = "", bool partner = false) =>
        _lines.Line(login, text, badges, userId, partner ? PartnerRoom : OurRoom);

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 4)]
    public async Task Partner_viewers_votes_count_only_when_the_streamer_lets_them_and_their_lines_still_show_as_partner_lines(bool participate, int expectedVotes)
    {
        var twitch = await FakeTwitchChatServer.StartAsync();
        await using var _ = twitch;
        var settings = IrcBotHost.Settings(twitch, Channel);
        settings["Twitch:SharedChat:Participate"] = participate ? "true" : "false";
        var host = TestHost.Start(settings);
        await using var __ = host;
        var client = await IrcBotHost.JoinedClientAsync(twitch, Channel);
        await using var hub = host.CreateOverlayConnection();
        var polls = new List<JsonElement>();
        var chat = new List<JsonElement>();
        hub.On<JsonElement>("poll", p => { lock (polls) polls.Add(p.Clone()); });
        hub.On<JsonElement>("chat", c => { lock (chat) chat.Add(c.Clone()); });
        await hub.StartAsync();

        await client.SendAsync(Line("nightowl", "!poll Which boss next? | Hornet | Radiance | 5m", 1, badges: "moderator/1"));
        var lines = new List<string>
        {
            Line("partner_a", "2", 31, partner: true),
            Line("partner_b", "!vote 2", 32, partner: true),
            Line("partner_c", "2", 33, partner: true),
        };
        // A partner channel's moderator is not ours: their "!poll end" must not end our poll (with Participate they are
        // treated like our viewers, moderator badge included, so that case leaves the line out).
        if (!participate) lines.Add(Line("partner_mod", "!poll end", 34, badges: "moderator/1", partner: true));
        lines.Add(Line("alice", "1", 11));
        await client.SendAsync(string.Join("\r\n", lines));
        await Wait.UntilAsync(() => { lock (chat) return chat.Count(c => c.GetProperty("author").GetProperty("name").GetString() != "nightowl") >= lines.Count; }, TimeSpan.FromSeconds(20), "every line on the chat overlay");
        await client.SendAsync(Line("nightowl", "!poll end", 1, badges: "moderator/1"));
        await Wait.UntilAsync(() => { lock (polls) return polls.Any(p => p.GetProperty("status").GetString() == "closed"); }, TimeSpan.FromSeconds(20), "the poll closes");

        JsonElement closed;
        lock (polls) closed = polls.Last(p => p.GetProperty("status").GetString() == "closed");
        Assert.Equal("Which boss next?", closed.GetProperty("question").GetString());
        Assert.Equal(expectedVotes, closed.GetProperty("totalVotes").GetInt32());
        Assert.Equal(participate ? [1, 3] : [1, 0], closed.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("votes").GetInt32()));
        lock (chat)
        {
            var partnerLines = chat.Where(c => c.GetProperty("author").GetProperty("name").GetString()!.StartsWith("partner_", StringComparison.Ordinal)).ToList();
            Assert.Equal(lines.Count - 1, partnerLines.Count);
            Assert.All(partnerLines, c => Assert.Equal(PartnerRoom, c.GetProperty("shared").GetProperty("channelId").GetString()));
            var ours = chat.Single(c => c.GetProperty("author").GetProperty("name").GetString() == "alice");
            Assert.Equal(JsonValueKind.Null, ours.TryGetProperty("shared", out var shared) ? shared.ValueKind : JsonValueKind.Null);
        }
    }
}
