using System.Text.Json;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Moments;
using LiveBuddy.Server.Tests.Hosting;
using LiveBuddy.Testing.Discord;
using LiveBuddy.Testing.Obs;
using LiveBuddy.Testing.Tips;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LiveBuddy.Server.Tests.Integrations;

/// <summary>OBS, Discord and the tip services through the real host, each against its loopback fake.</summary>
public sealed class IntegrationsHostTests
{
    private const string ObsPassword = "obs-secret-pw-31337";

    [Fact]
    public async Task A_tip_from_each_service_is_an_alert_and_money_in_the_report()
    {
        await using var streamlabs = await FakeStreamlabs.StartAsync();
        await using var streamElements = await FakeStreamElements.StartAsync();
        await using var host = TestHost.Start(new Dictionary<string, string?>
        {
            ["Tips:Streamlabs:SocketToken"] = FakeStreamlabs.SocketToken,
            ["Tips:Streamlabs:Url"] = streamlabs.Url,
            ["Tips:StreamElements:JwtToken"] = FakeStreamElements.JwtToken,
            ["Tips:StreamElements:Url"] = streamElements.Url,
            ["Tips:KoFi:VerificationToken"] = FakeKoFi.VerificationToken,
        });
        var alerts = new List<JsonElement>();
        await using var overlay = host.CreateOverlayConnection(platforms: "twitch"); // a Twitch-only scene still gets tips
        overlay.On<JsonElement>("alert", a => { lock (alerts) alerts.Add(a); });
        await overlay.StartAsync();
        var sessionId = await StartSessionAsync(host);
        await Wait.UntilAsync(() => Source(host, "tips.streamlabs") == "Connected" && Source(host, "tips.streamelements") == "Connected",
            TimeSpan.FromSeconds(20), "both tip sockets connect");

        await streamlabs.EmitAsync("event", FakeStreamlabs.Donation(96164121, "Ann", 13.37m, "USD", "love the stream"));
        await streamElements.EmitAsync("event", FakeStreamElements.Tip("67b5f39d07ecd4c594e60f73", "Bob", 4.2m, "EUR", "snacks"));
        using var client = host.CreateClient();
        var kofi = await client.PostAsync("/webhooks/kofi", FakeKoFi.Form(FakeKoFi.Donation("Jo", 3m, "USD", "coffee!")));
        var refused = await client.PostAsync("/webhooks/kofi", FakeKoFi.Form(FakeKoFi.Donation("Mallory", 999m, "USD", "", token: "guess")));

        Assert.Equal(System.Net.HttpStatusCode.OK, kofi.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
        await Wait.UntilAsync(() => { lock (alerts) return alerts.Count == 3; }, TimeSpan.FromSeconds(10), "three tip alerts");
        lock (alerts)
        {
            Assert.All(alerts, a => Assert.Equal(("tip", "tips"), (a.GetProperty("kind").GetString(), a.GetProperty("platform").GetString())));
            Assert.Contains(alerts, a => a.GetProperty("author").GetString() == "Jo" && a.GetProperty("message").GetString() == "coffee!");
        }

        await host.StopAsync(); // the session ends; its report is written
        using var report = await ReportAsync(host, sessionId);
        var money = report.RootElement.GetProperty("alerts").GetProperty("money").EnumerateArray()
            .ToDictionary(m => m.GetProperty("currency").GetString()!, m => m.GetProperty("amount").GetDecimal());
        Assert.Equal(16.37m, money["USD"]);
        Assert.Equal(4.2m, money["EUR"]);
    }

    [Fact]
    public async Task A_live_moment_saves_the_obs_replay_and_the_report_keeps_its_path()
    {
        await using var obs = await FakeObsServer.StartAsync(ObsPassword);
        obs.ReplayBufferActive = true;
        await using var host = TestHost.Start(new Dictionary<string, string?>
        {
            ["Obs:Url"] = obs.Url.ToString(),
            ["Obs:Password"] = ObsPassword,
        });
        var board = host.Services.GetRequiredService<LiveBuddy.Core.Sources.SourceStatusBoard>();
        await Wait.UntilAsync(() => board.Get("obs") is { State: LiveBuddy.Core.Sources.SourceState.Connected, Extra: { } extra } && extra["replayBuffer"] is true,
            TimeSpan.FromSeconds(20), "OBS connects and reports its replay buffer running");
        var sessionId = await StartSessionAsync(host);

        host.Services.GetRequiredService<MomentFeed>().Publish(new MomentDetected("moment-1", MomentKind.Funny, DateTimeOffset.UtcNow.AddSeconds(-20),
            DateTimeOffset.UtcNow, "a funny moment: 300 messages in 30 s, KEKW ×120", sessionId, [Platform.Twitch], 300, []));
        await obs.WaitUntilAsync(f => f.RequestTypes.Contains("SaveReplayBuffer"), TimeSpan.FromSeconds(10));
        await Wait.UntilAsync(() => File.Exists(Path.Combine(host.DataPath, "replays.jsonl")), TimeSpan.FromSeconds(10), "the replay is recorded");

        await host.StopAsync();
        using var report = await ReportAsync(host, sessionId);
        var replay = Assert.Single(report.RootElement.GetProperty("replays").EnumerateArray().ToList());
        var path = replay.GetProperty("path").GetString()!;
        Assert.StartsWith("C:/Users/streamer/Videos/Replay ", path, StringComparison.Ordinal);
        Assert.Equal(("funny", "moment-1"), (replay.GetProperty("kind").GetString(), replay.GetProperty("momentId").GetString()));
        var html = await File.ReadAllTextAsync(Path.Combine(host.DataPath, "reports", sessionId + ".html"));
        Assert.Contains(path, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_moment_whose_replay_could_not_be_saved_is_in_the_report_with_why()
    {
        await using var obs = await FakeObsServer.StartAsync(ObsPassword); // replay buffer off
        await using var host = TestHost.Start(new Dictionary<string, string?>
        {
            ["Obs:Url"] = obs.Url.ToString(),
            ["Obs:Password"] = ObsPassword,
        });
        var board = host.Services.GetRequiredService<LiveBuddy.Core.Sources.SourceStatusBoard>();
        await Wait.UntilAsync(() => board.Get("obs") is { State: LiveBuddy.Core.Sources.SourceState.Connected, Extra: { } extra } && extra["replayBuffer"] is false,
            TimeSpan.FromSeconds(20), "OBS connects with its replay buffer off");
        var sessionId = await StartSessionAsync(host);

        host.Services.GetRequiredService<MomentFeed>().Publish(new MomentDetected("moment-2", MomentKind.Hype, DateTimeOffset.UtcNow.AddSeconds(-20),
            DateTimeOffset.UtcNow, "a hype moment: 400 messages in 30 s", sessionId, [Platform.Twitch], 400, []));
        await Wait.UntilAsync(() => File.Exists(Path.Combine(host.DataPath, "replays.jsonl")), TimeSpan.FromSeconds(10), "the failed save is recorded");

        await host.StopAsync();
        using var report = await ReportAsync(host, sessionId);
        var replay = Assert.Single(report.RootElement.GetProperty("replays").EnumerateArray().ToList());
        Assert.Equal(JsonValueKind.Null, replay.GetProperty("path").ValueKind);
        Assert.Equal(("moment-2", "OBS's replay buffer is not running"), (replay.GetProperty("momentId").GetString(), replay.GetProperty("failure").GetString()));
        var html = await File.ReadAllTextAsync(Path.Combine(host.DataPath, "reports", sessionId + ".html"));
        Assert.Contains("not saved</strong>: OBS&#x27;s replay buffer is not running", html, StringComparison.Ordinal);
        Assert.DoesNotContain("SaveReplayBuffer", obs.RequestTypes);
    }

    [Fact]
    public async Task Discord_gets_live_and_summary_posts_and_no_secret_shows_on_healthz_or_the_control_page()
    {
        await using var discord = await FakeDiscordWebhook.StartAsync();
        await using var obs = await FakeObsServer.StartAsync(ObsPassword);
        await using var host = TestHost.Start(new Dictionary<string, string?>
        {
            ["Discord:WebhookUrl"] = discord.WebhookUrl,
            ["Discord:RetryDelay"] = "00:00:00.010",
            ["Twitch:Channels:0"] = "speedy",
            ["Obs:Url"] = obs.Url.ToString(),
            ["Obs:Password"] = ObsPassword,
            ["Tips:Streamlabs:SocketToken"] = "streamlabs-secret-token-xyz",
            ["Tips:Streamlabs:Url"] = "http://127.0.0.1:9", // nothing listens: reconnecting
            ["Tips:KoFi:VerificationToken"] = FakeKoFi.VerificationToken,
        });
        await StartSessionAsync(host); // from chat: the live post waits for the platform's title and category
        var now = DateTimeOffset.UtcNow;
        await host.Ingress.PublishAsync(new StreamOnline
        {
            Platform = Platform.Twitch, Id = "online-1", Channel = "speedy", SentAt = now, ReceivedAt = now,
            Title = "Speedrun practice", Category = "Celeste",
        });
        var live = await discord.WaitForPostAsync(1, TimeSpan.FromSeconds(20));
        Assert.Contains("https://www.twitch.tv/speedy", live.Payload.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(live.Payload["embeds"]![0]!["fields"]!.AsArray(), f => (string?)f!["name"] == "Category" && (string?)f["value"] == "Celeste");

        using var client = host.CreateClient(admin: true);
        var pages = new[] { await client.GetStringAsync("/healthz"), await client.GetStringAsync("/"), await client.GetStringAsync("/api/sessions") };
        foreach (var secret in new[] { ObsPassword, FakeDiscordWebhook.Token, "streamlabs-secret-token-xyz", FakeKoFi.VerificationToken })
            Assert.All(pages, page => Assert.DoesNotContain(secret, page, StringComparison.Ordinal));

        discord.RateLimitNext(1, retryAfterSeconds: 0.2);
        await host.StopAsync(); // the session ends with LiveBuddy: the summary still goes out, after the 429
        var summary = await discord.WaitForPostAsync(2, TimeSpan.FromSeconds(20));
        Assert.Single(discord.RateLimitedAt);
        Assert.Contains("Stream summary", summary.Payload.ToJsonString(), StringComparison.Ordinal);
        Assert.Single(summary.Files);
    }

    /// <summary>The <c>report.json</c> LiveBuddy wrote when the session ended.</summary>
    private static async Task<JsonDocument> ReportAsync(TestHost host, string sessionId) =>
        JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(host.DataPath, "reports", sessionId + ".json")));

    private static string? Source(TestHost host, string name) =>
        host.Services.GetRequiredService<LiveBuddy.Core.Sources.SourceStatusBoard>().Get(name)?.State.ToString();

    /// <summary>A chat line starts the session (anonymous Twitch: liveness unknown); returns its id.</summary>
    private static async Task<string> StartSessionAsync(TestHost host)
    {
        var now = DateTimeOffset.UtcNow;
        await host.Ingress.PublishAsync(new ChatMessage
        {
            Platform = Platform.Twitch, Id = Guid.NewGuid().ToString(), Channel = "speedy", SentAt = now, ReceivedAt = now,
            Author = new Author { Id = "1", Name = "viewer", DisplayName = "viewer" }, Text = "hello!",
        });
        var sessions = host.Services.GetRequiredService<LiveBuddy.Core.Sessions.SessionTracker>();
        await Wait.UntilAsync(() => sessions.Current is not null, TimeSpan.FromSeconds(10), "a session starts");
        return sessions.Current!.Id;
    }
}
