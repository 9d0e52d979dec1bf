using System.Collections.Concurrent;
using LiveBuddy.Core;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Core.Sources;
using LiveBuddy.Testing.Twitch;
using LiveBuddy.Twitch.EventSub;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LiveBuddy.Twitch.Tests;

/// <summary>Collects what reaches the pipeline through the real <see cref="EventPipeline"/> reader.</summary>
internal sealed class CapturedEvents : IPipelineSink, IAsyncDisposable
{
    private readonly ConcurrentQueue<StreamEvent> _events = new();
    private readonly EventIngress _ingress;
    private readonly Task _run;

    public CapturedEvents(EventIngress ingress, Counters counters, TimeProvider time)
    {
        _ingress = ingress;
        var pipeline = new EventPipeline(ingress, new SessionTracker(time, new SessionRules()), [], [this], counters, time,
            NullLogger<EventPipeline>.Instance);
        _run = Task.Run(() => pipeline.RunAsync(CancellationToken.None));
    }

    public IReadOnlyList<StreamEvent> All => _events.ToArray();

    public IReadOnlyList<T> Of<T>() where T : StreamEvent => _events.OfType<T>().ToArray();

    public void OnEvent(StreamEvent streamEvent, SessionInfo? session) => _events.Enqueue(streamEvent);

    public void OnUpdate(LiveUpdate update)
    {
    }

    public async ValueTask DisposeAsync()
    {
        _ingress.Complete();
        await _run;
    }
}

/// <summary>The three Twitch fakes, a DI container built by <see cref="TwitchApiRegistration.AddTwitchApi"/>, and the captured pipeline.</summary>
internal sealed class TwitchApiHarness : IAsyncDisposable
{
    // A deadline, not a wait: generous because the build machine is shared and the first Kestrel start is slow.
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stop = new();
    private Task _eventSub = Task.CompletedTask;

    private TwitchApiHarness(FakeEventSubServer eventSub, FakeHelixServer helix, FakeTwitchAuthServer auth, TimeProvider time)
    {
        EventSub = eventSub;
        Helix = helix;
        Auth = auth;
        Time = time;
        Board = new SourceStatusBoard(time);
        Ingress = new EventIngress(Counters);
        Events = new CapturedEvents(Ingress, Counters, time);
        DataPath = Path.Combine(Path.GetTempPath(), "livebuddy-twitchapi-" + Guid.NewGuid().ToString("N"));
    }

    public FakeEventSubServer EventSub { get; }
    public FakeHelixServer Helix { get; }
    public FakeTwitchAuthServer Auth { get; }
    public TimeProvider Time { get; }
    public FakeTimeProvider? FakeTime => Time as FakeTimeProvider;
    public Counters Counters { get; } = new();
    public SourceStatusBoard Board { get; }
    public EventIngress Ingress { get; }
    public CapturedEvents Events { get; }
    public string DataPath { get; }
    public ServiceProvider Services { get; private set; } = null!;
    /// <summary>What <see cref="Services"/> was built from, to build a second container (a restart) on the same data folder.</summary>
    public IReadOnlyList<ServiceDescriptor> ServiceDescriptors { get; private set; } = [];
    public string AccessToken { get; private set; } = "";
    public string RefreshToken { get; private set; } = "";

    /// <summary>
    /// Starts the fakes and builds the container. <paramref name="chat"/> also registers Twitch chat (as the host does), so
    /// EventSub can carry it; <paramref name="scopes"/> are extra scopes the fake grants (the chat scopes make <c>auto</c>
    /// pick EventSub); <paramref name="extra"/> adds configuration.
    /// </summary>
    public static async Task<TwitchApiHarness> StartAsync(TimeProvider? time = null, bool signedIn = true, string? clientId = "fake-client-id",
        bool chat = false, IEnumerable<string>? scopes = null, IDictionary<string, string?>? extra = null)
    {
        time ??= new FakeTimeProvider(DateTimeOffset.UtcNow);
        var harness = new TwitchApiHarness(await FakeEventSubServer.StartAsync(), await FakeHelixServer.StartAsync(),
            await FakeTwitchAuthServer.StartAsync(time), time);
        harness.Auth.TokenIssued = token => harness.Helix.ValidTokens[token] = true;
        harness.Helix.TokenOwner = () => (harness.Auth.UserId, [.. harness.Auth.Scopes]);
        harness.Auth.Scopes.AddRange(scopes ?? []);
        harness.Helix.AddUser("1337", "cool_user");
        harness.Helix.AddUser("900", "livebuddy_bot");
        harness.Helix.AddUser("4242", "rude_viewer");

        var settings = new Dictionary<string, string?>
        {
            ["Twitch:EventSubUrl"] = harness.EventSub.Url.ToString(),
            ["Twitch:HelixUrl"] = harness.Helix.Url,
            ["Twitch:AuthUrl"] = harness.Auth.Url,
            ["Twitch:Channels:0"] = "cool_user",
            ["Twitch:ClientId"] = clientId,
        };
        if (signedIn)
        {
            (harness.AccessToken, harness.RefreshToken) = harness.Auth.Issue();
            settings["Twitch:AccessToken"] = harness.AccessToken;
            settings["Twitch:RefreshToken"] = harness.RefreshToken;
        }
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddSingleton(time);
        services.AddSingleton(harness.Counters);
        services.AddSingleton(harness.Board);
        services.AddSingleton(harness.Ingress);
        services.AddSingleton(new DataFolder(harness.DataPath));
        services.AddTwitchApi();
        if (chat) services.AddTwitchChat();
        harness.ServiceDescriptors = services.ToArray();
        harness.Services = services.BuildServiceProvider();
        return harness;
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public T Hosted<T>() where T : IHostedService => Services.GetServices<IHostedService>().OfType<T>().Single();

    /// <summary>Runs the EventSub client's connect loop in the background until the harness is disposed.</summary>
    public void StartEventSub() => _eventSub = Task.Run(() => Hosted<EventSubClient>().RunAsync(_stop.Token));

    /// <summary>Polls (10 ms real time) until <paramref name="condition"/> holds; advances the fake clock by <paramref name="advance"/> each round if given.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? advance = null)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}");
            if (advance is { } step) FakeTime!.Advance(step);
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _eventSub;
        }
        catch (OperationCanceledException)
        {
        }
        await Services.DisposeAsync();
        await Events.DisposeAsync();
        await EventSub.DisposeAsync();
        await Helix.DisposeAsync();
        await Auth.DisposeAsync();
        _stop.Dispose();
        if (Directory.Exists(DataPath)) Directory.Delete(DataPath, recursive: true);
    }
}
