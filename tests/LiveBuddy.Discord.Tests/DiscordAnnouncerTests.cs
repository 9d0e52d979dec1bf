using System.Text;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Discord.Reports;
using LiveBuddy.Discord.Sessions;
using LiveBuddy.Discord.Webhooks;
using LiveBuddy.Testing;
using LiveBuddy.Testing.Discord;
using LiveBuddy.Testing.Logging;
using Microsoft.Extensions.Time.Testing;

namespace LiveBuddy.Discord.Tests;

public sealed class DiscordAnnouncerTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 19, 0, 0, TimeSpan.Zero);

    private static readonly SessionInfo Session = new()
    {
        Id = "20261207-190000",
        StartedAt = Start,
        Platforms = new HashSet<Platform> { Platform.Twitch, Platform.YouTube },
        Title = "Speedrun practice, any%",
        Category = "Celeste",
    };

    [Fact]
    public async Task Live_and_summary_posts_arrive_with_a_rate_limit_in_the_middle()
    {
        await using var fake = await FakeDiscordWebhook.StartAsync();
        var logs = new RecordingLogger();
        var options = new DiscordOptions { WebhookUrl = fake.WebhookUrl, RetryDelay = TimeSpan.FromMilliseconds(10) };
        using var http = new HttpClient();
        var webhook = new DiscordWebhook(http, options, TimeProvider.System, logs.For<DiscordWebhook>());
        var announcer = new DiscordAnnouncer(webhook, options,
            _ => [new StreamLink("twitch", "https://www.twitch.tv/speedy"), new StreamLink("youtube", "https://www.youtube.com/watch?v=abc123")],
            (session, _) => Task.FromResult<StreamSummary?>(Summary(session)), logs.For<DiscordAnnouncer>());
        using var stop = new CancellationTokenSource();
        var running = announcer.RunAsync(stop.Token);

        announcer.OnUpdate(new SessionStarted(Session, Resumed: false));
        var live = await fake.WaitForPostAsync(1, TimeSpan.FromSeconds(10));
        fake.RateLimitNext(1, retryAfterSeconds: 0.3);
        announcer.OnUpdate(new SessionStarted(Session, Resumed: true)); // a restart resuming the session: no second "live now"
        announcer.OnUpdate(new SessionEnded(Session with { EndedAt = Start.AddHours(2) }, "offline"));
        var summary = await fake.WaitForPostAsync(2, TimeSpan.FromSeconds(10));

        var liveEmbed = live.Payload["embeds"]![0]!;
        Assert.Equal("Speedrun practice, any%", (string?)liveEmbed["title"]);
        var liveFields = liveEmbed["fields"]!.AsArray().Select(f => ((string?)f!["name"], (string?)f["value"])).ToList();
        Assert.Contains(("Category", "Celeste"), liveFields);
        Assert.Contains(("Twitch", "https://www.twitch.tv/speedy"), liveFields);
        Assert.Contains(("YouTube", "https://www.youtube.com/watch?v=abc123"), liveFields);

        var limited = Assert.Single(fake.RateLimitedAt);
        Assert.True(summary.At - limited >= TimeSpan.FromSeconds(0.29), $"waited only {summary.At - limited}");
        Assert.Equal(1, webhook.RateLimited);
        var fields = summary.Payload["embeds"]![0]!["fields"]!.AsArray().ToDictionary(f => (string)f!["name"]!, f => (string)f!["value"]!);
        Assert.Equal("2:00:00", fields["Duration"]);
        Assert.Equal("12,345 messages from 678 chatters (90 new)", fields["Chat"]);
        Assert.Equal("25.50 EUR, 500 bits", fields["Support"]);
        Assert.Contains("[42:10](https://www.twitch.tv/videos/999?t=0h42m10s) — a hype moment", fields["Top moments"], StringComparison.Ordinal);
        Assert.Equal("<html>report</html>", Encoding.UTF8.GetString(summary.Files["report-20261207-190000.html"]));
        Assert.Equal("report-20261207-190000.html", (string?)summary.Payload["attachments"]![0]!["filename"]);
        Assert.Equal(2, fake.Posts.Count);
        // The fake records a post before its answer reaches the announcer, which counts it after: wait for the count.
        await Eventually.TrueAsync(() => announcer.Posted >= 2, seconds: 10);
        Assert.Equal(2, announcer.Posted);
        Assert.DoesNotContain(FakeDiscordWebhook.Token, logs.All, StringComparison.Ordinal);

        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task A_session_started_from_chat_is_announced_once_the_platform_says_its_title_and_category()
    {
        await using var fake = await FakeDiscordWebhook.StartAsync();
        var (announcer, stop, running) = Announcer(fake, new FakeTimeProvider(Start));
        var fromChat = Session with { Title = null, Category = null };

        announcer.OnUpdate(new SessionStarted(fromChat, Resumed: false));
        announcer.OnUpdate(new SessionChanged(fromChat with { Title = "Speedrun practice, any%", Category = "Celeste" }));
        var live = await fake.WaitForPostAsync(1, TimeSpan.FromSeconds(10));
        announcer.OnUpdate(new SessionEnded(fromChat with { EndedAt = Start.AddHours(1) }, "offline"));
        await fake.WaitForPostAsync(2, TimeSpan.FromSeconds(10));

        var embed = live.Payload["embeds"]![0]!;
        Assert.Equal("Speedrun practice, any%", (string?)embed["title"]);
        Assert.Contains(embed["fields"]!.AsArray(), f => (string?)f!["name"] == "Category" && (string?)f["value"] == "Celeste");
        Assert.Equal(2, fake.Posts.Count); // one live post (the untitled start did not post), one summary
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task Without_a_title_the_live_post_goes_out_when_the_wait_is_over()
    {
        await using var fake = await FakeDiscordWebhook.StartAsync();
        var time = new FakeTimeProvider(Start);
        var (announcer, stop, running) = Announcer(fake, time);

        announcer.OnUpdate(new SessionStarted(Session with { Title = null, Category = null }, Resumed: false));
        await Eventually.TrueAsync(() =>
        {
            time.Advance(TimeSpan.FromSeconds(10));
            return fake.Posts.Count == 1;
        });

        Assert.Equal("Live now!", (string?)fake.Posts[0].Payload["embeds"]![0]!["title"]);
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task A_session_over_before_its_title_came_gets_only_the_summary()
    {
        await using var fake = await FakeDiscordWebhook.StartAsync();
        var (announcer, stop, running) = Announcer(fake, new FakeTimeProvider(Start));
        var fromChat = Session with { Title = null, Category = null };

        announcer.OnUpdate(new SessionStarted(fromChat, Resumed: false));
        announcer.OnUpdate(new SessionEnded(fromChat with { EndedAt = Start.AddSeconds(30) }, "silence"));
        var only = await fake.WaitForPostAsync(1, TimeSpan.FromSeconds(10));

        Assert.Contains("Stream summary", only.Payload.ToJsonString(), StringComparison.Ordinal);
        Assert.Single(fake.Posts);
        await stop.CancelAsync();
        await running;
    }

    private static (DiscordAnnouncer Announcer, CancellationTokenSource Stop, Task Running) Announcer(FakeDiscordWebhook fake, TimeProvider time)
    {
        var options = new DiscordOptions { WebhookUrl = fake.WebhookUrl, LivePostWait = TimeSpan.FromMinutes(1) };
        var webhook = new DiscordWebhook(new HttpClient(), options, TimeProvider.System, new RecordingLogger().For<DiscordWebhook>());
        var announcer = new DiscordAnnouncer(webhook, options, _ => [], (session, _) => Task.FromResult<StreamSummary?>(Summary(session)),
            new RecordingLogger().For<DiscordAnnouncer>(), time);
        var stop = new CancellationTokenSource();
        return (announcer, stop, announcer.RunAsync(stop.Token));
    }

    [Fact]
    public async Task A_wrong_webhook_is_reported_without_its_token()
    {
        await using var fake = await FakeDiscordWebhook.StartAsync();
        var logs = new RecordingLogger();
        var wrong = fake.WebhookUrl.Replace(FakeDiscordWebhook.Token, "wrong-secret-token-777", StringComparison.Ordinal);
        var options = new DiscordOptions { WebhookUrl = wrong };
        using var http = new HttpClient();
        var webhook = new DiscordWebhook(http, options, TimeProvider.System, logs.For<DiscordWebhook>());

        var posted = await webhook.PostAsync(LivePost.Build(Session, []), [], CancellationToken.None);

        Assert.False(posted);
        Assert.Contains("refused the post with 401", logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret-token-777", logs.All, StringComparison.Ordinal);
    }

    private static StreamSummary Summary(SessionInfo session) => new()
    {
        SessionId = session.Id,
        Title = session.Title,
        StartedAt = session.StartedAt,
        EndedAt = session.EndedAt,
        Messages = 12_345,
        Chatters = 678,
        NewChatters = 90,
        PeakMessagesPerMinute = 420,
        Money = [new SummaryMoney("EUR", 25.5m), new SummaryMoney("BITS", 500)],
        Moments = [new SummaryMoment("a hype moment: 412 messages in 40 s", TimeSpan.FromSeconds(42 * 60 + 10), "https://www.twitch.tv/videos/999?t=0h42m10s")],
        ReportFile = new WebhookFile("report-20261207-190000.html", "text/html", Encoding.UTF8.GetBytes("<html>report</html>")),
    };
}
