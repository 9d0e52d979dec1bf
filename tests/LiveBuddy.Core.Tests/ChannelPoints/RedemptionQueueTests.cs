using LiveBuddy.Core.ChannelPoints;
using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Tests.ChannelPoints;

public sealed class RedemptionQueueTests
{
    private static Harness Start(out RedemptionQueue queue, IEnumerable<QueuedRedemption>? stored = null)
    {
        queue = new RedemptionQueue(stored);
        return new Harness(queue, new CommandRouter(new CommandsOptions(), [queue], []));
    }

    private static void Redeem(Harness h, string id, string viewer, string reward = "Hydrate!", long cost = 300, string? input = null)
    {
        var now = h.Time.GetUtcNow();
        h.Pipeline.Process(new RewardRedeemed
        {
            Platform = Platform.Twitch, Id = "msg-" + id, Channel = "streamer", SentAt = now, ReceivedAt = now,
            RedemptionId = id, RewardId = "reward-1", RewardTitle = reward, Cost = cost, BroadcasterId = "1337",
            Viewer = Harness.Viewer(viewer), Input = input, RedeemedAt = now,
        });
        h.Advance(TimeSpan.FromSeconds(1));
    }

    private static IReadOnlyList<RedemptionPayload> Waiting(Harness h) => ((RedemptionQueuePayload)h.Send(new ListRedemptions())!).Waiting;

    [Fact]
    public void Redemptions_wait_oldest_first_and_a_repeat_of_the_same_redemption_is_one()
    {
        var h = Start(out _);
        Redeem(h, "r1", "Ann", input: "sparkling");
        Redeem(h, "r2", "Bob");
        h.Pipeline.Process(new RewardRedeemed
        {
            Platform = Platform.Twitch, Id = "msg-again", Channel = "streamer", SentAt = h.Time.GetUtcNow(), ReceivedAt = h.Time.GetUtcNow(),
            RedemptionId = "r1", RewardId = "reward-1", RewardTitle = "Hydrate!", BroadcasterId = "1337", Viewer = Harness.Viewer("Ann"),
        });

        Assert.Equal([("r1", "Ann", "sparkling", "waiting"), ("r2", "Bob", null, "waiting")], Waiting(h).Select(w => (w.Id, w.Viewer, w.Input, w.Status)));
        Assert.Equal(2, h.Sink.Of<RedemptionChanged>().Count());
    }

    [Fact]
    public async Task Fulfil_from_the_control_page_asks_the_host_and_leaves_the_queue_when_Twitch_took_it()
    {
        var h = Start(out _);
        Redeem(h, "r1", "Ann");
        Redeem(h, "r2", "Bob");

        var request = Assert.IsType<RedemptionResolveRequested>(h.Send(new ResolveRedemption("r2", RedemptionAction.Fulfil, "control page")));
        Assert.Equal("resolving", Waiting(h).Single(w => w.Id == "r2").Status);
        var again = Assert.IsType<ControlError>(h.Send(new ResolveRedemption("r2", RedemptionAction.Refund, "control page")));
        Assert.Equal("Hydrate! for Bob is already being sent to Twitch.", again.Message);

        h.Send(new RedemptionResult(request, RedemptionOutcome.Done, null));

        Assert.Equal(["r1"], Waiting(h).Select(w => w.Id));
        var done = await request.Outcome.Task;
        Assert.Equal((RedemptionStatus.Fulfilled, "control page"), (done.Status, done.ResolvedBy));
        Assert.Equal(RedemptionStatus.Fulfilled, h.Sink.Of<RedemptionChanged>().Last().Redemption.Status);
        Assert.Empty(h.Sink.Replies); // the control page gets its answer over HTTP, not in chat
    }

    [Fact]
    public void A_refusal_keeps_the_redemption_waiting_with_Twitchs_reason_and_an_unknown_one_is_a_clear_error()
    {
        var h = Start(out _);
        Redeem(h, "r1", "Ann");

        var request = (RedemptionResolveRequested)h.Send(new ResolveRedemption("oldest", RedemptionAction.Refund, "control page"))!;
        h.Send(new RedemptionResult(request, RedemptionOutcome.Failed, "Twitch refused (Missing scope: channel:manage:redemptions)"));

        var waiting = Assert.Single(Waiting(h));
        Assert.Equal(("waiting", "Twitch refused (Missing scope: channel:manage:redemptions)"), (waiting.Status, waiting.Problem));
        Assert.Equal("Redemption nope is not in the queue (already fulfilled or refunded?).",
            Assert.IsType<ControlError>(h.Send(new ResolveRedemption("nope", RedemptionAction.Fulfil, "control page"))).Message);
    }

    [Fact]
    public void Moderators_fulfil_and_refund_from_chat_and_hear_how_it_went_and_viewers_cannot()
    {
        var h = Start(out _);
        Redeem(h, "r1", "Ann");
        Redeem(h, "r2", "Bob", cost: 1500);

        h.Twitch(Harness.Viewer("Eve"), "!fulfil");
        Assert.Empty(h.Sink.Of<RedemptionResolveRequested>());

        h.Twitch(Harness.Mod("Mia"), "!redemptions");
        Assert.Equal("2 waiting: Hydrate! (Ann), Hydrate! (Bob)", h.Sink.Replies.Last().Text);
        h.Twitch(Harness.Mod("Mia"), "!refund @bob");
        h.Twitch(Harness.Mod("Max"), "!fulfill");
        var requests = h.Sink.Of<RedemptionResolveRequested>().ToList();
        Assert.Equal([("r2", RedemptionAction.Refund, "mia"), ("r1", RedemptionAction.Fulfil, "max")],
            requests.Select(r => (r.Redemption.RedemptionId, r.Action, r.By)));

        h.Send(new RedemptionResult(requests[0], RedemptionOutcome.Done, null));
        h.Send(new RedemptionResult(requests[1], RedemptionOutcome.Gone, "Twitch: not found"));

        Assert.Equal(["Refunded Hydrate! for Bob (1,500 points back).", "Hydrate! for Ann was no longer waiting on Twitch; removed from the queue."],
            h.Sink.Replies.TakeLast(2).Select(r => r.Text));
        h.Twitch(Harness.Mod("Mia"), "!fulfil");
        Assert.Equal("No redemptions are waiting.", h.Sink.Replies.Last().Text);
        h.Twitch(Harness.Mod("Mia"), "!refund zed");
        Assert.Equal("No redemption of zed is waiting.", h.Sink.Replies.Last().Text);
    }

    [Fact]
    public void A_restart_carries_on_with_the_stored_queue_and_one_being_sent_at_the_crash_waits_again()
    {
        var stored = new QueuedRedemption
        {
            RedemptionId = "r9", RewardId = "reward-1", RewardTitle = "Hydrate!", BroadcasterId = "1337", Platform = Platform.Twitch,
            Channel = "streamer", ViewerId = "11", ViewerName = "Ann", Status = RedemptionStatus.Resolving,
        };
        var h = Start(out _, [stored]);

        Assert.Equal([("r9", "waiting")], Waiting(h).Select(w => (w.Id, w.Status)));
        Assert.IsType<RedemptionResolveRequested>(h.Send(new ResolveRedemption("oldest", RedemptionAction.Fulfil, "control page")));
    }

    private static void ResolvedOnTwitch(Harness h, string id, RedemptionAction action)
    {
        var now = h.Time.GetUtcNow();
        h.Pipeline.Process(new RedemptionResolvedOnTwitch
        {
            Platform = Platform.Twitch, Id = "update-" + id, Channel = "streamer", SentAt = now, ReceivedAt = now, RedemptionId = id, Action = action,
        });
    }

    [Fact]
    public async Task A_redemption_resolved_on_Twitch_itself_leaves_the_queue_but_one_we_are_sending_is_left_to_our_answer()
    {
        var h = Start(out _);
        Redeem(h, "r1", "Ann");
        Redeem(h, "r2", "Bob");
        Redeem(h, "r3", "Cy");
        var ours = (RedemptionResolveRequested)h.Send(new ResolveRedemption("r3", RedemptionAction.Fulfil, "nightowl"))!;

        ResolvedOnTwitch(h, "r1", RedemptionAction.Refund);  // refunded on Twitch's own reward queue
        ResolvedOnTwitch(h, "r3", RedemptionAction.Fulfil);  // Twitch telling of our own fulfilment, before our answer
        ResolvedOnTwitch(h, "r9", RedemptionAction.Fulfil);  // never ours to queue

        Assert.Equal([("r2", "waiting"), ("r3", "resolving")], Waiting(h).Select(w => (w.Id, w.Status)));
        var refunded = h.Sink.Of<RedemptionChanged>().Last().Redemption;
        Assert.Equal(("r1", RedemptionStatus.Refunded, "Twitch"), (refunded.RedemptionId, refunded.Status, refunded.ResolvedBy));
        h.Send(new RedemptionResult(ours, RedemptionOutcome.Done, null));
        Assert.Equal(("nightowl", RedemptionStatus.Fulfilled), ((await ours.Outcome.Task).ResolvedBy, (await ours.Outcome.Task).Status));
        Assert.Equal(["r2"], Waiting(h).Select(w => w.Id));
    }
}
