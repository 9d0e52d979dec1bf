using System.Text;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Discord.Reports;
using LiveBuddy.Discord.Sessions;
using LiveBuddy.Discord.Webhooks;
using LiveBuddy.Testing.Discord;
using LiveBuddy.Testing.Logging;

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
        Assert.Equal(2, announcer.Posted);
        Assert.DoesNotContain(FakeDiscordWebhook.Token, logs.All, StringComparison.Ordinal);

        await stop.CancelAsync();
        await running;
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
