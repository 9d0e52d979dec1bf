using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Polls;
using LiveBuddy.Core.Qa;
using LiveBuddy.Storage.Schema;
using LiveBuddy.Storage.Sessions;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LiveBuddy.Server.Tests.Hosting;

public sealed class HostTests
{
    private static ChatMessage Chat(Platform platform, string id, string text, string user = "viewer1") => new()
    {
        Platform = platform, Id = id, Channel = "chan", SentAt = DateTimeOffset.UtcNow, ReceivedAt = DateTimeOffset.UtcNow,
        Author = new Author { Id = "u-" + user, Name = user, DisplayName = user }, Text = text,
    };

    [Fact]
    public async Task Healthz_answers_json_with_sources_and_current_session()
    {
        await using var host = TestHost.Start(new Dictionary<string, string?> { ["Demo:Mode"] = "on", ["Demo:Speed"] = "50" });
        using var client = host.CreateClient();

        string? sessionId = null;
        await Wait.UntilAsync(async () =>
        {
            using var doc = JsonDocument.Parse(await client.GetStringAsync("/healthz"));
            sessionId = doc.RootElement.GetProperty("sessionId").GetString();
            return sessionId is not null;
        }, because: "demo chat should start a session");

        using var health = JsonDocument.Parse(await client.GetStringAsync("/healthz"));
        Assert.Equal("ok", health.RootElement.GetProperty("status").GetString());
        var demo = health.RootElement.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "demo");
        Assert.Equal("connected", demo.GetProperty("state").GetString());
        Assert.Matches("^[0-9]{8}-[0-9]{6}$", sessionId!);
    }

    [Fact]
    public async Task Overlay_client_gets_state_at_once_and_demo_chat_within_seconds()
    {
        await using var host = TestHost.Start(new Dictionary<string, string?> { ["Demo:Mode"] = "on", ["Demo:Speed"] = "20" });
        await using var hub = host.CreateOverlayConnection();
        var state = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        var chats = new List<JsonElement>();
        hub.On<JsonElement>("state", s => state.TrySetResult(s));
        hub.On<JsonElement>("chat", c => { lock (chats) chats.Add(c); });

        await hub.StartAsync();
        var snapshot = await state.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await Wait.UntilAsync(() => { lock (chats) return chats.Count >= 3; }, TimeSpan.FromSeconds(10), "demo chat should reach the overlay");

        Assert.True(snapshot.TryGetProperty("chat", out _));
        JsonElement first;
        lock (chats) first = chats[0];
        Assert.Equal("demo", first.GetProperty("platform").GetString());
        Assert.False(string.IsNullOrEmpty(first.GetProperty("text").GetString()));
        Assert.False(string.IsNullOrEmpty(first.GetProperty("author").GetProperty("displayName").GetString()));
        Assert.True(first.GetProperty("sentAt").GetInt64() > 0);
    }

    [Fact]
    public async Task Chat_is_scored_without_loading_ml_net()
    {
        // The server reads the models' plain weights; ML.NET's assemblies cost ~15 MB of resident memory for nothing.
        await using var host = TestHost.Start(new Dictionary<string, string?> { ["Demo:Mode"] = "on", ["Demo:Speed"] = "20" });
        await using var hub = host.CreateOverlayConnection();
        var chats = 0;
        hub.On<JsonElement>("chat", _ => Interlocked.Increment(ref chats));
        await hub.StartAsync();
        await Wait.UntilAsync(() => Volatile.Read(ref chats) >= 3, TimeSpan.FromSeconds(10), "demo chat should be scored and reach the overlay");

        var mlNet = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name).Where(n => n?.StartsWith("Microsoft.ML", StringComparison.Ordinal) == true);
        Assert.Empty(mlNet);
    }

    [Fact]
    public async Task Wrong_key_gets_nothing_from_the_hub()
    {
        await using var host = TestHost.Start(new Dictionary<string, string?> { ["Demo:Mode"] = "on", ["Demo:Speed"] = "50" });
        await using var hub = host.CreateOverlayConnection(key: "not-the-key");
        var received = 0;
        hub.On<JsonElement>("chat", _ => Interlocked.Increment(ref received));

        var error = await Assert.ThrowsAnyAsync<HttpRequestException>(() => hub.StartAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal(0, received);
        Assert.True(host.Counters.Value("hub.rejected_key") >= 1);
    }

    [Fact]
    public async Task Api_needs_the_admin_key_as_bearer_token()
    {
        await using var host = TestHost.Start();
        using var anonymous = host.CreateClient();
        using var wrong = host.CreateClient();
        wrong.DefaultRequestHeaders.Authorization = new("Bearer", host.OverlayKey);
        using var admin = host.CreateClient(admin: true);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/sessions")).StatusCode);
    }

    [Fact]
    public async Task Platform_filter_keeps_other_platforms_chat_off_the_overlay()
    {
        await using var host = TestHost.Start();
        await using var twitchOnly = host.CreateOverlayConnection(platforms: "twitch");
        var seen = new List<string>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        twitchOnly.On<JsonElement>("chat", c =>
        {
            lock (seen) seen.Add(c.GetProperty("id").GetString()!);
            if (c.GetProperty("id").GetString() == "t-last") done.TrySetResult();
        });
        await twitchOnly.StartAsync();

        await host.Ingress.PublishAsync(Chat(Platform.Twitch, "t-1", "hello from twitch"));
        await host.Ingress.PublishAsync(Chat(Platform.YouTube, "y-1", "hello from youtube"));
        await host.Ingress.PublishAsync(Chat(Platform.Twitch, "t-last", "bye"));
        await done.Task.WaitAsync(TimeSpan.FromSeconds(5));

        lock (seen) Assert.Equal(["t-1", "t-last"], seen);
    }

    [Fact]
    public async Task Duplicate_events_reach_the_overlay_once()
    {
        await using var host = TestHost.Start();
        await using var hub = host.CreateOverlayConnection();
        var ids = new List<string>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<JsonElement>("chat", c =>
        {
            var id = c.GetProperty("id").GetString()!;
            lock (ids) ids.Add(id);
            if (id == "end") done.TrySetResult();
        });
        await hub.StartAsync();

        await host.Ingress.PublishAsync(Chat(Platform.Twitch, "a", "one"));
        await host.Ingress.PublishAsync(Chat(Platform.Twitch, "a", "one again after a reconnect"));
        await host.Ingress.PublishAsync(Chat(Platform.YouTube, "a", "same id, other platform"));
        await host.Ingress.PublishAsync(Chat(Platform.Twitch, "end", "end"));
        await done.Task.WaitAsync(TimeSpan.FromSeconds(5));

        lock (ids) Assert.Equal(["a", "a", "end"], ids); // the YouTube "a" is a different event
        Assert.Equal(1, host.Counters.Value("pipeline.duplicates"));
    }

    [Fact]
    public async Task Graceful_stop_stores_every_message_that_was_broadcast()
    {
        await using var host = TestHost.Start(new Dictionary<string, string?> { ["Demo:Mode"] = "on", ["Demo:Speed"] = "40" });
        await using var hub = host.CreateOverlayConnection();
        var broadcast = new HashSet<string>(StringComparer.Ordinal);
        hub.On<JsonElement>("chat", c => { lock (broadcast) broadcast.Add(c.GetProperty("id").GetString()!); });
        await hub.StartAsync();
        await Wait.UntilAsync(() => { lock (broadcast) return broadcast.Count >= 40; }, TimeSpan.FromSeconds(20), "demo chat should flow");

        await host.StopAsync();

        using var db = LiveBuddyDatabase.Open(Path.Combine(host.DataPath, LiveBuddyDatabase.FileName));
        var stored = db.Query<MessageRow>("SELECT EventId FROM messages").Select(m => m.EventId).ToHashSet(StringComparer.Ordinal);
        lock (broadcast) Assert.Empty(broadcast.Except(stored));
        var session = db.Table<SessionRow>().Single();
        Assert.Equal("shutdown", session.EndReason);
        Assert.NotNull(session.EndedAt);
    }

    [Fact]
    public async Task A_graceful_stop_writes_the_report_of_the_session_it_ends_with_every_stored_line()
    {
        await using var host = TestHost.Start(new Dictionary<string, string?> { ["Demo:Mode"] = "on", ["Demo:Speed"] = "40" });
        await Wait.UntilAsync(() => host.Counters.Value("pipeline.processed") >= 40, TimeSpan.FromSeconds(20), "demo chat should flow");

        await host.StopAsync();

        using var db = LiveBuddyDatabase.Open(Path.Combine(host.DataPath, LiveBuddyDatabase.FileName));
        var session = db.Table<SessionRow>().Single();
        var stored = db.ExecuteScalar<int>("SELECT COUNT(*) FROM messages WHERE SessionId = ?", session.Id);
        var reports = Path.Combine(host.DataPath, "reports");
        Assert.True(File.Exists(Path.Combine(reports, session.Id + ".html")), "the html report of the ended session");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(reports, session.Id + ".json")));
        Assert.Equal(stored, json.RootElement.GetProperty("totals").GetProperty("messages").GetInt32());
    }

    [Fact]
    public async Task An_open_poll_and_its_votes_carry_on_after_a_restart_within_the_grace_period()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "livebuddy-test-" + Guid.NewGuid().ToString("N"));
        await using (var first = TestHost.Start(dataPath: dataPath))
        {
            await first.Ingress.PublishAsync(Chat(Platform.Twitch, "hello", "hi"));
            await Wait.UntilAsync(() => first.Services.GetSessionId() is not null);
            using var admin = first.CreateClient(admin: true);
            using var opened = await admin.PostAsJsonAsync("/api/polls", new { question = "Next game?", options = new[] { "Celeste", "Hades" }, durationSeconds = 600 });
            opened.EnsureSuccessStatusCode();
            await first.Ingress.PublishAsync(Chat(Platform.Twitch, "v1", "!vote 2", "viewer1"));
            await first.Ingress.PublishAsync(Chat(Platform.Twitch, "v2", "!vote 1", "viewer2"));
            var polls = first.Services.GetRequiredService<PollEngine>();
            await Wait.UntilAsync(() => polls.Current?.TotalVotes == 2, because: "both votes should count");
            await first.StopAsync();
        }

        await using var second = TestHost.Start(dataPath: dataPath);
        var restored = second.Services.GetRequiredService<PollEngine>();

        Assert.Equal("open", restored.Current?.Status);
        Assert.Equal("Next game?", restored.Current!.Question);
        Assert.Equal([1, 1], restored.Current.Options.Select(o => o.Votes));
        // A viewer who votes again after the restart changes their vote, as before it.
        await second.Ingress.PublishAsync(Chat(Platform.Twitch, "v3", "!vote 2", "viewer2"));
        await Wait.UntilAsync(() => restored.Current?.Options[1].Votes == 2, because: "the second vote should replace the restored one");
        Assert.Equal(2, restored.Current!.TotalVotes);
    }

    [Fact]
    public async Task The_qa_queue_carries_on_after_a_restart_within_the_grace_period()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "livebuddy-test-" + Guid.NewGuid().ToString("N"));
        static QaPayload Queue(TestHost host) => (QaPayload)host.Services.GetRequiredService<QaQueue>().Snapshot()!.Payload!;
        await using (var first = TestHost.Start(dataPath: dataPath))
        {
            await first.Ingress.PublishAsync(Chat(Platform.Twitch, "q1", "!ask which boss is next after this one?", "viewer1"));
            await first.Ingress.PublishAsync(Chat(Platform.Twitch, "up1", "!up 1", "viewer2"));
            await Wait.UntilAsync(() => Queue(first).Questions is [{ Upvotes: 1 }], because: "the question and its upvote should be queued");
            await first.StopAsync();
        }

        await using var second = TestHost.Start(dataPath: dataPath);
        var restored = Assert.Single(Queue(second).Questions);
        Assert.Equal((1, "which boss is next after this one?", 1, "pending"), (restored.Id, restored.Text, restored.Upvotes, restored.Status));

        // Upvotes stay once per viewer across the restart, and numbering goes on.
        await second.Ingress.PublishAsync(Chat(Platform.Twitch, "up2", "!up 1", "viewer2"));
        await second.Ingress.PublishAsync(Chat(Platform.Twitch, "up3", "!up 1", "viewer3"));
        await second.Ingress.PublishAsync(Chat(Platform.Twitch, "q2", "!ask will you stream the dlc tomorrow?", "viewer4"));
        await Wait.UntilAsync(() => Queue(second).Questions.Count == 2, because: "the new question should be queued");
        Assert.Equal([(1, 2), (2, 0)], Queue(second).Questions.Select(q => (q.Id, q.Upvotes)));
    }

    [Fact]
    public async Task Restart_within_the_grace_period_continues_the_same_session()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "livebuddy-test-" + Guid.NewGuid().ToString("N"));
        string firstSession;
        await using (var first = TestHost.Start(dataPath: dataPath))
        {
            await first.Ingress.PublishAsync(Chat(Platform.Twitch, "before-restart", "hi"));
            await Wait.UntilAsync(() => first.Services.GetSessionId() is not null);
            firstSession = first.Services.GetSessionId()!;
            await first.StopAsync();
        }

        await using var second = TestHost.Start(dataPath: dataPath);
        await second.Ingress.PublishAsync(Chat(Platform.Twitch, "after-restart", "back"));
        await Wait.UntilAsync(() => second.Services.GetSessionId() is not null);

        Assert.Equal(firstSession, second.Services.GetSessionId());
    }
}

internal static class ServiceProviderExtensions
{
    public static string? GetSessionId(this IServiceProvider services) =>
        ((LiveBuddy.Core.Sessions.SessionTracker)services.GetService(typeof(LiveBuddy.Core.Sessions.SessionTracker))!).Current?.Id;
}
