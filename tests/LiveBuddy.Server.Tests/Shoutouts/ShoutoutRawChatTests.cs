using System.Net.Http.Json;
using System.Text.Json;
using LiveBuddy.Server.Tests.Hosting;
using LiveBuddy.Server.Tests.Live;
using LiveBuddy.Testing.Twitch;
using Microsoft.Extensions.DependencyInjection;

namespace LiveBuddy.Server.Tests.Shoutouts;

/// <summary><c>!so</c> from a raw Twitch IRC line through the whole host: the answer is built from the fake Helix and the native shoutout goes out.</summary>
public sealed class ShoutoutRawChatTests
{
    private const string Channel = "cool_user";
    private readonly RawPrivmsg _lines = new(Channel, "1337", "so");

    private string Line(string login, string text, string badges = "", int userId = 50) => _lines.Line(login, text, badges, userId);

    [Fact]
    public async Task So_from_raw_chat_answers_from_Helix_and_sends_the_native_shoutout_once()
    {
        await using var chat = await FakeTwitchChatServer.StartAsync();
        await using var helix = await FakeHelixServer.StartAsync();
        await using var auth = await FakeTwitchAuthServer.StartAsync();
        auth.TokenIssued = token => helix.ValidTokens[token] = true;
        var (access, refresh) = auth.Issue();
        helix.AddUser("1337", Channel);
        helix.AddUser("900", "livebuddy_bot");
        helix.AddUser("5150", "friendly_streamer", "Friendly_Streamer");
        helix.SetChannel("friendly_streamer", "509670", "Science & Technology", "Building a chat bot");
        helix.SetLive(Channel, "stream-1", 30);
        var host = TestHost.Start(new Dictionary<string, string?>
        {
            ["Twitch:ChatUrl"] = chat.Url.ToString(),
            ["Twitch:Channels:0"] = Channel,
            ["Twitch:ChatTransport"] = "irc",
            ["Twitch:BotLogin"] = "livebuddy_bot",
            ["Twitch:ClientId"] = "fake-client-id",
            ["Twitch:AccessToken"] = access,
            ["Twitch:RefreshToken"] = refresh,
            ["Twitch:AuthUrl"] = auth.Url,
            ["Twitch:HelixUrl"] = helix.Url,
            ["Twitch:EventSubUrl"] = "ws://127.0.0.1:9/ws",
            ["Moderation:Enabled"] = "false",
        });
        await using var _ = host;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // Chat may connect before the token is validated and again after: talk on the connection that stays.
        var credentials = host.Services.GetRequiredService<LiveBuddy.Twitch.Auth.TwitchCredentials>();
        await Wait.UntilAsync(() => credentials.Current is not null, TimeSpan.FromSeconds(30), "the Twitch sign-in to be validated");
        await Wait.UntilAsync(() => chat.Clients.LastOrDefault(c => c.IsOpen)?.JoinedChannels.Contains(Channel) == true, TimeSpan.FromSeconds(30), "chat to join");
        var client = chat.Clients.Last(c => c.IsOpen);

        await client.SendAsync(Line("randomviewer", "!so friendly_streamer"));            // not a moderator: nothing
        await client.SendAsync(Line("nightowl", "!so", badges: "moderator/1", userId: 1)); // no name: usage
        await client.SendAsync(Line("nightowl", "!so @Friendly_Streamer", badges: "moderator/1", userId: 1));

        var usage = await client.WaitForLineAsync(l => l.Contains("Usage: !so <user>", StringComparison.Ordinal), timeout.Token);
        Assert.Contains($"PRIVMSG #{Channel} :", usage, StringComparison.Ordinal);
        var answer = await client.WaitForLineAsync(l => l.Contains("Friendly_Streamer", StringComparison.Ordinal), timeout.Token);
        Assert.EndsWith($"PRIVMSG #{Channel} :Go show some love to Friendly_Streamer! They were last streaming Science & Technology: https://twitch.tv/friendly_streamer",
            answer, StringComparison.Ordinal);
        await helix.WaitForRequestsAsync(r => r.Path == "/helix/chat/shoutouts", 1, TimeSpan.FromSeconds(20));
        var native = Assert.Single(helix.Shoutouts);
        Assert.Equal(("1337", "5150", "900"), (native["from_broadcaster_id"], native["to_broadcaster_id"], native["moderator_id"]));

        // The control page's shoutout right after: answered in chat, the native one held back by Twitch's 2-minute rule.
        using var api = new HttpClient { BaseAddress = host.BaseUrl };
        api.DefaultRequestHeaders.Authorization = new("Bearer", host.AdminKey);
        helix.AddUser("6160", "second_friend", "Second_Friend");
        var response = await api.PostAsJsonAsync("/api/shoutouts", new { platform = "twitch", user = "second_friend" }, timeout.Token);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(timeout.Token);
        Assert.Equal("cooldown", body.GetProperty("native").GetString());
        Assert.Equal("Go show some love to Second_Friend: https://twitch.tv/second_friend", body.GetProperty("reply").GetString());
        await client.WaitForLineAsync(l => l.Contains("Second_Friend", StringComparison.Ordinal), timeout.Token);
        Assert.Single(helix.Shoutouts);

        var bad = await api.PostAsJsonAsync("/api/shoutouts", new { platform = "twitch", user = "no spaces allowed" }, timeout.Token);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("is not a Twitch name", await bad.Content.ReadAsStringAsync(timeout.Token), StringComparison.Ordinal);
    }
}
