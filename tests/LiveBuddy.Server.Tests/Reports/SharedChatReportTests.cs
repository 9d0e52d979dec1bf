using System.Text.Json;
using LiveBuddy.Server.Tests.Hosting;
using LiveBuddy.Server.Tests.Live;
using LiveBuddy.Testing.Twitch;

namespace LiveBuddy.Server.Tests.Reports;

/// <summary>
/// The report's "shared chat" figure from raw IRC lines: during a Shared Chat, lines whose <c>source-room-id</c> is a partner's
/// are counted apart and never as our chatters or messages (unless <c>Twitch:SharedChat:Participate</c>).
/// </summary>
public sealed class SharedChatReportTests
{
    private const string Channel = "streamchan";
    private const string OurRoom = "777";
    private const string PartnerRoom = "888";
    private readonly RawPrivmsg _lines = new(Channel, OurRoom, "raw");

    private string Line(string login, string text, int userId, bool partner = false) =>
        _lines.Line(login, text, userId: userId, sourceRoomId: partner ? PartnerRoom : OurRoom);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Partner_lines_are_a_separate_shared_chat_figure_and_not_our_chatters_unless_they_take_part(bool participate)
    {
        var twitch = await FakeTwitchChatServer.StartAsync();
        await using var _ = twitch;
        var host = TestHost.Start(new Dictionary<string, string?>
        {
            ["Twitch:ChatUrl"] = twitch.Url.ToString(),
            ["Twitch:Channels:0"] = Channel,
            ["Twitch:ChatTransport"] = "irc",
            ["Twitch:AuthUrl"] = "http://127.0.0.1:9/oauth2",
            ["Twitch:HelixUrl"] = "http://127.0.0.1:9/helix",
            ["Twitch:SharedChat:Participate"] = participate ? "true" : "false",
            ["Moderation:Enabled"] = "false",
        });
        await using var __ = host;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var client = await twitch.NextClientAsync(timeout.Token);
        await client.WaitForJoinAsync(Channel, timeout.Token);

        await client.SendAsync(Line("ours_one", "hello from home", 11));
        await client.SendAsync(Line("ours_two", "hi all", 12));
        await client.SendAsync(Line("ours_one", "what a run", 11));
        await client.SendAsync(Line("visitor_a", "greetings from the other channel", 21, partner: true));
        await client.SendAsync(Line("visitor_b", "hello neighbours", 22, partner: true));
        await client.SendAsync(Line("visitor_a", "lol", 21, partner: true));

        using var api = host.CreateClient(admin: true);
        JsonElement totals = default;
        var expectedMessages = participate ? 6 : 3;
        await Wait.UntilAsync(async () =>
        {
            var response = await api.GetAsync("/api/sessions/latest/report.json", timeout.Token);
            if (!response.IsSuccessStatusCode) return false;
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
            totals = doc.RootElement.GetProperty("totals").Clone();
            return totals.GetProperty("messages").GetInt64() + totals.GetProperty("sharedChat").GetProperty("lines").GetInt64() == 6;
        }, TimeSpan.FromSeconds(20), "all six lines in the report");

        var shared = totals.GetProperty("sharedChat");
        Assert.Equal(expectedMessages, totals.GetProperty("messages").GetInt64());
        Assert.Equal(participate ? 4 : 2, totals.GetProperty("chatters").GetInt32());
        Assert.Equal((participate ? 0 : 3, participate ? 0 : 2), (shared.GetProperty("lines").GetInt64(), shared.GetProperty("chatters").GetInt32()));
        Assert.Equal(participate ? [] : [PartnerRoom], shared.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        var html = await api.GetStringAsync("/api/sessions/latest/report", timeout.Token);
        Assert.Equal(!participate, html.Contains("Shared chat", StringComparison.Ordinal));
    }
}
