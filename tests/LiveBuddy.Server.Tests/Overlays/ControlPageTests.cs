using System.Text.Json;
using LiveBuddy.Core.Alerts;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Qa;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LiveBuddy.Server.Tests.Overlays;

/// <summary>
/// The control page in real Chromium against the real host. Write endpoints the page calls are answered by
/// Playwright routes where a test needs a fixed answer, so the page's side of the API contract is checked on its own.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ControlPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private OverlayTestHost Host => fixture.Host;

    [Fact]
    public async Task A_wrong_admin_key_is_refused_with_the_servers_reason()
    {
        await using var context = await fixture.NewContextAsync(1280, 800);
        var (page, errors) = await BrowserFixture.OpenAsync(context, Host.BaseUrl.ToString());
        await page.FillAsync("#admin-key", "not-the-admin-key");
        await page.ClickAsync("#login-form button[type=submit]");

        await Expect(page.Locator("#login-error")).ToContainTextAsync("Admin key required");
        await Expect(page.Locator("#app")).ToBeHiddenAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('livebuddy.adminKey')"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Signed_in_page_shows_live_chat_by_sentiment_and_remembers_the_key()
    {
        var positive = TestChat.Line("this run is amazing") with { Score = new MessageScore(Sentiment.Positive, 0.9f, false, false, 0) };
        var negative = TestChat.Line("this boss is awful", Platform.YouTube) with { Score = new MessageScore(Sentiment.Negative, -0.8f, false, false, 0) };
        await Host.PublishAsync(positive);
        await using var context = await fixture.NewContextAsync(1440, 1000);
        var (page, errors) = await SignInAsync(context);
        await Expect(page.Locator($"#chat li[data-id='{positive.Id}']")).ToHaveAttributeAsync("data-sentiment", "positive");
        await Host.PublishAsync(negative);
        await Expect(page.Locator($"#chat li[data-id='{negative.Id}']")).ToHaveAttributeAsync("data-sentiment", "negative");
        await Expect(page.Locator("#hub-status")).ToHaveAttributeAsync("data-state", "connected");

        // The key is remembered: a reload goes straight to the page.
        await page.ReloadAsync();
        await Expect(page.Locator("#app")).ToBeVisibleAsync();
        await Expect(page.Locator($"#chat li[data-id='{negative.Id}']")).ToBeVisibleAsync();
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Poll_qa_and_alert_buttons_call_the_admin_api_with_the_key_and_show_its_errors()
    {
        await using var context = await fixture.NewContextAsync(1440, 1000);
        var calls = new List<(string Method, string Path, string? Auth, string? Body)>();
        const int expectedCalls = 7;
        var allCalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await context.RouteAsync("**/api/**", async route =>
        {
            var request = route.Request;
            var path = new Uri(request.Url).AbsolutePath;
            // Reads (sessions, overlays, the community lists the page loads at start) go to the real host.
            if (path is "/api/sessions" or "/api/overlays" || request.Method == "GET")
            {
                await route.FallbackAsync();
                return;
            }
            request.Headers.TryGetValue("authorization", out var auth);
            lock (calls)
            {
                calls.Add((request.Method, path, auth, request.PostData));
                if (calls.Count == expectedCalls) allCalled.TrySetResult();
            }
            if (path == "/api/polls")
                await route.FulfillAsync(new RouteFulfillOptions
                {
                    Status = 409, ContentType = "application/problem+json",
                    Body = """{"title":"A poll is already open","detail":"End it or cancel it first."}""",
                });
            else
                await route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "application/json", Body = "{}" });
        });
        var (page, errors) = await SignInAsync(context);

        await page.FillAsync("#poll-question", "Which boss next?");
        await page.FillAsync("#poll-options", "Hollow King\nMother of Moths\n\n");
        await page.FillAsync("#poll-duration", "90");
        await page.ClickAsync("#poll-form button[type=submit]");
        await Expect(page.Locator("#poll-error")).ToHaveTextAsync("A poll is already open (409) — End it or cancel it first.");
        await page.ClickAsync("#poll-end");
        await page.ClickAsync("#poll-cancel");

        var pending = new QaQuestionPayload(31, "cozy_crit", Platform.Twitch, "What build is this?", 3, "pending");
        await Host.ShowAsync(new QaChanged(new QaPayload([pending], null)));
        var question = page.Locator("#qa li[data-id='31']");
        await Expect(question).ToContainTextAsync("What build is this?");
        await question.Locator("button[data-action='approve']").ClickAsync();
        await question.Locator("button[data-action='answering']").ClickAsync();

        var alert = new AlertPayload("twitch:bits-7", Platform.Twitch, "bits", "RNGesus_Prays", 500, "BITS", null, "take my bits", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await Host.ShowAsync(new AlertAnnounced(alert));
        await page.Locator("#alerts li[data-id='twitch:bits-7'] button").ClickAsync();
        await page.SelectOptionAsync("#test-kind", "raid");
        await page.ClickAsync("#test-alert button[type=submit]");

        string[] expected =
        [
            "POST /api/polls", "POST /api/polls/end", "POST /api/polls/cancel", "POST /api/qa/31/approve", "POST /api/qa/31/answering",
            "POST /api/alerts/twitch%3Abits-7/replay", "POST /api/alerts/test",
        ];
        await allCalled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        lock (calls)
        {
            Assert.Equal(expected, calls.Select(c => $"{c.Method} {c.Path}"));
            Assert.All(calls, c => Assert.Equal("Bearer " + OverlayTestHost.AdminKey, c.Auth));
            using var poll = JsonDocument.Parse(calls[0].Body!);
            Assert.Equal("Which boss next?", poll.RootElement.GetProperty("question").GetString());
            Assert.Equal(["Hollow King", "Mother of Moths"], poll.RootElement.GetProperty("options").EnumerateArray().Select(o => o.GetString()));
            Assert.Equal(90, poll.RootElement.GetProperty("durationSeconds").GetInt32());
            using var test = JsonDocument.Parse(calls[^1].Body!);
            Assert.Equal("raid", test.RootElement.GetProperty("kind").GetString());
        }
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Overlay_urls_have_copy_buttons_and_live_previews()
    {
        await using var context = await fixture.NewContextAsync(1440, 1000);
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new BrowserContextGrantPermissionsOptions { Origin = Host.BaseUrl.GetLeftPart(UriPartial.Authority) });
        var urls = new[] { "chat", "alerts", "poll", "qa", "mood", "goal", "credits" }.ToDictionary(w => w, w => Host.Widget(w));
        await context.RouteAsync("**/api/overlays", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200, ContentType = "application/json",
            Body = JsonSerializer.Serialize(new { overlayKey = OverlayTestHost.OverlayKey, urls }),
        }));
        var (page, errors) = await SignInAsync(context);

        var chatCard = page.Locator(".overlay-card[data-widget='chat']");
        await Expect(chatCard.Locator("input")).ToHaveValueAsync(urls["chat"]);
        await chatCard.Locator("button").ClickAsync();
        await Expect(chatCard.Locator("button")).ToHaveTextAsync("Copied");
        Assert.Equal(urls["chat"], await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        // The preview is the real widget: a chat line shows up inside it.
        var line = TestChat.Line("seen in the preview");
        await Host.PublishAsync(line);
        var preview = page.FrameLocator(".overlay-card[data-widget='chat'] iframe");
        await Expect(preview.Locator($".lb-line[data-id='{line.Id}']")).ToBeVisibleAsync();
        await Expect(page.Locator(".overlay-card iframe")).ToHaveCountAsync(7);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Session_list_opens_the_report_with_the_admin_key()
    {
        await using var context = await fixture.NewContextAsync(1440, 1000);
        string? reportAuth = null;
        await context.RouteAsync("**/api/sessions", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200, ContentType = "application/json",
            Body = """[{"id":"20261126-180000","startedAt":"2026-11-26T18:00:00+00:00","endedAt":"2026-11-26T20:30:00+00:00","platforms":["twitch","youtube"],"title":"Boss rush","messages":12840,"chatters":612,"endReason":"offline"}]""",
        }));
        await context.RouteAsync("**/api/sessions/20261126-180000/report", route =>
        {
            route.Request.Headers.TryGetValue("authorization", out reportAuth);
            return route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/html", Body = "<h1>Report of Boss rush</h1>" });
        });
        var (page, errors) = await SignInAsync(context);

        var session = page.Locator("#sessions li[data-id='20261126-180000']");
        await Expect(session).ToContainTextAsync("Boss rush");
        await Expect(session).ToContainTextAsync("13k messages");
        var report = await context.RunAndWaitForPageAsync(() => session.Locator("button[data-format='html']").ClickAsync());
        await Expect(report.Locator("h1")).ToHaveTextAsync("Report of Boss rush");
        Assert.Equal("Bearer " + OverlayTestHost.AdminKey, reportAuth);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Platform_sign_in_buttons_show_the_twitch_code_and_the_google_link()
    {
        await using var context = await fixture.NewContextAsync(1440, 1000);
        const string google = "https://accounts.google.com/o/oauth2/v2/auth?client_id=x&state=abc";
        await context.RouteAsync("**/api/login/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200, ContentType = "application/json",
            Body = route.Request.Url.EndsWith("/youtube", StringComparison.Ordinal)
                ? JsonSerializer.Serialize(new { authorizationUrl = google, alreadySignedIn = false })
                : JsonSerializer.Serialize(new { verificationUri = "https://www.twitch.tv/activate", userCode = "ABCD-EFGH", expiresAt = "2026-11-26T17:00:00Z" }),
        }));
        var (page, errors) = await SignInAsync(context);

        await page.ClickAsync("#youtube-login");
        await Expect(page.Locator("#youtube-signin-link")).ToHaveAttributeAsync("href", google);
        await Expect(page.Locator("#youtube-signin-link")).ToHaveAttributeAsync("rel", "noopener noreferrer");
        await page.ClickAsync("#twitch-login");
        await Expect(page.Locator("#twitch-code")).ToContainTextAsync("ABCD-EFGH");
        await Expect(page.Locator("#twitch-code a")).ToHaveAttributeAsync("href", "https://www.twitch.tv/activate");

        // A link that is not http(s) is never made clickable.
        await context.UnrouteAsync("**/api/login/**");
        await context.RouteAsync("**/api/login/youtube", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200, ContentType = "application/json", Body = """{"authorizationUrl":"javascript:alert(1)","alreadySignedIn":false}""",
        }));
        await page.ClickAsync("#youtube-login");
        await Expect(page.Locator("#banner")).ToContainTextAsync("did not return a sign-in link");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Counters_quotes_raffle_points_and_a_Nightbot_import_are_run_from_the_control_page()
    {
        await using var context = await fixture.NewContextAsync(1600, 1400);
        var (page, errors) = await SignInAsync(context);

        await page.FillAsync("#counter-name", "deaths");
        await page.FillAsync("#counter-value", "3");
        await page.ClickAsync("#counter-form button[type=submit]");
        await Expect(page.Locator("#counters li[data-name='deaths']")).ToContainTextAsync("3");

        await page.FillAsync("#quote-text", "I never miss a jump");
        await page.ClickAsync("#quote-form button[type=submit]");
        var quote = page.Locator("#quotes li", new() { HasText = "I never miss a jump" });
        await Expect(quote).ToBeVisibleAsync();
        await quote.Locator("button").ClickAsync();
        await Expect(quote).ToHaveCountAsync(0);

        await page.FillAsync("#raffle-keyword", "pickme");
        await page.ClickAsync("#raffle-form button[type=submit]");
        await Expect(page.Locator("#raffle-view")).ToHaveAttributeAsync("data-status", "open");
        await page.ClickAsync("#raffle-draw");
        await Expect(page.Locator("#raffle-error")).ToContainTextAsync("Nobody has entered yet");
        await page.ClickAsync("#raffle-cancel");
        await Expect(page.Locator("#raffle-view")).ToHaveAttributeAsync("data-status", "cancelled");

        await page.FillAsync("#points-user", "nobody-here");
        await page.FillAsync("#points-amount", "50");
        await page.ClickAsync("#points-form button[type=submit]");
        await Expect(page.Locator("#points-error")).ToContainTextAsync("No viewer 'nobody-here'");

        var export = """{"_total":2,"status":200,"commands":[{"_id":"a","name":"!deathcount","message":"$(user), that was death $(count)","coolDown":5,"count":2,"userLevel":"everyone"},{"_id":"b","name":"!weather","message":"$(urlfetch https://example.invalid)","coolDown":5,"count":0,"userLevel":"everyone"}]}""";
        await page.SetInputFilesAsync("#import-file", new FilePayload { Name = "nightbot.json", MimeType = "application/json", Buffer = System.Text.Encoding.UTF8.GetBytes(export) });
        await page.ClickAsync("#import-dry");
        await Expect(page.Locator("#import-result")).ToContainTextAsync("would add !deathcount");
        await Expect(page.Locator("#import-result")).ToContainTextAsync("$(urlfetch)");
        await page.ClickAsync("#import-run");
        await Expect(page.Locator("#import-result")).ToContainTextAsync("added !deathcount");
        await page.ClickAsync("#import-dry");
        await Expect(page.Locator("#import-result")).ToContainTextAsync("already exists");

        await page.SetInputFilesAsync("#import-file", new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "hello"u8.ToArray() });
        await page.ClickAsync("#import-dry");
        await Expect(page.Locator("#import-error")).ToContainTextAsync("not JSON");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_Firebot_quotes_export_is_dry_run_then_imported_from_the_control_page_and_not_twice()
    {
        await using var context = await fixture.NewContextAsync(1600, 1400);
        var (page, errors) = await SignInAsync(context);
        // Firebot's Quotes tab export (header, text quoted with "" doubled, the rest raw, ISO dates), as a .csv file.
        var export = "ID,Text,Originator,Creator,Category,Created\n"
            + "7,\"the floor is \"\"lava\"\"\",ann,mia,Celeste,2023-05-14T18:22:31.123Z\n8,\"\",ann,mia,Celeste,2023-05-14T18:22:31.123Z";
        await page.SetInputFilesAsync("#firebot-file", new FilePayload { Name = "quotes.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(export) });
        await page.ClickAsync("#firebot-dry");
        await Expect(page.Locator("#firebot-result")).ToContainTextAsync("would add 1 quote(s)");
        await Expect(page.Locator("#firebot-result")).ToContainTextAsync("the floor is \"lava\" — ann");
        await Expect(page.Locator("#firebot-result")).ToContainTextAsync("it has no text");
        await Expect(page.Locator("#quotes li", new() { HasText = "the floor is" })).ToHaveCountAsync(0);
        await page.ClickAsync("#firebot-run");
        await Expect(page.Locator("#firebot-result")).ToContainTextAsync("added 1 quote(s)");
        await Expect(page.Locator("#quotes li", new() { HasText = "the floor is \"lava\"" })).ToBeVisibleAsync();
        await page.ClickAsync("#firebot-dry");
        await Expect(page.Locator("#firebot-result")).ToContainTextAsync("already here as #");

        await page.SetInputFilesAsync("#firebot-file", new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "hello"u8.ToArray() });
        await page.ClickAsync("#firebot-dry");
        await Expect(page.Locator("#firebot-error")).ToContainTextAsync("not a Firebot quotes export");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Channel_points_panel_lists_the_waiting_redemption_and_shows_Twitchs_refusal_under_it()
    {
        var now = DateTimeOffset.UtcNow;
        var redemption = new LiveBuddy.Core.ChannelPoints.RewardRedeemed
        {
            Platform = Platform.Twitch, Id = "cp-msg-" + Guid.NewGuid().ToString("N"), Channel = "streamer", SentAt = now, ReceivedAt = now,
            RedemptionId = "cp-" + Guid.NewGuid().ToString("N"), RewardId = "reward-1", RewardTitle = "Hydrate!", Cost = 300, BroadcasterId = "1337",
            Viewer = new Author { Id = "11", Name = "ann", DisplayName = "Ann" }, Input = "<b>sparkling</b>", RedeemedAt = now,
        };
        await Host.PublishAsync(redemption);
        await using var context = await fixture.NewContextAsync(1440, 1000);
        var (page, errors) = await SignInAsync(context);

        var item = page.Locator($"#redemptions li[data-id='{redemption.RedemptionId}']");
        await Expect(item).ToContainTextAsync("Ann");
        await Expect(item).ToContainTextAsync("Hydrate! · 300 points");
        await Expect(item.Locator(".text")).ToHaveTextAsync("<b>sparkling</b>"); // viewer input is text, never markup

        // This host has no Twitch sign-in: the real API refuses, the reason shows, and the redemption stays waiting with it.
        await item.Locator("button[data-action=refund]").ClickAsync();
        await Expect(page.Locator("#redemptions-error")).ToContainTextAsync("Twitch");
        await Expect(item.Locator(".error")).ToContainTextAsync("Twitch");
        await Expect(item).ToHaveAttributeAsync("data-status", "waiting");
        Assert.Empty(errors);
    }

    private async Task<(IPage Page, List<string> Errors)> SignInAsync(IBrowserContext context)
    {
        var (page, errors) = await BrowserFixture.OpenAsync(context, Host.BaseUrl.ToString());
        await page.FillAsync("#admin-key", OverlayTestHost.AdminKey);
        await page.ClickAsync("#login-form button[type=submit]");
        await Expect(page.Locator("#app")).ToBeVisibleAsync();
        return (page, errors);
    }
}
