using LiveBuddy.Core.Events;
using LiveBuddy.Core.Moments;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Scoring.Emotes;
using LiveBuddy.Scoring.Highlights;
using LiveBuddy.Scoring.Moments;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LiveBuddy.Scoring.Tests;

public sealed class MomentWatcherTests
{
    private sealed class Updates : IPipelineSink
    {
        public List<LiveUpdate> All { get; } = [];
        public void OnEvent(StreamEvent streamEvent, SessionInfo? session) { }
        public void OnUpdate(LiveUpdate update) => All.Add(update);
    }

    [Fact]
    public async Task A_live_burst_is_announced_once_on_the_feed_and_to_overlays_as_moment()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 20, 0, 0, TimeSpan.Zero));
        var counters = new Counters();
        await using var feed = new MomentFeed(counters, NullLogger<MomentFeed>.Instance);
        var published = new TaskCompletionSource<MomentDetected>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = feed.Subscribe("test", (moment, _) => { published.TrySetResult(moment); return ValueTask.CompletedTask; });
        using var emotes = new EmoteTableSource(EmoteTable.Load(Path.Combine(AppContext.BaseDirectory, "Data", "emotes.tsv")));
        var watcher = new MomentWatcher(emotes, feed, Options.Create(new HighlightOptions()));
        var sink = new Updates();
        var pipeline = new EventPipeline(new EventIngress(counters), new SessionTracker(time, new SessionRules()), [watcher], [sink], counters, time,
            NullLogger<EventPipeline>.Instance);
        var n = 0;
        void Chat(string text) => pipeline.Process(new ChatMessage
        {
            Platform = Platform.Twitch, Id = "m" + ++n, Channel = "streamer", SentAt = time.GetUtcNow(), ReceivedAt = time.GetUtcNow(),
            Author = new Author { Id = "v" + n % 50, Name = "v" + n % 50, DisplayName = "v" + n % 50 }, Text = text,
        });

        for (var s = 0; s < 600; s++) // ten calm minutes, then 40 s of laughing, then calm again
        {
            if (s % 2 == 0) Chat("what rank is he");
            if (s is >= 300 and < 340) for (var k = 0; k < 10; k++) Chat(k % 2 == 0 ? "KEKW" : "LUL LUL");
            time.Advance(TimeSpan.FromSeconds(1));
            pipeline.Process(new Tick());
        }

        var push = Assert.Single(sink.All.OfType<MomentPush>());
        Assert.Equal("moment", push.Method);
        Assert.Equal(MomentKind.Funny, push.Moment.Kind);
        Assert.StartsWith("a funny moment:", push.Moment.Reason, StringComparison.Ordinal);
        Assert.InRange((time.GetUtcNow().AddSeconds(-300) - push.Moment.Onset).TotalSeconds, 0, 20); // chat began at second 300
        Assert.Equal(push.Moment, await published.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(MomentKind.Funny, ((MomentDetected)watcher.Snapshot()!.Payload!).Kind);
    }
}
