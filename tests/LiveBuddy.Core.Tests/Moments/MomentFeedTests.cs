using LiveBuddy.Core.Events;
using LiveBuddy.Core.Moments;
using LiveBuddy.Core.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveBuddy.Core.Tests.Moments;

public sealed class MomentFeedTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 20, 0, 0, TimeSpan.Zero);

    private static MomentDetected Moment(string id) => new(
        id, MomentKind.Funny, At, At.AddSeconds(12), "a funny moment: 40 messages in 10 s, KEKW ×20", "s1",
        [Platform.Twitch], 40, [new EmoteCount("KEKW", 20)]);

    [Fact]
    public async Task A_failing_subscriber_is_counted_and_the_others_still_get_every_moment()
    {
        var counters = new Counters();
        await using var feed = new MomentFeed(counters, NullLogger<MomentFeed>.Instance);
        var received = new List<string>();
        var allThere = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var throwerSawBoth = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thrown = 0;
        using var thrower = feed.Subscribe("thrower", (moment, _) =>
        {
            if (Interlocked.Increment(ref thrown) == 2) throwerSawBoth.TrySetResult();
            throw new InvalidOperationException("marker API down");
        });
        using var good = feed.Subscribe("good", (moment, _) =>
        {
            lock (received) received.Add(moment.Id);
            if (received.Count == 2) allThere.TrySetResult();
            return ValueTask.CompletedTask;
        });

        feed.Publish(Moment("m1")); // must not throw although a subscriber does
        feed.Publish(Moment("m2"));

        await allThere.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await throwerSawBoth.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["m1", "m2"], received);
        await feed.DisposeAsync(); // waits for the readers, so the counter is final
        Assert.Equal(2, counters.Value("moments.subscriber_errors"));
        Assert.Equal(2, counters.Value("moments.published"));
    }

    [Fact]
    public async Task A_stuck_subscriber_loses_moments_counted_without_blocking_the_publisher()
    {
        var counters = new Counters();
        await using var feed = new MomentFeed(counters, NullLogger<MomentFeed>.Instance);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stuck = feed.Subscribe("stuck", async (_, ct) =>
        {
            started.TrySetResult();
            await release.Task.WaitAsync(ct);
        });

        feed.Publish(Moment("first"));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 40; i++) feed.Publish(Moment($"m{i}")); // 32 fit in its queue, 8 do not

        Assert.Equal(8, counters.Value("moments.dropped"));
        release.SetResult();
    }

    [Fact]
    public async Task A_disposed_subscription_gets_nothing_more()
    {
        await using var feed = new MomentFeed(new Counters(), NullLogger<MomentFeed>.Instance);
        var seen = new List<string>();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = feed.Subscribe("once", (moment, _) =>
        {
            seen.Add(moment.Id);
            first.TrySetResult();
            return ValueTask.CompletedTask;
        });
        feed.Publish(Moment("m1"));
        await first.Task.WaitAsync(TimeSpan.FromSeconds(10));

        subscription.Dispose();
        feed.Publish(Moment("m2"));
        await feed.DisposeAsync();

        Assert.Equal(["m1"], seen);
    }
}
