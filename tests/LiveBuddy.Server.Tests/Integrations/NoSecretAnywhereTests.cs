using System.Net.Http.Headers;
using System.Text;
using LiveBuddy.Server.Tests.Hosting;
using LiveBuddy.Testing.Discord;
using LiveBuddy.Testing.Obs;
using LiveBuddy.Testing.Tips;
using LiveBuddy.Testing.Twitch;
using LiveBuddy.Testing.YouTube;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveBuddy.Server.Tests.Integrations;

/// <summary>
/// The whole program as a streamer runs it, with every secret configured and every log line on (Information, ASP.NET
/// included): after requests carrying the keys, connections to every service's fake, tips, a session and a stop, no
/// secret is in anything it printed, in <c>/healthz</c>, the control page, <c>/metrics</c>, the API, the written reports or
/// the Discord posts.
/// </summary>
public sealed class NoSecretAnywhereTests : IDisposable
{
    private const string AdminKey = "ad41ad41ad41ad41ad41ad41ad41ad41";
    private const string OverlayKey = "0e410e410e410e410e410e410e410e41";
    private const string ObsPassword = "obs-secret-pw-31337";
    private const string YouTubeClientSecret = "GOCSPX-fake-client-secret-4242";
    private const string YouTubeApiKey = "AIzaFakeApiKeySecret777";

    private readonly string _data = Directory.CreateTempSubdirectory("livebuddy-secrets-").FullName;

    [Fact]
    public async Task No_secret_reaches_the_log_healthz_the_control_page_the_reports_or_discord()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await using var auth = await FakeTwitchAuthServer.StartAsync();
        await using var helix = await FakeHelixServer.StartAsync();
        await using var eventSub = await FakeEventSubServer.StartAsync();
        await using var chat = await FakeTwitchChatServer.StartAsync();
        await using var youtube = await FakeYouTubeApi.StartAsync();
        await using var discord = await FakeDiscordWebhook.StartAsync();
        await using var obs = await FakeObsServer.StartAsync(ObsPassword);
        await using var streamlabs = await FakeStreamlabs.StartAsync();
        await using var streamElements = await FakeStreamElements.StartAsync();
        auth.TokenIssued = token => helix.ValidTokens[token] = true;
        var (twitchAccess, twitchRefresh) = auth.Issue();
        helix.AddUser("1337", "cool_user");
        helix.AddUser("900", "livebuddy_bot");
        obs.ReplayBufferActive = true;
        string[] secrets =
        [
            AdminKey, OverlayKey, twitchAccess, twitchRefresh, FakeDiscordWebhook.Token, ObsPassword, FakeStreamlabs.SocketToken,
            FakeStreamElements.JwtToken, FakeKoFi.VerificationToken, YouTubeClientSecret, YouTubeApiKey,
        ];

        using var server = ServerProcess.Start(new Dictionary<string, string>
        {
            ["Storage__Path"] = _data, ["Demo__Mode"] = "on",
            ["Logging__LogLevel__Default"] = "Information", ["Logging__LogLevel__Microsoft"] = "Information",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Information", ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information", ["Logging__LogLevel__System.Net.Http"] = "Information",
            ["Security__AdminKey"] = AdminKey, ["Security__OverlayKey"] = OverlayKey,
            ["Twitch__Channels__0"] = "cool_user", ["Twitch__ClientId"] = "fake-client-id",
            ["Twitch__AccessToken"] = twitchAccess, ["Twitch__RefreshToken"] = twitchRefresh,
            ["Twitch__AuthUrl"] = auth.Url, ["Twitch__HelixUrl"] = helix.Url, ["Twitch__EventSubUrl"] = eventSub.Url.ToString(),
            ["Twitch__ChatUrl"] = chat.Url.ToString(),
            ["YouTube__ApiUrl"] = youtube.ApiUrl, ["YouTube__TokenUrl"] = youtube.TokenUrl, ["YouTube__AuthUrl"] = youtube.AuthUrl,
            ["YouTube__ClientId"] = "fake-google-client.apps.googleusercontent.com", ["YouTube__ClientSecret"] = YouTubeClientSecret,
            ["YouTube__ApiKey"] = YouTubeApiKey, ["YouTube__VideoIds__0"] = "dQw4w9WgXcQ",
            ["Discord__WebhookUrl"] = discord.WebhookUrl, ["Discord__LivePostWait"] = "00:00:00",
            ["Obs__Url"] = obs.Url.ToString(), ["Obs__Password"] = ObsPassword,
            ["Tips__Streamlabs__SocketToken"] = FakeStreamlabs.SocketToken, ["Tips__Streamlabs__Url"] = streamlabs.Url,
            ["Tips__StreamElements__JwtToken"] = FakeStreamElements.JwtToken, ["Tips__StreamElements__Url"] = streamElements.Url,
            ["Tips__KoFi__VerificationToken"] = FakeKoFi.VerificationToken,
        });
        var pages = new List<string>();
        await server.WaitForPrintedAsync("Health:", deadline.Token);
        var baseUrl = server.BaseUrl;
        using var http = new HttpClient { BaseAddress = baseUrl };
        using var admin = new HttpClient { BaseAddress = baseUrl };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);

        // Every service connects (OBS with its password, both tip sockets with their tokens, Discord posts "live now").
        await obs.WaitUntilAsync(f => f.RequestTypes.Contains("GetReplayBufferStatus"), TimeSpan.FromSeconds(60));
        await Wait.UntilAsync(() => streamlabs.Queries.Any() && streamElements.Queries.Any(), TimeSpan.FromSeconds(60), "both tip sockets connect");
        await discord.WaitForPostAsync(1, TimeSpan.FromSeconds(60));
        await streamlabs.EmitAsync("event", FakeStreamlabs.Donation(1, "Ann", 5m, "USD", "hi"));
        await streamElements.EmitAsync("event", FakeStreamElements.Tip("67b5f39d07ecd4c594e60f73", "Bob", 4.2m, "EUR", "snacks"));
        Assert.True((await http.PostAsync(new Uri("/webhooks/kofi", UriKind.Relative), FakeKoFi.Form(FakeKoFi.Donation("Jo", 3m, "USD", "coffee")))).IsSuccessStatusCode);
        await http.PostAsync(new Uri("/webhooks/kofi", UriKind.Relative), FakeKoFi.Form(FakeKoFi.Donation("Eve", 1m, "USD", "", token: "guess")));
        // Requests that carry the keys in the query and in the header, as OBS and the control page send them.
        Assert.True((await http.GetAsync(new Uri($"/overlay/chat.html?key={OverlayKey}", UriKind.Relative))).IsSuccessStatusCode);
        await using (var hub = new HubConnectionBuilder().WithUrl(new Uri(baseUrl, $"/hubs/overlay?key={OverlayKey}")).Build())
            await hub.StartAsync(deadline.Token);
        pages.Add(await http.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
        pages.Add(await admin.GetStringAsync(new Uri("/", UriKind.Relative)));
        pages.Add(await http.GetStringAsync(new Uri($"/?key={AdminKey}", UriKind.Relative)));
        pages.Add(await admin.GetStringAsync(new Uri("/api/sessions", UriKind.Relative)));
        pages.Add(await admin.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

        await server.TerminateAsync(deadline.Token);

        // The session ended with the program: its reports are written and the summary went to Discord.
        var reports = Directory.GetFiles(Path.Combine(_data, "reports"));
        Assert.Contains(reports, f => f.EndsWith(".html", StringComparison.Ordinal));
        Assert.True(discord.Posts.Count >= 2, "live and summary posts");
        var written = reports.Select(File.ReadAllText).ToList();
        var posted = discord.Posts.Select(p => p.Payload.ToJsonString() + string.Concat(p.Files.Values.Select(Encoding.UTF8.GetString))).ToList();
        var log = server.Printed;
        Assert.Contains("Executing endpoint", log, StringComparison.Ordinal); // ASP.NET's Information log was on
        Assert.Contains("OBS", log, StringComparison.Ordinal);
        foreach (var secret in secrets)
        {
            Assert.False(log.Contains(secret, StringComparison.Ordinal), $"the log shows {Describe(secret)}");
            Assert.All(pages, page => Assert.False(page.Contains(secret, StringComparison.Ordinal), $"a page shows {Describe(secret)}"));
            Assert.All(written, report => Assert.False(report.Contains(secret, StringComparison.Ordinal), $"a report shows {Describe(secret)}"));
            Assert.All(posted, post => Assert.False(post.Contains(secret, StringComparison.Ordinal), $"a Discord post shows {Describe(secret)}"));
        }
    }

    // Names a secret in a failure message without printing it whole.
    private static string Describe(string secret) => $"the secret starting {secret[..4]}";

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }
}
