using LiveBuddy.Server.Tests.Hosting;
using LiveBuddy.Server.Tests.Live;
using LiveBuddy.Testing.Twitch;
using static Microsoft.Playwright.Assertions;

namespace LiveBuddy.Server.Tests.Overlays;

/// <summary>The chat overlay in real Chromium, fed by raw Twitch IRC lines through the fake Twitch server and the whole host.</summary>
[Trait("Category", "Browser")]
public sealed class RawLineOverlayTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Channel = "rawchan";

    [Fact]
    public async Task Raw_privmsg_shows_with_its_emote_as_text_only_and_clearmsg_removes_it()
    {
        await using var chat = await JoinedHost.StartAsync();
        var (host, client, timeout) = (chat.Host, chat.Client, chat.Timeout);
        await using var context = await fixture.NewContextAsync();
        var (page, errors) = await BrowserFixture.OpenAsync(context, $"{host.BaseUrl}overlay/chat.html?key={host.OverlayKey}");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-hub", "connected");

        var sentAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await client.SendAsync(
            "@badge-info=subscriber/3;badges=moderator/1,subscriber/3;color=#FF4500;display-name=RawViewer;emotes=25:6-10;first-msg=0;" +
            $"id=raw-line-1;mod=1;room-id=99;subscriber=1;tmi-sent-ts={sentAt};turbo=0;user-id=4711;user-type=mod " +
            $":rawviewer!rawviewer@rawviewer.tmi.twitch.tv PRIVMSG #{Channel} :hello Kappa <img src=x onerror=window.__pwned=1>", timeout);

        var shown = page.Locator(".lb-line[data-id='raw-line-1']");
        await Expect(shown).ToBeVisibleAsync();
        await Expect(shown.Locator(".lb-name")).ToHaveTextAsync("RawViewer");
        await Expect(shown.Locator("img.lb-emote")).ToHaveAttributeAsync("src", "https://static-cdn.jtvnw.net/emoticons/v2/25/default/dark/1.0");
        await Expect(shown.Locator(".lb-text")).ToContainTextAsync("<img src=x onerror=window.__pwned=1>");
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__pwned"));

        await client.SendAsync($"@login=rawviewer;room-id=;target-msg-id=raw-line-1;tmi-sent-ts={sentAt + 1000} :tmi.twitch.tv CLEARMSG #{Channel} :hello Kappa", timeout);

        await Expect(shown).ToHaveCountAsync(0);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Raw_sub_notice_pops_an_alert_and_a_moderators_poll_shows_with_votes()
    {
        await using var chat = await JoinedHost.StartAsync();
        var (host, client, timeout) = (chat.Host, chat.Client, chat.Timeout);
        await using var context = await fixture.NewContextAsync();
        var (alerts, alertErrors) = await BrowserFixture.OpenAsync(context, $"{host.BaseUrl}overlay/alerts.html?key={host.OverlayKey}");
        var (poll, pollErrors) = await BrowserFixture.OpenAsync(context, $"{host.BaseUrl}overlay/poll.html?key={host.OverlayKey}");
        await Expect(alerts.Locator("html")).ToHaveAttributeAsync("data-hub", "connected");
        await Expect(poll.Locator("html")).ToHaveAttributeAsync("data-hub", "connected");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        await client.SendAsync(
            "@badge-info=subscriber/7;badges=subscriber/6;color=;display-name=LoyalFan;emotes=;id=sub-notice-1;login=loyalfan;mod=0;" +
            "msg-id=resub;msg-param-cumulative-months=7;msg-param-sub-plan=1000;room-id=99;subscriber=1;" +
            $"system-msg=LoyalFan\\ssubscribed\\sfor\\s7\\smonths.;tmi-sent-ts={now};user-id=5150;user-type= :tmi.twitch.tv USERNOTICE #{Channel} :seven months!", timeout);
        await Expect(alerts.Locator(".lb-alert")).ToContainTextAsync("LoyalFan");

        var lines = new RawPrivmsg(Channel, "99", "poll");
        await client.SendAsync(string.Join("\r\n",
            lines.Line("modmira", "!poll Which boss next? | Hornet | Radiance | 2m", badges: "moderator/1", userId: 1),
            lines.Line("alice", "1", userId: 11),
            lines.Line("bob", "!vote 2", userId: 12),
            lines.Line("carol", "!vote 1", userId: 13)), timeout);

        await Expect(poll.Locator(".lb-poll")).ToContainTextAsync("Which boss next?");
        await Expect(poll.Locator(".lb-poll")).ToContainTextAsync("Hornet");
        await poll.ReloadAsync(); // the state snapshot brings it back
        await Expect(poll.Locator(".lb-poll")).ToContainTextAsync("Which boss next?");
        Assert.Empty(alertErrors);
        Assert.Empty(pollErrors);
    }

    /// <summary>The fake Twitch server, a host reading <see cref="Channel"/> from it (filters off), and the joined client.</summary>
    private sealed class JoinedHost : IAsyncDisposable
    {
        private readonly FakeTwitchChatServer _twitch;
        private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(20));

        private JoinedHost(FakeTwitchChatServer twitch, TestHost host)
        {
            _twitch = twitch;
            Host = host;
        }

        public TestHost Host { get; }
        public FakeTwitchChatClient Client { get; private set; } = null!;
        public CancellationToken Timeout => _timeout.Token;

        public static async Task<JoinedHost> StartAsync()
        {
            var twitch = await FakeTwitchChatServer.StartAsync();
            var joined = new JoinedHost(twitch, TestHost.Start(new Dictionary<string, string?>
            {
                ["Twitch:ChatUrl"] = twitch.Url.ToString(),
                ["Twitch:Channels:0"] = Channel,
                ["Moderation:Enabled"] = "false",
            }));
            joined.Client = await twitch.NextClientAsync(joined.Timeout);
            await joined.Client.WaitForJoinAsync(Channel, joined.Timeout);
            return joined;
        }

        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            await _twitch.DisposeAsync();
            _timeout.Dispose();
        }
    }
}
