using LiveBuddy.Core.Alerts;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Mood;
using LiveBuddy.Core.Polls;
using LiveBuddy.Core.Qa;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LiveBuddy.Server.Tests.Overlays;

/// <summary>
/// Renders every widget and the control page with demo data through the real host, as the README shows them.
/// The PNGs go to <c>LIVEBUDDY_SCREENSHOTS</c> when set (e.g. <c>docs/screenshots</c>), otherwise to a temp folder.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ScreenshotTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private OverlayTestHost Host => fixture.Host;

    [Fact]
    public async Task Every_widget_and_the_control_page_render_for_the_readme()
    {
        var folder = Environment.GetEnvironmentVariable("LIVEBUDDY_SCREENSHOTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "livebuddy-screenshots-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        await using var context = await fixture.NewContextAsync();

        foreach (var line in DemoChat()) await Host.PublishAsync(line);
        await ShotAsync(context, "chat", 640, 600, folder, "&size=22", page => Expect(page.Locator(".lb-line")).ToHaveCountAsync(9));

        await Host.ShowAsync(new PollChanged(new PollPayload("readme-poll", "Which boss do we fight next?",
        [
            Option("The Hollow King", 118, 64), Option("Mother of Moths", 87, 52), Option("Skip bosses, go fishing", 41, 17),
        ], "open", DateTimeOffset.UtcNow.AddSeconds(95).ToUnixTimeMilliseconds(), 379, PerPlatform(246, 133))));
        await ShotAsync(context, "poll", 620, 360, folder, "", page => Expect(page.Locator(".lb-option-percent").First).ToHaveTextAsync("48%"));

        var answering = new QaQuestionPayload(4, "cozy_crit", Platform.Twitch, "What build are you going for this run, and why no fire relics?", 12, "answering");
        await Host.ShowAsync(new QaChanged(new QaPayload(
        [
            answering,
            new QaQuestionPayload(7, "Tobi Plays", Platform.YouTube, "Will you try a no-hit run after this?", 8, "approved"),
            new QaQuestionPayload(9, "pixelpanda", Platform.Twitch, "Favourite boss so far?", 5, "approved"),
            new QaQuestionPayload(11, "GamerGrandma", Platform.YouTube, "How many hours do you have in this game?", 3, "approved"),
        ], answering)));
        await ShotAsync(context, "qa", 700, 420, folder, "", page => Expect(page.Locator(".lb-qa-item")).ToHaveCountAsync(3));

        // Mood readings one after another, each shown before the next, so the sparkline has a history.
        var moodPage = await OpenWidgetAsync(context, "mood", 440, 390);
        for (var i = 0; i < 20; i++)
        {
            var engagement = 35 + i * 2.4 + 8 * Math.Sin(i / 2.0);
            await Host.ShowAsync(new MoodChanged(new MoodPayload(Math.Round(0.15 + 0.4 * Math.Sin(i / 3.0), 2), (int)Math.Round(engagement), 60 + i * 3, 20 + i,
                Viewers: 640, Participation: Math.Round(100.0 * (20 + i) / 640, 1))));
            await Expect(moodPage.Locator(".lb-ring-number")).ToHaveTextAsync(((int)Math.Round(engagement)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        await SaveAsync(moodPage, "mood", folder);

        var alertsPage = await OpenWidgetAsync(context, "alerts", 900, 260, "&duration=60");
        await Host.ShowAsync(new AlertAnnounced(new AlertPayload("youtube:readme-superchat", Platform.YouTube, "superChat", "Tobi_Plays", 20m, "EUR", null,
            "Take my money and beat that boss!", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())));
        await Expect(alertsPage.Locator(".lb-alert")).ToBeVisibleAsync();
        await SaveAsync(alertsPage, "alerts", folder);

        await ControlShotAsync(context, folder);

        foreach (var name in new[] { "chat", "alerts", "poll", "qa", "mood", "control" })
            Assert.True(new FileInfo(Path.Combine(folder, name + ".png")).Length > 5_000, $"{name}.png was rendered");
    }

    private async Task ControlShotAsync(IBrowserContext context, string folder)
    {
        // GET /api/overlays is answered here with the host's real overlay URLs, in case the server does not offer it yet.
        var urls = new[] { "chat", "alerts", "poll", "qa", "mood", "goal", "credits" }.ToDictionary(w => w, w => Host.Widget(w));
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(1440, 900);
        await page.RouteAsync("**/api/overlays", async route =>
        {
            var response = await route.FetchAsync();
            if (response.Ok) await route.FulfillAsync(new RouteFulfillOptions { Response = response });
            else await route.FulfillAsync(new RouteFulfillOptions
            {
                Status = 200, ContentType = "application/json",
                Body = System.Text.Json.JsonSerializer.Serialize(new { overlayKey = OverlayTestHost.OverlayKey, urls }),
            });
        });
        await page.GotoAsync(Host.BaseUrl.ToString());
        await page.FillAsync("#admin-key", OverlayTestHost.AdminKey);
        await page.ClickAsync("#login-form button[type=submit]");
        await Expect(page.Locator("#hub-status")).ToHaveAttributeAsync("data-state", "connected");
        await Host.ShowAsync(new AlertAnnounced(new AlertPayload("twitch:readme-raid", Platform.Twitch, "raid", "DashNBash", null, null, 42, null,
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())));
        await Host.ShowAsync(new AlertAnnounced(new AlertPayload("twitch:readme-bits", Platform.Twitch, "bits", "RNGesus_Prays", 500, "BITS", null,
            "for the boss fight", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())));
        // The reconnect snapshot may also bring the last alert an earlier shot showed: look for these two by name.
        await Expect(page.Locator("#alerts li", new() { HasText = "DashNBash" })).ToHaveCountAsync(1);
        await Expect(page.Locator("#alerts li", new() { HasText = "RNGesus_Prays" })).ToHaveCountAsync(1);
        await Expect(page.Locator(".overlay-card iframe")).ToHaveCountAsync(7);
        await Expect(page.FrameLocator(".overlay-card[data-widget='poll'] iframe").Locator(".lb-poll")).ToBeVisibleAsync();
        await SaveAsync(page, "control", folder, transparent: false);
    }

    private async Task ShotAsync(IBrowserContext context, string widget, int width, int height, string folder, string query, Func<IPage, Task> ready)
    {
        var page = await OpenWidgetAsync(context, widget, width, height, query);
        await ready(page);
        await SaveAsync(page, widget, folder);
    }

    private async Task<IPage> OpenWidgetAsync(IBrowserContext context, string widget, int width, int height, string query = "")
    {
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(width, height);
        await page.GotoAsync(Host.Widget(widget, query));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-hub", "connected");
        return page;
    }

    private static async Task SaveAsync(IPage page, string name, string folder, bool transparent = true)
    {
        // Entrances, growing bars and the needle finish first; the alert's countdown bar and pulses keep running.
        await page.EvaluateAsync("""
            () => Promise.all(document.getAnimations()
              .filter(a => a.animationName !== 'lb-timer' && a.effect?.getComputedTiming().iterations !== Infinity)
              .map(a => a.finished.catch(() => null)))
            """);
        await page.EvaluateAsync("() => new Promise(r => setTimeout(r, 950))"); // CSS transitions (bars, needle) settle
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), OmitBackground = transparent, FullPage = !transparent });
        await page.CloseAsync();
    }

    private static PollOptionPayload Option(string text, int twitch, int youtube) => new(text, twitch + youtube, PerPlatform(twitch, youtube));

    private static Dictionary<string, int> PerPlatform(int twitch, int youtube) =>
        new(StringComparer.Ordinal) { ["twitch"] = twitch, ["youtube"] = youtube };

    private static IEnumerable<ChatMessage> DemoChat() => DemoLines().Select((line, i) => line with { Score = Scores[i % Scores.Length] });

    // What the models would say about each demo line, so the control page shows its sentiment colours.
    private static readonly MessageScore[] Scores =
    [
        new(Sentiment.Neutral, 0.05f, true, false, 0), new(Sentiment.Negative, -0.35f, false, false, 0), new(Sentiment.Positive, 0.62f, false, false, 0),
        new(Sentiment.Positive, 0.71f, false, false, 0), new(Sentiment.Neutral, 0.0f, true, false, 0), new(Sentiment.Positive, 0.4f, false, false, 0),
        new(Sentiment.Positive, 0.55f, false, false, 0), new(Sentiment.Neutral, 0.1f, true, false, 0), new(Sentiment.Positive, 0.8f, false, false, 0),
    ];

    private static IEnumerable<ChatMessage> DemoLines()
    {
        var kappa = TestChat.Emote();
        yield return TestChat.Line("hey chat just got here, what did I miss", user: "pixelpanda", displayName: "PixelPanda", roles: ViewerRoles.Vip | ViewerRoles.Subscriber);
        yield return TestChat.Line("he found a chest with 3 relics and picked the worst one Kappa", user: "cozy_crit", displayName: "Cozy_Crit",
            roles: ViewerRoles.Subscriber, color: "#2E8B57", fragments: [new MessageFragment("he found a chest with 3 relics and picked the worst one "), kappa]);
        yield return TestChat.Line("Good evening everyone from Lisbon!", Platform.YouTube, user: "gamergrandma", displayName: "GamerGrandma", color: "#FF69B4");
        yield return TestChat.Line("evening grandma <3", user: "nightowl_mod", displayName: "NightOwl_Mod", roles: ViewerRoles.Moderator | ViewerRoles.Subscriber, color: "#1E90FF");
        yield return TestChat.Line("is this the final boss?", Platform.YouTube, user: "tobi", displayName: "Tobi Plays", roles: ViewerRoles.Subscriber, color: "#DAA520");
        yield return TestChat.Line("welcome in everyone, the boss door is RIGHT there", user: "demostreamer", displayName: "DemoStreamer", roles: ViewerRoles.Broadcaster, color: "#9146FF");
        yield return TestChat.Line("first time here, this looks fun", Platform.YouTube, user: "newviewer", displayName: "Quiet Quokka", color: "#20B2AA") with { IsFirstMessage = true };
        yield return TestChat.Line("floor 3 already?? that was fast", user: "dashnbash", displayName: "DashNBash", roles: ViewerRoles.Subscriber, color: "#FF4500");
        yield return TestChat.Line("GG Kappa Kappa", Platform.Demo, user: "rngesus", displayName: "RNGesus_Prays", color: "#00CED1",
            fragments: [new MessageFragment("GG "), kappa, new MessageFragment(" "), kappa]);
    }
}
