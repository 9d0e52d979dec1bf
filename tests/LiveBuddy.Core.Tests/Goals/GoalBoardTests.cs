using LiveBuddy.Core.Events;
using LiveBuddy.Core.Goals;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Tests.Goals;

public sealed class GoalBoardTests
{
    private static GoalPayload Goal(GoalBoard board, string kind) => board.Current.Goals.Single(g => g.Kind == kind);

    [Fact]
    public void A_sub_reported_by_irc_and_eventsub_and_a_gift_bomb_with_its_gifts_count_once_each()
    {
        var board = new GoalBoard(new GoalsOptions());
        var h = new Harness(board);

        h.Pipeline.Process(h.Alert(AlertKind.Subscription, dedupe: "sub:1:1", origin: "eventsub"));
        h.Pipeline.Process(h.Alert(AlertKind.Subscription, dedupe: "sub:1:1", origin: "irc"));
        h.Pipeline.Process(h.Alert(AlertKind.GiftBomb, count: 5, bomb: "bomb-1"));
        for (var i = 0; i < 5; i++) h.Pipeline.Process(h.Alert(AlertKind.GiftSubscription, count: 1, bomb: "bomb-1"));
        h.Pipeline.Process(h.Alert(AlertKind.GiftSubscription, count: 1)); // a single gift on its own
        h.Pipeline.Process(h.Alert(AlertKind.Follow));
        h.Pipeline.Process(h.Alert(AlertKind.Bits, amount: 500, currency: "BITS"));
        h.Twitch(Harness.Viewer("Ann"), "hello");
        h.YouTube(Harness.Viewer("Bob"), "hi");
        h.Partner(Harness.Viewer("Guest"), "partner line does not count");

        Assert.Equal(7, Goal(board, "subs").Current);
        Assert.Equal(1, Goal(board, "followers").Current);
        Assert.Equal(500, Goal(board, "bits").Current);
        Assert.Equal(2, Goal(board, "messages").Current);
    }

    [Fact]
    public void Super_chats_count_in_the_goal_currency_and_one_without_a_rate_is_skipped_and_counted()
    {
        var board = new GoalBoard(new GoalsOptions { Currency = "EUR", Rates = new(StringComparer.OrdinalIgnoreCase) { ["USD"] = 0.5m } }, counters: null);
        var h = new Harness(board);

        h.Pipeline.Process(h.Alert(AlertKind.SuperChat, amount: 10, currency: "EUR", platform: Platform.YouTube));
        h.Pipeline.Process(h.Alert(AlertKind.SuperSticker, amount: 4, currency: "USD", platform: Platform.YouTube));
        h.Pipeline.Process(h.Alert(AlertKind.SuperChat, amount: 1000, currency: "JPY", platform: Platform.YouTube));

        Assert.Equal(12m, Goal(board, "superchat").Current);
        Assert.Equal("EUR", Goal(board, "superchat").Currency);
    }

    [Fact]
    public void Reaching_the_target_goes_out_at_once_and_only_once()
    {
        var board = new GoalBoard(new GoalsOptions { PushInterval = TimeSpan.FromMinutes(1) });
        var h = new Harness(board);
        Assert.IsType<GoalPayload>(h.Send(new SetGoal("followers", "Road to 3", 3, 0)));
        h.Clear();

        h.Pipeline.Process(h.Alert(AlertKind.Follow));
        h.Pipeline.Process(h.Alert(AlertKind.Follow));
        Assert.Empty(h.Sink.Of<GoalsChanged>()); // progress waits for the push interval
        h.Pipeline.Process(h.Alert(AlertKind.Follow));
        var reached = Assert.Single(h.Sink.Of<GoalsChanged>()).Goals.Goals.Single(g => g.Kind == "followers");
        Assert.True(reached.Reached);
        Assert.Equal(h.Time.GetUtcNow().ToUnixTimeMilliseconds(), reached.ReachedAt);
        Assert.Equal("Road to 3", reached.Label);

        h.Clear();
        h.Advance(TimeSpan.FromSeconds(30));
        h.Pipeline.Process(h.Alert(AlertKind.Follow));
        h.Tick();
        Assert.Empty(h.Sink.Of<GoalsChanged>());
        h.Advance(TimeSpan.FromMinutes(1));
        h.Tick();
        var later = Assert.Single(h.Sink.Of<GoalsChanged>()).Goals.Goals.Single(g => g.Kind == "followers");
        Assert.Equal(4, later.Current);
        Assert.Equal(reached.ReachedAt, later.ReachedAt);
    }

    [Theory]
    [InlineData("donations", null, 10L, null, "Unknown goal kind")]
    [InlineData("subs", null, -1L, null, "target")]
    [InlineData("subs", null, 2_000_000_000_000L, null, "target")]
    [InlineData("subs", null, null, -5.0, "progress")]
    [InlineData("subs", "a label that is far too long for a goal bar on anybody's stream layout", null, null, "label")]
    public void Bad_goal_settings_are_refused_and_change_nothing(string kind, string? label, long? target, double? current, string reason)
    {
        var board = new GoalBoard(new GoalsOptions());
        var h = new Harness(board);
        var before = board.Current;

        var error = Assert.IsType<ControlError>(h.Send(new SetGoal(kind, label, target, current is null ? null : (decimal)current)));

        Assert.Contains(reason, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, board.Current);
        Assert.Empty(h.Sink.Of<GoalsChanged>());
    }

    [Fact]
    public void Stored_goals_are_where_counting_continues()
    {
        var stored = new[] { new GoalPayload("subs", "Sub goal: new emote", 41, 50, null), new GoalPayload("nonsense", "x", 1, 1, null) };
        var board = new GoalBoard(new GoalsOptions(), stored);
        var h = new Harness(board);

        h.Pipeline.Process(h.Alert(AlertKind.Resubscription));

        var subs = Goal(board, "subs");
        Assert.Equal((42m, 50L, "Sub goal: new emote"), (subs.Current, subs.Target, subs.Label));
        Assert.Equal(6, board.Current.Goals.Count);
    }
}
