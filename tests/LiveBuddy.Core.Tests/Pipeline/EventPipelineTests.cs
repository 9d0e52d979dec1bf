using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LiveBuddy.Core.Tests.Pipeline;

public sealed class EventPipelineTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 20, 0, 0, TimeSpan.Zero));
    private readonly Counters _counters = new();
    private readonly RecordingSink _sink = new();

    private EventPipeline NewPipeline(EventIngress ingress, params IStreamFeature[] features) =>
        new(ingress, new SessionTracker(_time, new SessionRules()), features, [_sink], _counters, _time, NullLogger<EventPipeline>.Instance);

    private ChatMessage Chat(string id, Platform platform = Platform.Twitch) => new()
    {
        Platform = platform, Id = id, Channel = "chan", SentAt = _time.GetUtcNow(), ReceivedAt = _time.GetUtcNow(),
        Author = new Author { Id = "u1", Name = "alice", DisplayName = "Alice" }, Text = "hi " + id,
    };

    [Fact]
    public async Task Events_reach_sinks_in_the_order_they_were_published()
    {
        var ingress = new EventIngress(_counters);
        var pipeline = NewPipeline(ingress);
        var ids = Enumerable.Range(0, 1_000).Select(i => "m" + i).ToList();

        foreach (var id in ids) await ingress.PublishAsync(Chat(id));
        ingress.Complete();
        await pipeline.RunAsync(CancellationToken.None);

        Assert.Equal(ids, _sink.Events.OfType<ChatMessage>().Select(m => m.Id));
    }

    [Fact]
    public void Duplicate_platform_id_is_dropped_and_counted()
    {
        var pipeline = NewPipeline(new EventIngress(_counters));

        pipeline.Process(Chat("a"));
        pipeline.Process(Chat("a"));
        pipeline.Process(Chat("a", Platform.YouTube));

        Assert.Equal(2, _sink.Events.Count);
        Assert.Equal(1, _counters.Value("pipeline.duplicates"));
    }

    [Fact]
    public void Dedupe_memory_is_bounded_and_forgets_the_oldest()
    {
        var seen = new RecentEventIds(capacity: 3);

        Assert.True(seen.Add(new EventKey(Platform.Twitch, "1")));
        seen.Add(new EventKey(Platform.Twitch, "2"));
        seen.Add(new EventKey(Platform.Twitch, "3"));
        seen.Add(new EventKey(Platform.Twitch, "4"));

        Assert.Equal(3, seen.Count);
        Assert.True(seen.Add(new EventKey(Platform.Twitch, "1")));
        Assert.False(seen.Add(new EventKey(Platform.Twitch, "4")));
    }

    [Fact]
    public void Dedupe_never_takes_a_new_id_for_a_duplicate()
    {
        // The window keeps fingerprints, not the ids: a full window of distinct ids must all be taken as new.
        var seen = new RecentEventIds();
        var random = new Random(7);
        var bytes = new byte[16];
        for (var i = 0; i < RecentEventIds.DefaultCapacity; i++)
        {
            random.NextBytes(bytes);
            Assert.True(seen.Add(new EventKey(Platform.Twitch, new Guid(bytes).ToString())));
        }
        Assert.False(seen.Add(new EventKey(Platform.Twitch, new Guid(bytes).ToString())));
        Assert.True(seen.Add(new EventKey(Platform.YouTube, new Guid(bytes).ToString())));
    }

    [Fact]
    public void A_feature_that_throws_is_counted_and_the_next_event_still_flows()
    {
        var pipeline = NewPipeline(new EventIngress(_counters), new ThrowingFeature("boom"));

        pipeline.Process(Chat("boom"));
        pipeline.Process(Chat("fine"));

        Assert.Equal(["boom", "fine"], _sink.Events.Select(e => e.Id));
        Assert.Equal(1, _counters.Value("pipeline.stage_errors"));
    }

    [Fact]
    public async Task A_sink_that_asks_for_room_holds_the_next_input_until_it_has_some()
    {
        var ingress = new EventIngress(_counters);
        var busy = new BusySink();
        var pipeline = new EventPipeline(ingress, new SessionTracker(_time, new SessionRules()), [], [busy, _sink], _counters, _time,
            NullLogger<EventPipeline>.Instance);
        await ingress.PublishAsync(Chat("m1"));
        await ingress.PublishAsync(Chat("m2"));
        ingress.Complete();

        var run = pipeline.RunAsync(CancellationToken.None);
        await busy.Asked.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["m1"], _sink.Events.Select(e => e.Id));

        busy.Room.SetResult();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["m1", "m2"], _sink.Events.Select(e => e.Id));
    }

    /// <summary>Asks the pipeline to wait after the first event, until the test gives it room.</summary>
    private sealed class BusySink : IPipelineSink
    {
        public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Room { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnEvent(StreamEvent streamEvent, SessionInfo? session) { }
        public void OnUpdate(LiveUpdate update) { }

        public ValueTask WaitForRoomAsync(CancellationToken cancellationToken)
        {
            if (Room.Task.IsCompleted) return ValueTask.CompletedTask;
            Asked.TrySetResult();
            return new ValueTask(Room.Task);
        }
    }

    [Fact]
    public async Task Full_ingress_makes_writers_wait_and_counts_it()
    {
        var ingress = new EventIngress(_counters, capacity: 2);
        await ingress.PublishAsync(Chat("1"));
        await ingress.PublishAsync(Chat("2"));

        var third = ingress.PublishAsync(Chat("3")).AsTask();
        Assert.False(third.IsCompleted);
        Assert.Equal(1, _counters.Value("pipeline.backpressure_waits"));

        var pipeline = NewPipeline(ingress);
        var run = pipeline.RunAsync(CancellationToken.None);
        await third.WaitAsync(TimeSpan.FromSeconds(5));
        ingress.Complete();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["1", "2", "3"], _sink.Events.Select(e => e.Id));
    }

    [Fact]
    public void First_chat_starts_a_session_and_silence_ends_it()
    {
        var pipeline = NewPipeline(new EventIngress(_counters));

        pipeline.Process(Chat("1"));
        var started = Assert.Single(_sink.Updates.OfType<SessionStarted>());
        _time.Advance(TimeSpan.FromMinutes(14));
        pipeline.Process(new Tick());
        Assert.Empty(_sink.Updates.OfType<SessionEnded>());
        _time.Advance(TimeSpan.FromMinutes(1));
        pipeline.Process(new Tick());

        var ended = Assert.Single(_sink.Updates.OfType<SessionEnded>());
        Assert.Equal(started.Session.Id, ended.Session.Id);
        Assert.Equal("silence", ended.Reason);
        Assert.Null(pipeline.Sessions.Current);
    }

    [Fact]
    public void Stream_online_and_offline_bound_the_session_across_platforms()
    {
        var pipeline = NewPipeline(new EventIngress(_counters));
        StreamEvent Online(Platform p) => new StreamOnline { Platform = p, Id = "on-" + p, Channel = "c", SentAt = _time.GetUtcNow(), ReceivedAt = _time.GetUtcNow(), Title = "Boss day" };
        StreamEvent Offline(Platform p) => new StreamOffline { Platform = p, Id = "off-" + p, Channel = "c", SentAt = _time.GetUtcNow(), ReceivedAt = _time.GetUtcNow() };

        pipeline.Process(Online(Platform.Twitch));
        pipeline.Process(Online(Platform.YouTube));
        _time.Advance(TimeSpan.FromHours(1)); // silence does not end a live stream
        pipeline.Process(new Tick());
        pipeline.Process(Offline(Platform.Twitch));
        Assert.NotNull(pipeline.Sessions.Current);
        pipeline.Process(Offline(Platform.YouTube));

        var ended = Assert.Single(_sink.Updates.OfType<SessionEnded>());
        Assert.Equal("Boss day", ended.Session.Title);
        Assert.Equal(new HashSet<Platform> { Platform.Twitch, Platform.YouTube }, ended.Session.Platforms);
        Assert.Contains("offline", ended.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Restart_within_grace_resumes_the_stored_session()
    {
        var previous = new SessionInfo { Id = "20261126-190000", StartedAt = _time.GetUtcNow().AddHours(-1), LastActivityAt = _time.GetUtcNow().AddMinutes(-2) };
        var tracker = new SessionTracker(_time, new SessionRules(), previous);
        var updates = new List<LiveUpdate>();

        tracker.Observe(Chat("after-restart"), updates);

        var started = Assert.IsType<SessionStarted>(updates[0]);
        Assert.True(started.Resumed);
        Assert.Equal("20261126-190000", tracker.Current!.Id);
    }

    [Fact]
    public async Task Control_request_nobody_answers_completes_with_null()
    {
        var pipeline = NewPipeline(new EventIngress(_counters));
        var tick = new Tick();

        pipeline.Process(tick);

        Assert.True(tick.Completion.Task.IsCompletedSuccessfully);
        Assert.Null(await tick.Completion.Task);
    }

    [Fact]
    public async Task Chat_is_scored_by_the_ingress_on_the_publishing_thread_and_not_again_by_the_pipeline()
    {
        var scorer = new CountingScorer();
        var ingress = new EventIngress(_counters, scorer: scorer);
        var pipeline = new EventPipeline(ingress, new SessionTracker(_time, new SessionRules()), [], [_sink], _counters, _time,
            NullLogger<EventPipeline>.Instance, scorer);

        await ingress.PublishAsync(Chat("a"));
        var scoredWhilePublishing = scorer.Calls;
        ingress.Complete();
        await pipeline.RunAsync(CancellationToken.None);

        Assert.Equal(1, scoredWhilePublishing);
        Assert.Equal(1, scorer.Calls);
        Assert.Equal(Sentiment.Positive, Assert.IsType<ChatMessage>(Assert.Single(_sink.Events)).Score!.Sentiment);
    }

    [Fact]
    public async Task A_line_the_ingress_could_not_score_is_scored_by_the_pipeline_which_counts_the_failure()
    {
        var scorer = new CountingScorer { FailOnId = "a" };
        var ingress = new EventIngress(_counters, scorer: scorer);
        var pipeline = new EventPipeline(ingress, new SessionTracker(_time, new SessionRules()), [], [_sink], _counters, _time,
            NullLogger<EventPipeline>.Instance, scorer);

        await ingress.PublishAsync(Chat("a"));
        await ingress.PublishAsync(Chat("b"));
        ingress.Complete();
        await pipeline.RunAsync(CancellationToken.None);

        // "a" failed at the ingress and again in the pipeline: it still flows, unscored, and the failure is counted once.
        Assert.Equal(3, scorer.Calls);
        var events = _sink.Events.OfType<ChatMessage>().ToList();
        Assert.Equal(["a", "b"], events.Select(e => e.Id));
        Assert.Null(events[0].Score);
        Assert.NotNull(events[1].Score);
        Assert.Equal(1, _counters.Value("pipeline.stage_errors"));
    }

    [Fact]
    public async Task Many_lines_published_together_are_scored_on_two_threads_and_arrive_in_order()
    {
        // The first line of each half waits for the other: scored one after the other, both would time out.
        var scorer = new ThreadRecordingScorer { FailOnId = "line-7", MeetAt = ["line-0", "line-250"] };
        var ingress = new EventIngress(_counters, scorer: scorer);
        var pipeline = new EventPipeline(ingress, new SessionTracker(_time, new SessionRules()), [], [_sink], _counters, _time,
            NullLogger<EventPipeline>.Instance);
        var read = new List<StreamEvent>();
        for (var i = 0; i < 500; i++) read.Add(Chat("line-" + i));

        await ingress.PublishAllAsync(read);
        ingress.Complete();
        await pipeline.RunAsync(CancellationToken.None);

        var arrived = _sink.Events.OfType<ChatMessage>().ToList();
        Assert.Equal(Enumerable.Range(0, 500).Select(i => "line-" + i), arrived.Select(c => c.Id));
        Assert.All(arrived.Where(c => c.Id != "line-7"), c => Assert.Equal(Sentiment.Positive, c.Score!.Sentiment));
        Assert.Null(arrived[7].Score); // a line the scorer failed on still flows, for the pipeline to score again
        Assert.Equal(2, scorer.Met);
        Assert.Equal(2, scorer.Threads.Count);
    }

    [Fact]
    public async Task A_few_lines_published_together_are_scored_on_the_publishing_thread()
    {
        var scorer = new ThreadRecordingScorer();
        var ingress = new EventIngress(_counters, scorer: scorer);

        await ingress.PublishAllAsync([Chat("a"), Chat("b"), Chat("c")]);

        Assert.Equal([Environment.CurrentManagedThreadId], scorer.Threads.Keys);
    }

    private sealed class ThreadRecordingScorer : IChatScorer
    {
        private readonly Barrier _meeting = new(2);
        private int _met;
        public System.Collections.Concurrent.ConcurrentDictionary<int, bool> Threads { get; } = new();
        public string? FailOnId;
        public string[] MeetAt { get; init; } = [];
        public int Met => _met;

        public MessageScore Score(ChatMessage message)
        {
            Threads[Environment.CurrentManagedThreadId] = true;
            if (MeetAt.Contains(message.Id) && _meeting.SignalAndWait(TimeSpan.FromSeconds(10))) Interlocked.Increment(ref _met);
            if (message.Id == FailOnId) throw new InvalidOperationException("model not loaded");
            return new MessageScore(Sentiment.Positive, 0.8f, false, false, 0);
        }
    }

    private sealed class CountingScorer : IChatScorer
    {
        public int Calls;
        public string? FailOnId;

        public MessageScore Score(ChatMessage message)
        {
            Calls++;
            if (message.Id == FailOnId) throw new InvalidOperationException("model not loaded");
            return new MessageScore(Sentiment.Positive, 0.8f, false, false, 0);
        }
    }

    private sealed class RecordingSink : IPipelineSink
    {
        public List<StreamEvent> Events { get; } = [];
        public List<LiveUpdate> Updates { get; } = [];
        public void OnEvent(StreamEvent streamEvent, SessionInfo? session) => Events.Add(streamEvent);
        public void OnUpdate(LiveUpdate update) => Updates.Add(update);
    }

    private sealed class ThrowingFeature(string failOnId) : IStreamFeature
    {
        public void Handle(PipelineInput input, FeatureContext context)
        {
            if (input is StreamEvent e && e.Id == failOnId) throw new InvalidOperationException("feature bug");
        }
    }
}
