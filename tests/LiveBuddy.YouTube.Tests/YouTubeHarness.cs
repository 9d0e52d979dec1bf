using System.Collections.Concurrent;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Requests;
using Google.Apis.Auth.OAuth2.Responses;
using LiveBuddy.Core;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Core.Sources;
using LiveBuddy.Testing.YouTube;
using LiveBuddy.YouTube.Auth;
using LiveBuddy.YouTube.Chat;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LiveBuddy.YouTube.Tests;

/// <summary>Collects what reaches the pipeline, through the real <see cref="EventPipeline"/> reader.</summary>
internal sealed class CapturedEvents : IPipelineSink, IAsyncDisposable
{
    private readonly ConcurrentQueue<StreamEvent> _events = new();
    private readonly ConcurrentDictionary<string, DateTime> _arrivals = new(StringComparer.Ordinal);
    private readonly EventIngress _ingress;
    private readonly Counters _counters;
    private readonly Task _run;
    private readonly CancellationTokenSource _stop = new();

    public CapturedEvents(EventIngress ingress, Counters counters, TimeProvider time,
        IEnumerable<IStreamFeature>? features = null, IEnumerable<IPipelineSink>? sinks = null)
    {
        _ingress = ingress;
        _counters = counters;
        var pipeline = new EventPipeline(ingress, new SessionTracker(time, new SessionRules()), features ?? [], [this, .. sinks ?? []], counters, time,
            NullLogger<EventPipeline>.Instance);
        _run = Task.Run(() => pipeline.RunAsync(_stop.Token));
    }

    public IReadOnlyList<StreamEvent> All => _events.ToArray();
    public IReadOnlyList<T> Of<T>() where T : StreamEvent => _events.OfType<T>().ToList();

    /// <summary>Waits (polling, 5 s deadline) until the pipeline has processed everything published so far.</summary>
    public async Task SettleAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (_counters.Value("pipeline.processed") < _counters.Value("pipeline.published"))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"pipeline did not settle: {_counters.Value("pipeline.processed")} of {_counters.Value("pipeline.published")} processed");
            await Task.Delay(5);
        }
    }

    /// <summary>Like <see cref="SettleAsync"/> but gives up quietly: the pipeline may hold an event until the fake clock moves.</summary>
    public async Task TrySettleAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        // The pipeline drops a repeated event id without counting it as processed.
        while (_counters.Value("pipeline.processed") + _counters.Value("pipeline.duplicates") < _counters.Value("pipeline.published") && DateTime.UtcNow < deadline)
            await Task.Delay(2);
    }

    public async Task WaitForAsync(Func<IReadOnlyList<StreamEvent>, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(All))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("expected events did not arrive");
            await Task.Delay(10);
        }
    }

    /// <summary>Real (wall-clock) time each event left the pipeline, by id: for latency measurements.</summary>
    public IReadOnlyDictionary<string, DateTime> Arrivals => _arrivals;

    public void OnEvent(StreamEvent streamEvent, SessionInfo? session)
    {
        _arrivals.TryAdd(streamEvent.Id, DateTime.UtcNow);
        _events.Enqueue(streamEvent);
    }
    public void OnUpdate(LiveUpdate update) { }

    public async ValueTask DisposeAsync()
    {
        _ingress.Complete();
        await _stop.CancelAsync();
        try { await _run; } catch (OperationCanceledException) { /* the reader stops by cancellation: expected at teardown */ }
        _stop.Dispose();
    }
}

/// <summary>Answers the browser step of the OAuth flow with the fake's authorization code.</summary>
internal sealed class FakeBrowser(string code) : ICodeReceiver
{
    public Uri? Visited { get; private set; }
    public string RedirectUri => "http://127.0.0.1:1/authorize/";

    public Task<AuthorizationCodeResponseUrl> ReceiveCodeAsync(AuthorizationCodeRequestUrl url, CancellationToken taskCancellationToken)
    {
        Visited = url.Build();
        return Task.FromResult(new AuthorizationCodeResponseUrl { Code = code });
    }
}

/// <summary>A fake YouTube API, a fake clock and the YouTube pieces wired as the host wires them.</summary>
internal sealed class YouTubeHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 26, 14, 0, 0, TimeSpan.Zero);
    public static readonly FakeYouTubeAuthor Viewer = new("UCviewer", "Viewer One");
    public static readonly FakeYouTubeAuthor Mod = new("UCmod", "Mod Person", Moderator: true);

    private readonly string _dataPath;

    private YouTubeHarness(FakeYouTubeApi api, YouTubeOptions options, string dataPath, IStreamFeature[] features)
    {
        Api = api;
        Options = options;
        _dataPath = dataPath;
        Clock = new FakeTimeProvider(Start);
        Counters = new Counters();
        Board = new SourceStatusBoard(Clock);
        Ingress = new EventIngress(Counters);
        Budget = new QuotaBudget(Microsoft.Extensions.Options.Options.Create(options), Clock);
        Data = new DataFolder(dataPath);
        Tokens = new ProtectedTokenStore(new EphemeralDataProtectionProvider(), Data);
        Authorization = new YouTubeAuthorization(Microsoft.Extensions.Options.Options.Create(options), Tokens);
        Connection = new YouTubeConnection(Microsoft.Extensions.Options.Options.Create(options), Authorization);
        PollMirror = new YouTube.Polls.YouTubePollMirror(Connection, Budget, Ingress, Counters, Board, NullLogger<YouTube.Polls.YouTubePollMirror>.Instance);
        Events = new CapturedEvents(Ingress, Counters, Clock, features, [PollMirror]);
    }

    public YouTube.Polls.YouTubePollMirror PollMirror { get; }

    public FakeYouTubeApi Api { get; }
    public YouTubeOptions Options { get; }
    public FakeTimeProvider Clock { get; }
    public Counters Counters { get; }
    public SourceStatusBoard Board { get; }
    public EventIngress Ingress { get; }
    public QuotaBudget Budget { get; }
    public CapturedEvents Events { get; }
    public DataFolder Data { get; }
    public ProtectedTokenStore Tokens { get; }
    public YouTubeAuthorization Authorization { get; }
    public YouTubeConnection Connection { get; }
    public YouTubeChatPoller? Poller { get; private set; }
    public YouTubeMode Mode { get; private set; }

    /// <summary>Fake-clock times at which liveChatMessages.list was called.</summary>
    public List<DateTimeOffset> PollTimes { get; } = [];

    public static async Task<YouTubeHarness> StartAsync(Func<YouTubeOptions, YouTubeOptions>? configure = null, bool signIn = false,
        IStreamFeature[]? features = null)
    {
        var api = await FakeYouTubeApi.StartAsync();
        api.RequiredApiKey = "test-key";
        var options = new YouTubeOptions
        {
            ApiUrl = api.ApiUrl,
            ApiKey = signIn ? null : "test-key",
            VideoIds = signIn ? [] : ["video1"],
            ClientId = "client-id.apps.googleusercontent.com",
            ClientSecret = "client-secret",
            AuthUrl = api.AuthUrl,
            TokenUrl = api.TokenUrl,
            StreamUrl = api.Streams.Url,
            // The polling tests predate streamList; streaming tests ask for it with Reader = "stream".
            Reader = "poll",
        };
        options = configure?.Invoke(options) ?? options;
        var path = Path.Combine(Path.GetTempPath(), "livebuddy-yt-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        var harness = new YouTubeHarness(api, options, path, features ?? []);
        if (signIn)
            await harness.Authorization.SignInAsync(new FakeBrowser(api.AuthorizationCode), CancellationToken.None);
        var (mode, service) = await harness.Connection.GetAsync(CancellationToken.None);
        harness.Mode = mode;
        if (service is not null)
            harness.Poller = new YouTubeChatPoller(service, mode, options, harness.Budget, harness.Ingress, harness.Counters, harness.Board, harness.Clock,
                NullLogger.Instance, harness.Connection.StreamClient, harness.PollMirror);
        return harness;
    }

    public int ChatListRequests => Api.CountRequests("/youtube/v3/liveChat/messages");

    /// <summary>One step at the current fake time; returns when the poller wants to come back.</summary>
    public async Task<DateTimeOffset> StepAsync()
    {
        var before = ChatListRequests;
        var now = Clock.GetUtcNow();
        var next = await Poller!.StepAsync(CancellationToken.None);
        for (var i = before; i < ChatListRequests; i++) PollTimes.Add(now);
        return next;
    }

    /// <summary>Steps, moving the fake clock to each wake-up time, until <paramref name="done"/> or <paramref name="maxSteps"/>.</summary>
    public async Task RunUntilAsync(Func<bool> done, int maxSteps = 50)
    {
        for (var i = 0; i < maxSteps && !done(); i++)
        {
            var next = await StepAsync();
            await Events.SettleAsync();
            if (done()) return;
            if (next > Clock.GetUtcNow()) Clock.SetUtcNow(next);
        }
    }

    /// <summary>Steps at each wake-up time for <paramref name="duration"/> of fake time.</summary>
    public async Task RunForAsync(TimeSpan duration)
    {
        var until = Clock.GetUtcNow() + duration;
        while (Clock.GetUtcNow() < until)
        {
            var next = await StepAsync();
            if (next <= Clock.GetUtcNow()) next = Clock.GetUtcNow().AddMilliseconds(1);
            Clock.SetUtcNow(next < until ? next : until);
        }
        await Events.SettleAsync();
    }

    /// <summary>
    /// Runs the reader as the hosted loop does, with streams: steps, waits (real time, briefly) for a stream to end,
    /// and moves the fake clock on when nothing is in flight, or a little when a stream sits in a back-off delay.
    /// </summary>
    public async Task RunStreamingUntilAsync(Func<bool> done, TimeSpan? timeout = null, Action? eachStep = null, bool moveClockWhileStreaming = true)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the streaming run did not reach its goal: fake time {Clock.GetUtcNow():O}, {Api.Streams.Requests.Count} stream calls, {Budget.Used} units");
            var next = await StepAsync();
            eachStep?.Invoke();
            await Events.TrySettleAsync(TimeSpan.FromMilliseconds(200));
            if (done()) return;
            var now = Clock.GetUtcNow();
            if (Poller!.StreamingChats == 0)
            {
                Clock.SetUtcNow(next > now ? next : now.AddMilliseconds(1));
                continue;
            }
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(25));
            try
            {
                await Poller!.WaitForWakeAsync(wait.Token);
                continue; // a stream ended: step at once
            }
            catch (OperationCanceledException)
            {
                // nothing ended within the wait
            }
            // A stream is open (or in a back-off delay on this clock): move on to the next planned step, unless the
            // test needs its fake time to stand still while real messages travel (a poll's deadline).
            if (moveClockWhileStreaming) Clock.SetUtcNow(next > now ? next : now.AddSeconds(1));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Poller is not null) await Poller.DisposeAsync();
        await Events.DisposeAsync();
        Connection.Dispose();
        await Api.DisposeAsync();
        try { Directory.Delete(_dataPath, recursive: true); } catch (IOException) { /* left for the OS temp cleaner */ }
    }
}
