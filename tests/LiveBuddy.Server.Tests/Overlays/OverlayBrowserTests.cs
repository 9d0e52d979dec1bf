using System.Net;
using LiveBuddy.Core.Alerts;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.HypeTrain;
using LiveBuddy.Core.Mood;
using LiveBuddy.Core.Polls;
using LiveBuddy.Core.Qa;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LiveBuddy.Server.Tests.Overlays;

/// <summary>The OBS widgets in real headless Chromium against the real host: what the streamer's scene would show.</summary>
[Trait("Category", "Browser")]
public sealed class OverlayBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private OverlayTestHost Host => fixture.Host;

    [Fact]
    public async Task Chat_published_into_the_pipeline_appears_with_badges_and_emotes()
    {
        await using var context = await fixture.NewContextAsync();
        var (page, errors) = await BrowserFixture.OpenAsync(context, Host.Widget("chat"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-hub", "connected");

        var line = TestChat.Line("hello chat Kappa", Platform.Twitch, displayName: "PixelPanda", roles: ViewerRoles.Moderator | ViewerRoles.Subscriber,
            fragments: [new MessageFragment("hello chat "), TestChat.Emote()]);
        await Host.PublishAsync(line);

        var shown = page.Locator($".lb-line[data-id='{line.Id}']");
        await Expect(shown).ToBeVisibleAsync();
        await Expect(shown.Locator(".lb-name")).ToHaveTextAsync("PixelPanda");
        await Expect(shown.Locator(".lb-text")).ToContainTextAsync("hello chat");
        await Expect(shown.Locator(".lb-platform-twitch")).ToHaveCountAsync(1);
        await Expect(shown.Locator(".lb-role-moderator")).ToHaveCountAsync(1);
        var emote = shown.Locator("img.lb-emote");
        await Expect(emote).ToHaveAttributeAsync("src", "https://static-cdn.jtvnw.net/emoticons/v2/25/default/dark/1.0");
        await Expect(emote).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await emote.EvaluateAsync<int>("img => img.naturalWidth") > 0, "the emote image loaded");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Hostile_chat_is_shown_as_text_and_runs_nothing()
    {
        await using var context = await fixture.NewContextAsync();
        var (page, errors) = await BrowserFixture.OpenAsync(context, Host.Widget("chat"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-hub", "connected");

        const string img = "<img src=x onerror=window.__pwned=1>";
        const string script = "<script>window.__pwned=1</script>";
        var hostile = TestChat.Line(img + " " + script, Platform.YouTube, displayName: "<b onmouseover=window.__pwned=1>evil</b>",
            fragments:
            [
                new MessageFragment(img + " "),
                new MessageFragment("x", new Emote("1", "x", "javascript:window.__pwned=1")),
                new MessageFragment("y", new Emote("2\" onerror=\"window.__pwned=1", "y", "https://evil.example/track.png")),
                new MessageFragment(" " + script),
            ]);
        await Host.PublishAsync(hostile);

        var shown = page.Locator($".lb-line[data-id='{hostile.Id}']");
        await Expect(shown).ToBeVisibleAsync();
        await Expect(shown.Locator(".lb-text")).ToContainTextAsync(img);
        await Expect(shown.Locator(".lb-text")).ToContainTextAsync(script);
        await Expect(shown.Locator(".lb-name")).ToHaveTextAsync("<b onmouseover=window.__pwned=1>evil</b>");
        // Text became text: no element came out of it, and no emote URL outside the allowed CDNs was used.
        await Expect(shown.Locator("img, script, b")).ToHaveCountAsync(0);
        await Expect(page.Locator("img[src*='evil'], img[src^='javascript']")).ToHaveCountAsync(0);
        await shown.Locator(".lb-name").HoverAsync();
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__pwned"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Wrong_or_missing_key_shows_nothing_and_the_hub_refuses()
    {
        await using var context = await fixture.NewContextAsync(640, 360);
        var pages = new List<(IPage Page, List<string> Errors)>();
        foreach (var (widget, key) in new[] { ("chat", "wrong-key"), ("chat", ""), ("poll", "wrong-key"), ("alerts", "wrong-key") })
        {
            var url = new Uri(Host.BaseUrl, $"/overlay/{widget}.html" + (key.Length > 0 ? "?key=" + key : "")).ToString();
            var opened = await BrowserFixture.OpenAsync(context, url);
            await Expect(opened.Page.Locator("html")).ToHaveAttributeAsync("data-hub", "unauthorized");
            pages.Add(opened);
        }

        await Host.PublishAsync(TestChat.Line("you should not see this"));
        await Host.ShowAsync(new PollChanged(Poll("p-hidden", "Hidden poll?", "open", [3, 1])));
        await Host.ShowAsync(new AlertAnnounced(new AlertPayload("test:hidden", Platform.Demo, "follow", "Nobody", null, null, null, null,
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Test: true)));
        foreach (var (page, errors) in pages)
        {
            await Expect(page.Locator(".lb-root:visible")).ToHaveCountAsync(0); // alerts has two roots: cards and the hype-train bar
            await Expect(page.Locator(".lb-line, .lb-poll, .lb-alert")).ToHaveCountAsync(0);
            Assert.Empty(errors);
        }

        using var http = new HttpClient { BaseAddress = Host.BaseUrl };
        foreach (var key in new[] { "wrong-key", "" })
        {
            using var negotiate = await http.PostAsync($"/hubs/overlay/negotiate?negotiateVersion=1&key={key}", null);
            Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
        }
    }

    [Fact]
    public async Task Deleted_messages_and_timed_out_viewers_disappear()
    {
        await using var context = await fixture.NewContextAsync();
        var (page, errors) = await BrowserFixture.OpenAsync(context, Host.Widget("chat"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-hub", "connected");

        var keep = TestChat.Line("a friendly line", user: "friend");
        var deleted = TestChat.Line("a line a moderator deletes", user: "friend");
        var spam1 = TestChat.Line("spam one", user: "spammer");
        var spam2 = TestChat.Line("spam two", user: "spammer");
        foreach (var line in new[] { keep, deleted, spam1, spam2 }) await Host.PublishAsync(line);
        await Expect(page.Locator($".lb-line[data-id='{spam2.Id}']")).ToBeVisibleAsync();

        var now = DateTimeOffset.UtcNow;
        await Host.PublishAsync(new MessageDeleted { Platform = Platform.Twitch, Id = "del-" + deleted.Id, Channel = "streamer", SentAt = now, ReceivedAt = now, TargetMessageId = deleted.Id });
        await Host.PublishAsync(new UserCleared { Platform = Platform.Twitch, Id = "ban-" + spam1.Id, Channel = "streamer", SentAt = now, ReceivedAt = now, Target = spam1.Author, Duration = TimeSpan.FromMinutes(10) });

        await Expect(page.Locator($".lb-line[data-id='{deleted.Id}']")).ToHaveCountAsync(0);
        await Expect(page.Locator($".lb-line[data-user='{spam1.Author.Id}']")).ToHaveCountAsync(0);
        await Expect(page.Locator($".lb-line[data-id='{keep.Id}']")).ToBeVisibleAsync();

        // A reload gets the server's snapshot, which no longer has them either.
        await page.ReloadAsync();
        await Expect(page.Locator($".lb-line[data-id='{keep.Id}']")).ToBeVisibleAsync();
        await Expect(page.Locator($".lb-line[data-id='{deleted.Id}'], .lb-line[data-user='{spam1.Author.Id}']")).ToHaveCountAsync(0);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Platforms_parameter_shows_only_that_platform()
    {
        await using var context = await fixture.NewContextAsync();
        var (twitchOnly, errors) = await BrowserFixture.OpenAsync(context, Host.Widget("chat", "&platforms=twitch"));
        var (both, _) = await BrowserFixture.OpenAsync(context, Host.Widget("chat", "&platforms=twitch,youtube"));
        await Expect(twitchOnly.Locator("html")).ToHaveAttributeAsync("data-hub", "connected");
        await Expect(both.Locator("html")).ToHaveAttributeAsync("data-hub", "connected");

        var fromYouTube = TestChat.Line("said on YouTube", Platform.YouTube);
        var fromTwitch = TestChat.Line("said on Twitch", Platform.Twitch);
        await Host.PublishAsync(fromYouTube);
        await Host.PublishAsync(fromTwitch);

        await Expect(both.Locator($".lb-line[data-id='{fromYouTube.Id}']")).ToBeVisibleAsync();
        await Expect(both.Locator($".lb-line[data-id='{fromTwitch.Id}']")).ToBeVisibleAsync();
        await Expect(twitchOnly.Locator($".lb-line[data-id='{fromTwitch.Id}']")).ToBeVisibleAsync();
        await Expect(twitchOnly.Locator($".lb-line[data-platform='youtube']")).ToHaveCountAsync(0);

        // After a reload the snapshot is filtered the same way.
        await twitchOnly.ReloadAsync();
        await Expect(twitchOnly.Locator($".lb-line[data-id='{fromTwitch.Id}']")).ToBeVisibleAsync();
        await Expect(twitchOnly.Locator(".lb-line[data-platform='youtube']")).ToHaveCountAsync(0);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Shared_chat_partner_lines_carry_a_marker_and_shared_0_hides_them()
    {
        await using var context = await fixture.NewContextAsync();
        var (all, errors) = await BrowserFixture.OpenAsync(context, Host.Widget("chat"));
        var (ownOnly, _) = await BrowserFixture.OpenAsync(context, Host.Widget("chat", "&shared=0"));
        await Expect(all.Locator("html")).ToHaveAttributeAsync("data-hub", "connected");
        await Expect(ownOnly.Locator("html")).ToHaveAttributeAsync("data-hub", "connected");

        var partner = TestChat.Line("2", Platform.Twitch) with { SharedFrom = new SharedChatSource("112233", "streamer33", "src-1") };
        var own = TestChat.Line("hello from our room", Platform.Twitch);
        await Host.PublishAsync(partner);
        await Host.PublishAsync(own);

        await Expect(all.Locator($".lb-line[data-id='{partner.Id}'] .lb-shared-from")).ToHaveTextAsync("\u21C4 streamer33");
        await Expect(all.Locator($".lb-line[data-id='{own.Id}'] .lb-shared-from")).ToHaveCountAsync(0);
        await Expect(ownOnly.Locator($".lb-line[data-id='{own.Id}']")).ToBeVisibleAsync();
        await Expect(ownOnly.Locator($".lb-line[data-id='{partner.Id}']")).ToHaveCountAsync(0);

        // After a reload the snapshot is filtered and marked the same way.
        await ownOnly.ReloadAsync();
        await all.ReloadAsync();
        await Expect(ownOnly.Locator($".lb-line[data-id='{own.Id}']")).ToBeVisibleAsync();
        await Expect(ownOnly.Locator($".lb-line[data-id='{partner.Id}']")).ToHaveCountAsync(0);
        await Expect(all.Locator($".lb-line[data-id='{partner.Id}'] .lb-shared-from")).ToHaveTextAsync("\u21C4 streamer33");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_YouTube_gift_alert_shows_the_gifts_picture_name_and_Jewels()
    {
        await using var context = await fixture.NewContextAsync(1280, 400);
        var requested = new List<string>();
        await context.RouteAsync("https://yt3.ggpht.com/**", route =>
        {
            requested.Add(route.Request.Url);
            return route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "image/svg+xml", Body = BrowserFixture.EmoteSvg });
        });
        var (page, errors) = await BrowserFixture.OpenAsync(context, Host.Widget("alerts", "&duration=5"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-hub", "connected");

        await Host.ShowAsync(new AlertAnnounced(new AlertPayload("youtube:gift-1", Platform.YouTube, "gift", "Tobi_Plays", 150m, "JEWELS", 3, null,
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ItemName: "Duck", ImageUrl: "https://yt3.ggpht.com/gifts/duck.png")));

        var shown = page.Locator(".lb-alert[data-id='youtube:gift-1']");
        await Expect(shown).ToBeVisibleAsync();
        await Expect(shown.Locator(".lb-alert-title")).ToHaveTextAsync("Tobi_Plays sent Duck ×3!");
        await Expect(shown.Locator(".lb-alert-amount")).ToContainTextAsync("150 Jewels");
        var picture = shown.Locator("img.lb-alert-image");
        await Expect(picture).ToHaveAttributeAsync("src", "https://yt3.ggpht.com/gifts/duck.png");
        await Expect(picture).ToHaveAttributeAsync("alt", "Duck");
        await Expect(picture).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await picture.EvaluateAsync<int>("img => img.naturalWidth") > 0, "the gift's picture loaded");
        Assert.Equal(["https://yt3.ggpht.com/gifts/duck.png"], requested);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Alerts_queue_one_at_a_time_and_a_reload_finishes_the_one_on_screen()
    {
        await using var context = await fixture.NewContextAsync(1280, 400);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, message) => errors.Add(message);
        // Count how many alert cards are ever on screen together.
        await page.AddInitScriptAsync("""
            window.__maxAlerts = 0;
            new MutationObserver(() => {
              window.__maxAlerts = Math.max(window.__maxAlerts, document.querySelectorAll('.lb-alert').length);
            }).observe(document, { childList: true, subtree: true });
            """);
        await page.GotoAsync(Host.Widget("alerts", "&duration=2"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-hub", "connected");

        var sentAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var raid = new AlertPayload("twitch:raid-1", Platform.Twitch, "raid", "DashNBash", null, null, 42, null, sentAt);
        var superChat = new AlertPayload("youtube:sc-1", Platform.YouTube, "superChat", "Tobi_Plays", 20m, "EUR", null, "<i>take my money</i>", sentAt);
        await Host.ShowAsync(new AlertAnnounced(raid));
        await Host.ShowAsync(new AlertAnnounced(superChat));

        var first = page.Locator(".lb-alert[data-id='twitch:raid-1']");
        await Expect(first).ToBeVisibleAsync();
        await Expect(first).ToContainTextAsync("DashNBash is raiding!");
        await Expect(first).ToContainTextAsync("42 viewers");
        var second = page.Locator(".lb-alert[data-id='youtube:sc-1']");
        await Expect(second).ToBeVisibleAsync();
        await Expect(second.Locator(".lb-alert-message")).ToHaveTextAsync("<i>take my money</i>");
        await Expect(second.Locator(".lb-alert-amount")).ToContainTextAsync("20");
        await Expect(first).ToHaveCountAsync(0);
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.__maxAlerts"));
        await Expect(second).ToHaveCountAsync(0);

        // A test alert (shown to every overlay, kept in the state snapshot) survives a reload of the source.
        var test = new AlertPayload("test:99", Platform.Demo, "subscription", "LiveBuddy", null, null, null, null,
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Tier: "1000", Test: true);
        await page.GotoAsync(Host.Widget("alerts", "&duration=8&platforms=twitch"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-hub", "connected");
        await Host.ShowAsync(new AlertAnnounced(test));
        var shown = page.Locator(".lb-alert[data-id='test:99']");
        await Expect(shown).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Expect(shown).ToBeVisibleAsync();
        await Expect(shown).ToContainTextAsync("LiveBuddy subscribed!");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Hype_train_bar_follows_progress_and_leaves_at_the_end_with_an_end_alert()
    {
        await using var context = await fixture.NewContextAsync(1280, 400);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, message) => errors.Add(message);
        await page.GotoAsync(Host.Widget("alerts", "&duration=3"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-hub", "connected");

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        HypeTrainPayload Train(string phase, int level, long total, long progress, long goal, int percent) => new("train-b", Platform.Twitch, "cool_user",
            phase, "treasure", level, total, progress, goal, percent, [new HypeTrainContribution("1", "<b>Bits4Days</b>", "bits", 900)], false, [],
            now, phase == "end" ? null : now + 300_000, phase == "end" ? now : null, null, null);
        await Host.ShowAsync(new HypeTrainChanged(Train("progress", 2, 2500, 450, 1800, 25)));

        var bar = page.Locator("#hypetrain");
        await Expect(bar).ToBeVisibleAsync();
        await Expect(bar).ToContainTextAsync("Treasure train");
        await Expect(bar).ToContainTextAsync("Level 2");
        await Expect(bar.Locator(".lb-hypetrain-top")).ToHaveTextAsync("Top: <b>Bits4Days</b>");
        await Expect(bar.Locator(".lb-hypetrain-fill")).ToHaveAttributeAsync("style", "width: 25%;");

        var end = Train("end", 3, 5200, 0, 0, 100);
        await Host.ShowAsync(new AlertAnnounced(new AlertPayload("twitch:end-1", Platform.Twitch, "hypeTrain", null, null, null, 3, null, now, HypeTrain: end)));
        await Host.ShowAsync(new HypeTrainChanged(end));
        await Expect(bar).ToBeHiddenAsync();
        var card = page.Locator(".lb-alert[data-id='twitch:end-1']");
        await Expect(card).ToContainTextAsync("Treasure train ended at level 3!");
        await Expect(card).ToContainTextAsync("5,200 points");
        await Expect(card).ToContainTextAsync("thanks <b>Bits4Days</b>");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Poll_bars_grow_with_votes_and_a_reload_shows_the_same_poll()
    {
        await using var context = await fixture.NewContextAsync(800, 500);
        var (page, errors) = await BrowserFixture.OpenAsync(context, Host.Widget("poll"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-hub", "connected");

        await Host.ShowAsync(new PollChanged(Poll("poll-1", "Which boss next?", "open", [0, 0, 0])));
        var poll = page.Locator(".lb-poll[data-id='poll-1']");
        await Expect(poll.Locator(".lb-poll-question")).ToHaveTextAsync("Which boss next?");
        await Expect(poll.Locator(".lb-option")).ToHaveCountAsync(3);
        await Expect(poll.Locator(".lb-option-percent").First).ToHaveTextAsync("0%");

        await Host.ShowAsync(new PollChanged(Poll("poll-1", "Which boss next?", "open", [6, 3, 1])));
        await Expect(poll.Locator(".lb-option-percent")).ToHaveTextAsync(["60%", "30%", "10%"]);
        var twitchPart = poll.Locator(".lb-option").First.Locator(".lb-bar-twitch");
        await Expect(twitchPart).ToHaveAttributeAsync("style", new System.Text.RegularExpressions.Regex("width: 40%"));
        await Expect(poll.Locator(".lb-poll-clock")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+:\d\d$"));

        await page.ReloadAsync();
        await Expect(poll.Locator(".lb-option-percent")).ToHaveTextAsync(["60%", "30%", "10%"]);

        await Host.ShowAsync(new PollChanged(Poll("poll-1", "Which boss next?", "closed", [6, 3, 1], endsAt: DateTimeOffset.UtcNow)));
        await Expect(poll).ToHaveAttributeAsync("data-status", "closed");
        await Expect(poll.Locator(".lb-winner .lb-option-text")).ToHaveTextAsync("Option 1");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Qa_shows_the_question_being_answered_and_the_queue_for_its_platforms()
    {
        await using var context = await fixture.NewContextAsync(800, 500);
        var (page, errors) = await BrowserFixture.OpenAsync(context, Host.Widget("qa", "&platforms=twitch"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-hub", "connected");

        var answering = new QaQuestionPayload(4, "cozy_crit", Platform.Twitch, "What build is this? <script>window.__pwned=1</script>", 12, "answering");
        var approved = new QaQuestionPayload(7, "pixelpanda", Platform.Twitch, "Favourite boss?", 5, "approved");
        var fromYouTube = new QaQuestionPayload(9, "Tobi", Platform.YouTube, "Asked on YouTube", 9, "approved");
        await Host.ShowAsync(new QaChanged(new QaPayload([answering, fromYouTube, approved], answering)));

        await Expect(page.Locator(".lb-qa-current .lb-qa-text")).ToHaveTextAsync(answering.Text);
        await Expect(page.Locator(".lb-qa-item")).ToHaveCountAsync(1);
        await Expect(page.Locator(".lb-qa-item .lb-qa-q")).ToHaveTextAsync("Favourite boss?");

        await page.ReloadAsync();
        await Expect(page.Locator(".lb-qa-current .lb-qa-text")).ToHaveTextAsync(answering.Text);
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__pwned"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Mood_gauge_follows_sentiment_and_keeps_a_sparkline()
    {
        await using var context = await fixture.NewContextAsync(600, 400);
        var (page, errors) = await BrowserFixture.OpenAsync(context, Host.Widget("mood"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-hub", "connected");

        await Host.ShowAsync(new MoodChanged(new MoodPayload(-0.6, 20, 3, 3)));
        await Expect(page.Locator(".lb-mood")).ToHaveAttributeAsync("data-mood", "negative");
        await Host.ShowAsync(new MoodChanged(new MoodPayload(0.53, 60, 12, 12)));
        await Expect(page.Locator(".lb-mood")).ToHaveAttributeAsync("data-mood", "positive");
        await Expect(page.Locator(".lb-ring-number")).ToHaveTextAsync("60");
        await Expect(page.Locator(".lb-mpm")).ToHaveTextAsync("12");
        var points = await page.Locator(".lb-spark-sentiment").GetAttributeAsync("points");
        Assert.True(points!.Split(' ').Length >= 2, "the sparkline has the readings so far");

        await page.ReloadAsync();
        await Expect(page.Locator(".lb-mood")).ToHaveAttributeAsync("data-mood", "positive");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Mood_shows_chatters_per_100_viewers_once_viewers_are_known_and_hides_it_on_request()
    {
        await using var context = await fixture.NewContextAsync(600, 400);
        var (page, errors) = await BrowserFixture.OpenAsync(context, Host.Widget("mood"));
        var (hiding, hidingErrors) = await BrowserFixture.OpenAsync(context, Host.Widget("mood", "&participation=0"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-hub", "connected");
        await Expect(hiding.Locator("html")).ToHaveAttributeAsync("data-hub", "connected");

        // No platform has reported viewers yet: nothing to show.
        await Host.ShowAsync(new MoodChanged(new MoodPayload(0.1, 40, 30, 10)));
        await Expect(page.Locator(".lb-mpm")).ToHaveTextAsync("30");
        await Expect(page.Locator(".lb-mood-participation")).ToBeHiddenAsync();

        await Host.ShowAsync(new MoodChanged(new MoodPayload(0.1, 55, 30, 10, Viewers: 400, Participation: 2.5)));
        await Expect(page.Locator(".lb-mood-participation")).ToBeVisibleAsync();
        await Expect(page.Locator(".lb-mood-participation")).ToHaveTextAsync("2.5 chatters per 100 viewers");
        await Expect(page.Locator(".lb-viewers")).ToHaveTextAsync("400");

        await Expect(hiding.Locator(".lb-ring-number")).ToHaveTextAsync("55");
        await Expect(hiding.Locator(".lb-viewers")).ToHaveTextAsync("400");
        await Expect(hiding.Locator(".lb-mood-participation")).ToBeHiddenAsync();

        // After a reload the state snapshot brings it back.
        await page.ReloadAsync();
        await Expect(page.Locator(".lb-participation")).ToHaveTextAsync("2.5");
        Assert.Empty(errors);
        Assert.Empty(hidingErrors);
    }

    [Fact]
    public async Task Every_widget_has_a_transparent_background()
    {
        await using var context = await fixture.NewContextAsync(1280, 720);
        foreach (var widget in new[] { "chat", "alerts", "poll", "qa", "mood" })
        {
            // One chat line at most (bottom left); every widget leaves the middle of the right edge empty.
            var (page, errors) = await BrowserFixture.OpenAsync(context, Host.Widget(widget, "&max=1"));
            await Expect(page.Locator("html")).ToHaveAttributeAsync("data-live", "true");
            Assert.Equal("rgba(0, 0, 0, 0)", await page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).backgroundColor"));
            Assert.Equal("rgba(0, 0, 0, 0)", await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor"));

            // The rendered pixels agree: empty page in a screenshot without the default white backdrop has alpha 0.
            var png = await page.ScreenshotAsync(new PageScreenshotOptions { OmitBackground = true });
            var alpha = await page.EvaluateAsync<int>("""
                async base64 => {
                  const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
                  const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
                  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
                  const g = canvas.getContext('2d');
                  g.drawImage(bitmap, 0, 0);
                  return g.getImageData(bitmap.width - 2, bitmap.height >> 1, 1, 1).data[3];
                }
                """, Convert.ToBase64String(png));
            Assert.True(alpha == 0, $"{widget}: an empty pixel has alpha {alpha}");
            Assert.Empty(errors);
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task Theme_parameters_and_custom_css_change_the_look()
    {
        await using var context = await fixture.NewContextAsync(640, 360);
        var (page, errors) = await BrowserFixture.OpenAsync(context,
            Host.Widget("chat", "&font=DejaVu%20Serif&size=40&color=ffcc00&bg=transparent&max=2&css=/overlay/themes/example.css&shadow=0"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-hub", "connected");
        foreach (var text in new[] { "one", "two", "three" }) await Host.PublishAsync(TestChat.Line("themed " + text));

        await Expect(page.Locator(".lb-line")).ToHaveCountAsync(2);
        await Expect(page.Locator(".lb-line").Last).ToContainTextAsync("themed three");
        var style = await page.Locator(".lb-line").Last.EvaluateAsync<string[]>(
            "line => { const s = getComputedStyle(line.querySelector('.lb-text')); return [s.fontFamily, s.fontSize, s.color]; }");
        Assert.StartsWith("\"DejaVu Serif\"", style[0], StringComparison.Ordinal);
        Assert.Equal("40px", style[1]);
        Assert.Equal("rgb(255, 204, 0)", style[2]);
        await Expect(page.Locator("link[href$='/overlay/themes/example.css']")).ToHaveCountAsync(1);

        // A style sheet from another origin is refused.
        var (other, _) = await BrowserFixture.OpenAsync(context, Host.Widget("chat", "&css=https://evil.example/x.css"));
        await Expect(other.Locator("html")).ToHaveAttributeAsync("data-hub", "connected");
        await Expect(other.Locator("link[href*='evil']")).ToHaveCountAsync(0);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_restarted_server_is_reconnected_and_its_state_replaces_what_was_shown()
    {
        var port = OverlayTestHost.FreePort();
        var data = Path.Combine(Path.GetTempPath(), "livebuddy-overlay-restart-" + Guid.NewGuid().ToString("N"));
        await using var context = await fixture.NewContextAsync();
        var first = OverlayTestHost.Start(data, port);
        var before = TestChat.Line("said before the restart");
        IPage page;
        List<string> errors;
        try
        {
            (page, errors) = await BrowserFixture.OpenAsync(context, first.Widget("chat"));
            await first.PublishAsync(before);
            await Expect(page.Locator($".lb-line[data-id='{before.Id}']")).ToBeVisibleAsync();
        }
        finally
        {
            await first.StopAsync();
        }

        await using var second = OverlayTestHost.Start(data, port);
        var after = TestChat.Line("said after the restart");
        await second.PublishAsync(after);
        // Retries back off to 10 s at most; a link that went silent without a close is noticed after the 40 s server timeout.
        await Expect(page.Locator($".lb-line[data-id='{after.Id}']")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 45_000 });
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-hub", "connected");
        // The new server's snapshot is the truth: it never saw the old line.
        await Expect(page.Locator($".lb-line[data-id='{before.Id}']")).ToHaveCountAsync(0);
        Assert.Empty(errors);
    }

    internal static PollPayload Poll(string id, string question, string status, int[] votes, DateTimeOffset? endsAt = null)
    {
        // Two thirds of every option's votes come from Twitch, the rest from YouTube.
        var options = votes.Select((v, i) => new PollOptionPayload($"Option {i + 1}", v,
            new Dictionary<string, int>(StringComparer.Ordinal) { ["twitch"] = v - v / 3, ["youtube"] = v / 3 })).ToList();
        var byPlatform = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["twitch"] = options.Sum(o => o.VotesByPlatform["twitch"]),
            ["youtube"] = options.Sum(o => o.VotesByPlatform["youtube"]),
        };
        var end = endsAt ?? DateTimeOffset.UtcNow.AddMinutes(2);
        return new PollPayload(id, question, options, status, end.ToUnixTimeMilliseconds(), votes.Sum(), byPlatform);
    }
}
