using LiveBuddy.Core;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sources;
using LiveBuddy.Testing.YouTube;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;
using static LiveBuddy.Testing.YouTube.YouTubeChatItems;
using static LiveBuddy.YouTube.Tests.YouTubeHarness;

namespace LiveBuddy.YouTube.Tests;

public sealed class HostedReaderTests(ITestOutputHelper output)
{
    private static ServiceProvider Host(Dictionary<string, string?> settings, string dataPath)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Counters>();
        services.AddSingleton(sp => new EventIngress(sp.GetRequiredService<Counters>()));
        services.AddSingleton<SourceStatusBoard>();
        services.AddSingleton(new DataFolder(dataPath));
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddLiveBuddyYouTube();
        return services.BuildServiceProvider();
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException();
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task The_registered_reader_streams_chat_in_real_time_spacing_polls_by_pollingIntervalMillis()
    {
        await using var api = await FakeYouTubeApi.StartAsync();
        api.RequiredApiKey = "k";
        api.SetVideo("v1", "c1", concurrentViewers: "7");
        var chat = api.Chat("c1");
        chat.PollingIntervalMillis = 150;
        chat.AddPage(Text("old", "c1", Viewer, "backlog", Start));
        var data = Path.Combine(Path.GetTempPath(), "livebuddy-yt-" + Guid.NewGuid().ToString("N"));
        await using var sp = Host(new()
        {
            ["YouTube:ApiUrl"] = api.ApiUrl,
            ["YouTube:ApiKey"] = "k",
            ["YouTube:VideoIds:0"] = "v1",
            ["YouTube:DailyQuota"] = "1000000",
            ["YouTube:Reader"] = "poll",
        }, data);
        var counters = sp.GetRequiredService<Counters>();
        await using var events = new CapturedEvents(sp.GetRequiredService<EventIngress>(), counters, TimeProvider.System);
        var reader = sp.GetServices<IHostedService>().Single();

        await reader.StartAsync(CancellationToken.None);
        // Said after the reader joined (on this test's real clock): anything published before is history.
        await WaitAsync(() => api.CountRequests("/youtube/v3/liveChat/messages") >= 1, TimeSpan.FromSeconds(15));
        chat.AddPage(Text("m1", "c1", Viewer, "first", DateTimeOffset.UtcNow))
            .AddPage()
            .AddPage(Text("m2", "c1", Viewer, "second", DateTimeOffset.UtcNow), Text("m3", "c1", Mod, "third", DateTimeOffset.UtcNow));
        await events.WaitForAsync(e => e.OfType<ChatMessage>().Count() >= 3, TimeSpan.FromSeconds(15));
        await WaitAsync(() => api.CountRequests("/youtube/v3/liveChat/messages") >= 6, TimeSpan.FromSeconds(15));
        await reader.StopAsync(CancellationToken.None);

        Assert.Equal(["first", "second", "third"], events.Of<ChatMessage>().Select(m => m.Text));
        Assert.Equal(SourceState.Stopped, sp.GetRequiredService<SourceStatusBoard>().Get("youtube")!.State);
        var times = api.Requests.Where(r => r.Path.EndsWith("liveChat/messages", StringComparison.Ordinal)).Select(r => r.At).ToList();
        var gaps = times.Zip(times.Skip(1), (a, b) => (b - a).TotalMilliseconds).ToList();
        output.WriteLine($"measured gaps between polls (ms): {string.Join(", ", gaps.Select(g => g.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.All(gaps, g => Assert.True(g >= 149, $"gap {g} ms"));
        if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task Over_streamList_a_message_reaches_the_pipeline_within_a_second_at_p99()
    {
        await using var api = await FakeYouTubeApi.StartAsync();
        api.RequiredApiKey = "k";
        api.SetVideo("v1", "c1", concurrentViewers: "7");
        var chat = api.Chat("c1");
        chat.AddPage(Text("old", "c1", Viewer, "backlog", Start));
        var data = Path.Combine(Path.GetTempPath(), "livebuddy-yt-" + Guid.NewGuid().ToString("N"));
        await using var sp = Host(new()
        {
            ["YouTube:ApiUrl"] = api.ApiUrl,
            ["YouTube:StreamUrl"] = api.Streams.Url,
            ["YouTube:ApiKey"] = "k",
            ["YouTube:VideoIds:0"] = "v1",
        }, data);
        var counters = sp.GetRequiredService<Counters>();
        await using var events = new CapturedEvents(sp.GetRequiredService<EventIngress>(), counters, TimeProvider.System);
        var reader = sp.GetServices<IHostedService>().Single();
        await reader.StartAsync(CancellationToken.None);
        await WaitAsync(() => api.Streams.Requests.Count >= 1, TimeSpan.FromSeconds(10));

        // 200 messages in batches of 1–3, as a busy chat sends them; the clock starts when the fake has the message.
        var sent = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        for (var i = 0; i < 200; i += 2)
        {
            var batch = new[] { Text($"m{i}", "c1", Viewer, $"line {i}", DateTimeOffset.UtcNow), Text($"m{i + 1}", "c1", Mod, $"line {i + 1}", DateTimeOffset.UtcNow) };
            var at = DateTime.UtcNow;
            chat.AddPage(batch);
            sent[$"m{i}"] = at;
            sent[$"m{i + 1}"] = at;
            await Task.Delay(5);
        }
        await events.WaitForAsync(e => e.OfType<ChatMessage>().Count() >= 200, TimeSpan.FromSeconds(15));
        await reader.StopAsync(CancellationToken.None);

        var latencies = sent.Select(s => (events.Arrivals[s.Key] - s.Value).TotalMilliseconds).Order().ToList();
        var p50 = latencies[latencies.Count / 2];
        var p99 = latencies[(int)Math.Ceiling(latencies.Count * 0.99) - 1];
        output.WriteLine($"streamList message → pipeline latency over 200 messages: p50 {p50:F1} ms, p99 {p99:F1} ms, max {latencies[^1]:F1} ms; " +
                         $"{api.CountRequests("/youtube/v3/liveChat/messages")} list calls, {api.Streams.Requests.Count} stream opens");
        Assert.True(p99 <= 1000, $"p99 {p99} ms");
        Assert.Equal(200, events.Of<ChatMessage>().Select(m => m.Id).Distinct().Count());
        Assert.Equal(0, api.CountRequests("/youtube/v3/liveChat/messages")); // streamed, not polled
        Assert.Equal("k", api.Streams.Requests[0].ApiKey);
        if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task A_control_page_sign_in_starts_reading_the_active_broadcast_without_a_restart()
    {
        await using var api = await FakeYouTubeApi.StartAsync();
        api.SetActiveBroadcast("b1", "c1");
        api.SetVideo("b1", "c1", concurrentViewers: "12");
        var chat = api.Chat("c1");
        chat.AddPage();
        var data = Path.Combine(Path.GetTempPath(), "livebuddy-yt-" + Guid.NewGuid().ToString("N"));
        await using var sp = Host(new()
        {
            ["YouTube:ApiUrl"] = api.ApiUrl,
            ["YouTube:StreamUrl"] = api.Streams.Url,
            ["YouTube:ClientId"] = "client-id.apps.googleusercontent.com",
            ["YouTube:ClientSecret"] = "client-secret",
            ["YouTube:AuthUrl"] = api.AuthUrl,
            ["YouTube:TokenUrl"] = api.TokenUrl,
        }, data);
        var board = sp.GetRequiredService<SourceStatusBoard>();
        await using var events = new CapturedEvents(sp.GetRequiredService<EventIngress>(), sp.GetRequiredService<Counters>(), TimeProvider.System);
        var reader = sp.GetServices<IHostedService>().Single();
        await reader.StartAsync(CancellationToken.None);
        await WaitAsync(() => board.Get("youtube")?.State == SourceState.Disabled, TimeSpan.FromSeconds(5));

        // The control page's sign-in: Google's page, then the browser comes back to the callback with the code.
        var login = sp.GetRequiredService<YouTube.Auth.YouTubeWebLogin>();
        var start = await login.StartAsync(new Uri("http://127.0.0.1:5180/login/youtube/callback"), CancellationToken.None);
        var state = System.Web.HttpUtility.ParseQueryString(start.AuthorizationUrl!.Query)["state"];
        var outcome = await login.CompleteAsync(state, api.AuthorizationCode, null, CancellationToken.None);
        Assert.Equal(YouTube.Auth.YouTubeSignInOutcome.SignedIn, outcome);

        await WaitAsync(() => api.Streams.Requests.Count >= 1, TimeSpan.FromSeconds(10));
        chat.AddPage(Text("m1", "c1", Viewer, "hello after sign-in", DateTimeOffset.UtcNow));
        await events.WaitForAsync(e => e.OfType<ChatMessage>().Any(), TimeSpan.FromSeconds(10));
        await reader.StopAsync(CancellationToken.None);

        Assert.Equal("hello after sign-in", events.Of<ChatMessage>().Single().Text);
        Assert.Equal("Bearer " + api.AccessToken, api.Streams.Requests[0].Authorization);
        Assert.Contains(api.Requests, r => r.Path.EndsWith("/liveBroadcasts", StringComparison.Ordinal));
        // Replies work at once too: the writer uses the new sign-in.
        var sender = sp.GetServices<IChatSender>().Single(s => s.Platform == Platform.YouTube);
        await sender.SendAsync(new ChatReply(Platform.YouTube, "c1", "thanks!"), CancellationToken.None);
        Assert.Single(api.InsertedMessages);
        if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task With_nothing_configured_the_source_reports_disabled_and_sends_no_requests()
    {
        var data = Path.Combine(Path.GetTempPath(), "livebuddy-yt-" + Guid.NewGuid().ToString("N"));
        await using var sp = Host(new(), data);
        var reader = sp.GetServices<IHostedService>().Single();

        await reader.StartAsync(CancellationToken.None);
        var board = sp.GetRequiredService<SourceStatusBoard>();
        await WaitAsync(() => board.Get("youtube") is not null, TimeSpan.FromSeconds(5));
        await reader.StopAsync(CancellationToken.None);

        var status = board.Get("youtube")!;
        Assert.Equal(SourceState.Disabled, status.State);
        Assert.Contains("login youtube", status.Detail, StringComparison.Ordinal);
        Assert.Single(sp.GetServices<IChatSender>(), s => s.Platform == Platform.YouTube);
        Assert.Single(sp.GetServices<IModerationExecutor>(), s => s.Platform == Platform.YouTube);
    }
}
