using LiveBuddy.Core.Credits;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Goals;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LiveBuddy.Server.Tests.Overlays;

/// <summary>
/// The goal bar and the end credits in real Chromium against the real host, counted from platform events by the real
/// features. The README screenshots (<c>goal.png</c>, <c>credits.png</c>) go to <c>LIVEBUDDY_SCREENSHOTS</c> when set.
/// </summary>
[Trait("Category", "Browser")]
public sealed class GoalAndCreditsBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static int _next;

    private OverlayTestHost Host => fixture.Host;

    private static string ScreenshotFolder()
    {
        var folder = Environment.GetEnvironmentVariable("LIVEBUDDY_SCREENSHOTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "livebuddy-screenshots-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static Alert Support(AlertKind kind, string who, Platform platform = Platform.Twitch, int? count = null, decimal? amount = null, string? currency = null)
    {
        var now = DateTimeOffset.UtcNow;
        return new Alert
        {
            Platform = platform, Id = $"browser-alert-{Interlocked.Increment(ref _next)}", Channel = "streamer", SentAt = now, ReceivedAt = now,
            Kind = kind, Author = new Author { Id = "id-" + who, Name = who.ToLowerInvariant(), DisplayName = who }, Count = count, Amount = amount,
            Currency = currency, Origin = "eventsub",
        };
    }

    [Fact]
    public async Task Goal_bar_fills_from_real_subs_and_celebrates_once_when_reached()
    {
        Assert.IsType<GoalPayload>(await Host.Ingress.RequestAsync(new SetGoal("subs", "Sub goal: new emote", 10, 7)));
        await using var context = await fixture.NewContextAsync(760, 200);
        var (page, errors) = await BrowserFixture.OpenAsync(context, Host.Widget("goal", "&kind=subs"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-hub", "connected");

        var bar = page.Locator(".lb-goal");
        await Expect(bar.Locator(".lb-goal-label")).ToHaveTextAsync("Sub goal: new emote");
        await Expect(bar.Locator(".lb-goal-numbers")).ToHaveTextAsync("7 / 10 subs");
        await Expect(bar.Locator(".lb-goal-percent")).ToHaveTextAsync("70%");
        await Expect(bar).ToHaveAttributeAsync("data-reached", "false");

        await Host.PublishAsync(Support(AlertKind.Subscription, "Eve"));
        await Host.PublishAsync(Support(AlertKind.GiftBomb, "Gus", count: 2));
        await Expect(bar.Locator(".lb-goal-numbers")).ToHaveTextAsync("10 / 10 subs");
        await Expect(bar).ToHaveAttributeAsync("data-reached", "true");
        await Expect(bar).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("lb-goal-celebrate"));
        await Expect(bar.Locator(".lb-confetti-piece")).ToHaveCountAsync(24);
        var fill = await bar.Locator(".lb-goal-fill").EvaluateAsync<string>("e => e.style.width");
        Assert.Equal("100%", fill);

        // Mid-celebration, for the README.
        await page.EvaluateAsync("() => new Promise(r => setTimeout(r, 1000))");
        await page.EvaluateAsync("() => document.getAnimations().forEach(a => a.pause())");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder(), "goal.png"), OmitBackground = true });

        // A reload shows the reached goal without celebrating it again.
        await page.ReloadAsync();
        await Expect(page.Locator(".lb-goal")).ToHaveAttributeAsync("data-reached", "true");
        await Expect(page.Locator(".lb-goal-celebrate")).ToHaveCountAsync(0);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Url_target_and_label_apply_until_the_control_page_sets_a_goal_and_bad_parameters_fall_back()
    {
        await using var context = await fixture.NewContextAsync(760, 200);
        var (page, errors) = await BrowserFixture.OpenAsync(context, Host.Widget("goal", "&kind=bits&target=1000&label=Road%20to%201k"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-hub", "connected");
        await Host.PublishAsync(Support(AlertKind.Bits, "Fay", amount: 250, currency: "BITS"));
        await Expect(page.Locator(".lb-goal-label")).ToHaveTextAsync("Road to 1k");
        await Expect(page.Locator(".lb-goal-numbers")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^250 / 1,000 bits$"));

        await Host.Ingress.RequestAsync(new SetGoal("bits", "Bits for charity", 500, null));
        await Expect(page.Locator(".lb-goal-label")).ToHaveTextAsync("Bits for charity");
        await Expect(page.Locator(".lb-goal-numbers")).ToHaveTextAsync("250 / 500 bits");

        var (fallback, fallbackErrors) = await BrowserFixture.OpenAsync(context, Host.Widget("goal", "&kind=%3Cscript%3E&target=-5&label="));
        await Expect(fallback.Locator(".lb-goal")).ToHaveAttributeAsync("data-kind", "followers");
        await Expect(fallback.Locator(".lb-goal-label")).ToHaveTextAsync("Follower goal");
        await Expect(fallback.Locator(".lb-goal-percent")).ToHaveTextAsync("");
        Assert.Empty(errors);
        Assert.Empty(fallbackErrors);
    }

    [Fact]
    public async Task Credits_roll_the_sessions_supporters_from_the_control_request()
    {
        var chat = new[]
        {
            TestChat.Line("gg everyone", user: "cozy_crit", displayName: "Cozy_Crit"),
            TestChat.Line("that boss fight!", user: "cozy_crit", displayName: "Cozy_Crit"),
            TestChat.Line("best stream this week", user: "cozy_crit", displayName: "Cozy_Crit"),
            TestChat.Line("greetings from Lisbon", Platform.YouTube, user: "gamergrandma", displayName: "GamerGrandma"),
            TestChat.Line("see you tomorrow", Platform.YouTube, user: "gamergrandma", displayName: "GamerGrandma"),
            TestChat.Line("first time here", user: "quietquokka", displayName: "QuietQuokka"),
        };
        foreach (var line in chat) await Host.PublishAsync(line);
        await Host.PublishAsync(Support(AlertKind.Follow, "QuietQuokka"));
        await Host.PublishAsync(Support(AlertKind.Follow, "LateLurker"));
        await Host.PublishAsync(Support(AlertKind.Resubscription, "NightOwl_Mod", count: 14));
        await Host.PublishAsync(Support(AlertKind.GiftBomb, "GenerousGus", count: 5));
        await Host.PublishAsync(Support(AlertKind.Bits, "RNGesus_Prays", amount: 500, currency: "BITS"));
        await Host.PublishAsync(Support(AlertKind.SuperChat, "Tobi Plays", Platform.YouTube, amount: 20, currency: "EUR"));
        await Host.PublishAsync(Support(AlertKind.Raid, "DashNBash", count: 42));

        await using var context = await fixture.NewContextAsync(1280, 720);
        var (page, errors) = await BrowserFixture.OpenAsync(context, Host.Widget("credits", "&speed=40"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-hub", "connected");
        await Expect(page.Locator(".lb-credits-roll")).ToHaveCountAsync(0);

        var rolled = Assert.IsType<CreditsPayload>(await Host.Ingress.RequestAsync(new RollCredits()));

        Assert.Equal("control", rolled.Reason);
        await Expect(page.Locator("#credits")).ToHaveAttributeAsync("data-rolling", "true");
        var sections = page.Locator(".lb-credits-section");
        await Expect(sections.Locator(".lb-credits-heading")).ToContainTextAsync(["New followers", "Subscribers & members", "Gifted subs", "Cheers", "Super Chats", "Raids", "Top chatters"]);
        await Expect(page.Locator(".lb-credits-section[data-kind='followers'] .lb-credits-name")).ToContainTextAsync(["QuietQuokka", "LateLurker"]);
        // (The goal test's gift bomb is in this session too: the host is shared by the class.)
        await Expect(page.Locator(".lb-credits-section[data-kind='gifters'] .lb-credits-entry", new() { HasText = "GenerousGus" }).Locator(".lb-credits-detail")).ToHaveTextAsync("5 gifts");
        await Expect(page.Locator(".lb-credits-section[data-kind='superchats'] .lb-credits-detail")).ToHaveTextAsync("20.00 EUR");
        await Expect(page.Locator(".lb-credits-section[data-kind='chatters'] .lb-credits-name").First).ToHaveTextAsync("Cozy_Crit");
        await Expect(page.Locator(".lb-credits-section[data-kind='superchats'] .lb-platform-youtube")).ToHaveCountAsync(1);

        // The roll moves up: later it is higher on the screen than when it started.
        var top = await page.Locator(".lb-credits-title").EvaluateAsync<double>("e => e.getBoundingClientRect().top");
        await page.EvaluateAsync("() => new Promise(r => setTimeout(r, 500))");
        Assert.True(await page.Locator(".lb-credits-title").EvaluateAsync<double>("e => e.getBoundingClientRect().top") < top, "the credits roll upwards");

        // For the README: the roll stopped where its middle is on screen.
        await page.EvaluateAsync("""
            () => document.getAnimations().forEach(a => { a.pause(); a.currentTime = a.effect.getComputedTiming().duration * 0.42; })
            """);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder(), "credits.png"), OmitBackground = true });

        // A page opened afterwards joins the roll where it is (not from the start).
        var (late, lateErrors) = await BrowserFixture.OpenAsync(context, Host.Widget("credits", "&speed=40"));
        await Expect(late.Locator("#credits")).ToHaveAttributeAsync("data-rolling", "true");
        Assert.Empty(errors);
        Assert.Empty(lateErrors);
    }
}
