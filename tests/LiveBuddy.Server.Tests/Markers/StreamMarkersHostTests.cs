using System.Text.Json;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Moments;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Server.Tests.Hosting;
using LiveBuddy.Server.Tests.Live;
using LiveBuddy.Testing.Twitch;
using LiveBuddy.Twitch.Markers;
using Microsoft.Extensions.DependencyInjection;

namespace LiveBuddy.Server.Tests.Markers;

/// <summary>
/// Markers and clips through the whole host against the fake Twitch: a live moment gets a marker and (Reports:AutoClip) a
/// clip, moderators' <c>!marker</c> and <c>!clip</c> are answered in chat, a refusal is said plainly, and the report keeps all of it.
/// </summary>
public sealed class StreamMarkersHostTests
{
    private const string Channel = "cool_user";
    private readonly RawPrivmsg _lines = new(Channel, "1337", "mk");

    private string Line(string login, string text, string badges = "", int userId = 50) => _lines.Line(login, text, badges, userId);

    [Fact]
    public async Task A_moment_gets_a_marker_and_a_clip_moderators_get_answers_and_the_report_keeps_them_with_refusals()
    {
        await using var chat = await FakeTwitchChatServer.StartAsync();
        await using var helix = await FakeHelixServer.StartAsync();
        await using var auth = await FakeTwitchAuthServer.StartAsync();
        auth.TokenIssued = token => helix.ValidTokens[token] = true;
        auth.Scopes.AddRange([TwitchMarkers.MarkerScope, TwitchMarkers.ClipScope]);
        var (access, refresh) = auth.Issue();
        helix.AddUser("1337", Channel);
        helix.AddUser("900", "livebuddy_bot");
        helix.SetLive(Channel, "stream-1", 30);
        helix.Time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(FakeHelixServer.StreamStartedAt.AddSeconds(3723));
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
            ["Reports:AutoClip"] = "true",
            ["Moderation:Enabled"] = "false",
        });
        await using var _ = host;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var credentials = host.Services.GetRequiredService<LiveBuddy.Twitch.Auth.TwitchCredentials>();
        await Wait.UntilAsync(() => credentials.Current is not null, TimeSpan.FromSeconds(30), "the Twitch sign-in to be validated");
        await Wait.UntilAsync(() => chat.Clients.LastOrDefault(c => c.IsOpen)?.JoinedChannels.Contains(Channel) == true, TimeSpan.FromSeconds(30), "chat to join");
        var client = chat.Clients.Last(c => c.IsOpen);
        await client.SendAsync(Line("viewer", "hello everyone"));
        var sessions = host.Services.GetRequiredService<SessionTracker>();
        await Wait.UntilAsync(() => sessions.Current is not null, TimeSpan.FromSeconds(30), "a session");

        // A funny moment, as the live watcher publishes it.
        var onset = DateTimeOffset.UtcNow.AddSeconds(-20);
        host.Services.GetRequiredService<MomentFeed>().Publish(new MomentDetected($"{sessions.Current!.Id}:1", MomentKind.Funny, onset, DateTimeOffset.UtcNow,
            "a funny moment: 412 messages in 40 s, KEKW ×180", sessions.Current.Id, [Platform.Twitch], 412, []));
        await helix.WaitForRequestsAsync(r => r.Path == "/helix/clips", 1, TimeSpan.FromSeconds(30));
        Assert.Equal("a funny moment: 412 messages in 40 s, KEKW ×180", Assert.Single(helix.MarkerRequests).Json!["description"]!.GetValue<string>());

        await client.SendAsync(Line("randomviewer", "!marker mine"));                                  // not a moderator: nothing
        await client.SendAsync(Line("nightowl", "!marker boss fight starts", badges: "moderator/1", userId: 1));
        var placed = await client.WaitForLineAsync(l => l.Contains("Marker placed", StringComparison.Ordinal), timeout.Token);
        Assert.EndsWith($"PRIVMSG #{Channel} :Marker placed at 1:02:03: boss fight starts", placed, StringComparison.Ordinal);
        helix.SetOffline(Channel);
        await client.SendAsync(Line("nightowl", "!clip", badges: "moderator/1", userId: 1));
        var refused = await client.WaitForLineAsync(l => l.Contains("No clip", StringComparison.Ordinal), timeout.Token);
        Assert.EndsWith($"PRIVMSG #{Channel} :No clip: cool_user is not live on Twitch (Twitch: The broadcaster in the broadcaster_id query parameter must be broadcasting live.).",
            refused, StringComparison.Ordinal);
        Assert.Equal(2, helix.MarkerRequests.Count);

        // The control page (via /healthz) says what happened last, and the report keeps every marker and clip.
        using var api = host.CreateClient(admin: true);
        using (var health = JsonDocument.Parse(await api.GetStringAsync("/healthz", timeout.Token)))
        {
            var source = health.RootElement.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("name").GetString() == TwitchMarkers.StatusName);
            Assert.StartsWith("clip refused: cool_user is not live on Twitch", source.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        JsonElement marks = default;
        await Wait.UntilAsync(async () =>
        {
            using var doc = JsonDocument.Parse(await api.GetStringAsync("/api/sessions/latest/report.json", timeout.Token));
            marks = doc.RootElement.GetProperty("streamMarks").Clone();
            return marks.GetArrayLength() == 4;
        }, TimeSpan.FromSeconds(20), "four marks in the report");
        var rows = marks.EnumerateArray().Select(m => (Kind: m.GetProperty("kind").GetString(), By: m.GetProperty("requestedBy").GetString(),
            Failure: m.GetProperty("failure").GetString(), Position: m.GetProperty("positionSeconds").ValueKind == JsonValueKind.Number ? m.GetProperty("positionSeconds").GetInt32() : -1,
            Url: m.GetProperty("url").GetString())).ToList();
        Assert.Equal(("marker", "moment", null, 3723), (rows[0].Kind, rows[0].By, rows[0].Failure, rows[0].Position));
        Assert.Equal(("clip", "moment", null), (rows[1].Kind, rows[1].By, rows[1].Failure));
        Assert.StartsWith("https://clips.twitch.tv/FiveLetterHyphenatedWords", rows[1].Url, StringComparison.Ordinal);
        Assert.Equal(("marker", "nightowl", null), (rows[2].Kind, rows[2].By, rows[2].Failure));
        Assert.Equal(("clip", "nightowl", "not-live"), (rows[3].Kind, rows[3].By, rows[3].Failure));
        var html = await api.GetStringAsync("/api/sessions/latest/report", timeout.Token);
        Assert.Contains("Twitch markers and clips", html, StringComparison.Ordinal);
        Assert.Contains("marker at 1:02:03", html, StringComparison.Ordinal);
    }
}
