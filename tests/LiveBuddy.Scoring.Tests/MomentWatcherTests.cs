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

    /// <summary>Ten calm minutes, then 40 s of laughing (from <paramref name="burstFrom"/> if given), then calm again.</summary>
    private static async Task<(List<MomentPush> Pushes, MomentWatcher Watcher, MomentDetected? Published, DateTimeOffset BurstAt)> WatchAsync(
        SharedChatSource? burstFrom = null)
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
        void Chat(string text, SharedChatSource? from = null) => pipeline.Process(new ChatMessage
        {
            Platform = Platform.Twitch, Id = "m" + ++n, Channel = "streamer", SentAt = time.GetUtcNow(), ReceivedAt = time.GetUtcNow(),
            Author = new Author { Id = "v" + n % 50, Name = "v" + n % 50, DisplayName = "v" + n % 50 }, Text = text, SharedFrom = from,
        });

        var burstAt = time.GetUtcNow().AddSeconds(300);
        for (var s = 0; s < 600; s++)
        {
            if (s % 2 == 0) Chat("what rank is he");
            if (s is >= 300 and < 340) for (var k = 0; k < 10; k++) Chat(k % 2 == 0 ? "KEKW" : "LUL LUL", burstFrom);
            time.Advance(TimeSpan.FromSeconds(1));
            pipeline.Process(new Tick());
        }
        var pushes = sink.All.OfType<MomentPush>().ToList();
        var moment = pushes.Count > 0 ? await published.Task.WaitAsync(TimeSpan.FromSeconds(10)) : null;
        return (pushes, watcher, moment, burstAt);
    }

    [Fact]
    public async Task A_live_burst_is_announced_once_on_the_feed_and_to_overlays_as_moment()
    {
        var (pushes, watcher, published, burstAt) = await WatchAsync();

        var push = Assert.Single(pushes);
        Assert.Equal("moment", push.Method);
        Assert.Equal(MomentKind.Funny, push.Moment.Kind);
        Assert.StartsWith("a funny moment:", push.Moment.Reason, StringComparison.Ordinal);
        Assert.InRange((burstAt - push.Moment.Onset).TotalSeconds, 0, 20);
        Assert.Equal(push.Moment, published);
        Assert.Equal(MomentKind.Funny, ((MomentDetected)watcher.Snapshot()!.Payload!).Kind);
    }

    [Fact]
    public async Task A_burst_of_a_Shared_Chat_partners_chat_is_not_our_moment()
    {
        // The report leaves partner lines out of highlights; a live moment (and the marker placed for it) must agree.
        var (pushes, _, _, _) = await WatchAsync(new SharedChatSource("888", "partner", null));

        Assert.Empty(pushes);
    }

    [Fact]
    public async Task A_burst_of_a_partner_that_takes_part_is_our_moment()
    {
        var (pushes, _, _, _) = await WatchAsync(new SharedChatSource("888", "partner", null, Participates: true));

        Assert.Equal(MomentKind.Funny, Assert.Single(pushes).Moment.Kind);
    }
}
