using LiveBuddy.Core.Events;
using Microsoft.Playwright;

namespace LiveBuddy.Server.Tests.Overlays;

/// <summary>
/// One real host and one headless Chromium for a whole test class (starting a browser costs far more than a page).
/// Chromium is the system one (<c>/usr/bin/chromium</c>, or <c>LIVEBUDDY_CHROMIUM</c>): Playwright cannot download browsers here.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic",
    ];

    private IPlaywright? _playwright;

    public OverlayTestHost Host { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = OverlayTestHost.Start();
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchAsync(_playwright);
        Assertions.SetDefaultExpectTimeout(10_000);
    }

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        var path = Environment.GetEnvironmentVariable("LIVEBUDDY_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(path))
            throw new InvalidOperationException($"Chromium not found at {path}: install it (apt-get install -y chromium) or set LIVEBUDDY_CHROMIUM.");
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = path, Headless = true, Args = ChromiumArgs });
    }

    /// <summary>
    /// A fresh browser context (own storage) whose emote CDN requests are answered locally with a small SVG face:
    /// the machine is offline, and the overlay's &lt;img&gt; path is still exercised end to end.
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 720)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        await context.RouteAsync("https://static-cdn.jtvnw.net/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200, ContentType = "image/svg+xml", Body = EmoteSvg,
        }));
        return context;
    }

    /// <summary>Opens a page and records its script errors (a widget that throws fails the test).</summary>
    public static async Task<(IPage Page, List<string> Errors)> OpenAsync(IBrowserContext context, string url)
    {
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, message) => errors.Add(message);
        await page.GotoAsync(url);
        return (page, errors);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Host is not null) await Host.DisposeAsync();
    }

    internal const string EmoteSvg =
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 28 28' width='28' height='28'>" +
        "<circle cx='14' cy='14' r='13' fill='#ffcc4d'/><circle cx='9.5' cy='11' r='2' fill='#664500'/><circle cx='18.5' cy='11' r='2' fill='#664500'/>" +
        "<path d='M7.5 16.5q6.5 6.5 13 0' stroke='#664500' stroke-width='2' fill='none' stroke-linecap='round'/></svg>";
}

/// <summary>Chat lines for tests: unique ids, a coloured author, optional roles and emotes.</summary>
public static class TestChat
{
    private static int _next;

    public static ChatMessage Line(string text, Platform platform = Platform.Twitch, string? user = null, string? displayName = null,
        ViewerRoles roles = ViewerRoles.None, IReadOnlyList<MessageFragment>? fragments = null, string color = "#FF7F50")
    {
        var n = Interlocked.Increment(ref _next);
        var now = DateTimeOffset.UtcNow;
        var login = user ?? $"viewer{n}";
        return new ChatMessage
        {
            Platform = platform,
            Id = $"msg-{n}-{Guid.NewGuid():N}",
            Channel = "streamer",
            SentAt = now,
            ReceivedAt = now,
            Author = new Author { Id = "id-" + login, Name = login, DisplayName = displayName ?? login, Color = color, Roles = roles },
            Text = text,
            Fragments = fragments ?? [],
        };
    }

    /// <summary>A Twitch emote fragment (Kappa is id 25) with the CDN URL the Twitch mapper builds.</summary>
    public static MessageFragment Emote(string name = "Kappa", string id = "25") =>
        new(name, new Emote(id, name, $"https://static-cdn.jtvnw.net/emoticons/v2/{id}/default/dark/1.0"));
}
