using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Polls;

namespace LiveBuddy.Core.Tests.Polls;

public sealed class PollEngineTests
{
    private readonly PollEngine _polls;
    private readonly Harness _h;
    private readonly Author _mod = Harness.Mod("Mia");

    public PollEngineTests()
    {
        _polls = new PollEngine(new PollsOptions());
        _h = new Harness(_polls, new CommandRouter(new CommandsOptions(), [_polls], []));
    }

    private PollPayload LastPoll => _h.Sink.Of<PollChanged>().Last().Poll;

    [Fact]
    public void Moderator_opens_a_poll_viewers_vote_change_votes_and_moderator_ends_it_with_exact_tallies()
    {
        _h.Twitch(_mod, "!poll Best snack? | chips | popcorn | nachos | 2m");
        var opened = LastPoll;
        Assert.Equal("open", opened.Status);
        Assert.Equal(["chips", "popcorn", "nachos"], opened.Options.Select(o => o.Text));
        Assert.Equal(_h.Time.GetUtcNow().AddMinutes(2).ToUnixTimeMilliseconds(), opened.EndsAt);

        _h.Twitch(Harness.Viewer("ann"), "!vote 1");
        _h.Twitch(Harness.Viewer("bob"), "2");
        _h.Twitch(Harness.Viewer("cat"), "!vote 2");
        _h.Twitch(Harness.Viewer("ann"), "3");        // changes her vote
        _h.Twitch(Harness.Viewer("dan"), "!vote 9");  // no such option
        _h.Twitch(Harness.Viewer("eve"), "0");
        _h.Twitch(Harness.Viewer("fay"), "!vote two");
        _h.Twitch(Harness.Viewer("gus"), "2 is best"); // not a bare number
        _h.Twitch(_mod, "!poll end");

        var closed = LastPoll;
        Assert.Equal("closed", closed.Status);
        Assert.Equal([0, 2, 1], closed.Options.Select(o => o.Votes));
        Assert.Equal(3, closed.TotalVotes);
        Assert.Contains(_h.Sink.Replies, r => r.Text.StartsWith("Poll closed: Best snack?", StringComparison.Ordinal) && r.Text.Contains("Winner: popcorn", StringComparison.Ordinal));
    }

    [Fact]
    public void Shared_chat_partner_viewers_do_not_vote_or_run_commands_unless_they_participate()
    {
        _h.Twitch(_mod, "!poll Pick | a | b");
        _h.Partner(Harness.Viewer("p1"), "2");
        _h.Partner(Harness.Viewer("p2"), "!vote 2");
        _h.Partner(Harness.Mod("partnermod"), "!poll end"); // a partner channel's moderator is nobody here
        Assert.Equal("open", LastPoll.Status);
        Assert.Equal(0, LastPoll.TotalVotes);

        _h.Partner(Harness.Viewer("p3"), "2", participates: true);
        _h.Twitch(Harness.Viewer("ann"), "1");
        Assert.Equal([1, 1], LastPoll.Options.Select(o => o.Votes));
    }

    [Fact]
    public void Vote_from_same_viewer_replaces_previous_vote_and_is_recorded_with_the_previous_choice()
    {
        _h.Twitch(_mod, "!poll Pick | a | b");
        var viewer = Harness.Viewer("ann");

        _h.Twitch(viewer, "1");
        _h.Twitch(viewer, "2");
        _h.Twitch(viewer, "2");

        var votes = _h.Sink.Of<VoteRecorded>().ToArray();
        Assert.Equal(2, votes.Length);
        Assert.Equal((2, (int?)1), (votes[1].Option, votes[1].PreviousOption));
        Assert.Equal([0, 1], LastPoll.Options.Select(o => o.Votes));
    }

    [Fact]
    public void Viewer_who_is_not_a_moderator_cannot_open_or_end_a_poll()
    {
        _h.Twitch(Harness.Viewer("ann", ViewerRoles.Subscriber | ViewerRoles.Vip), "!poll Pick | a | b");
        _h.YouTube(Harness.Viewer("bob"), "!poll Pick | a | b");

        Assert.Empty(_h.Sink.Of<PollChanged>());
        Assert.Null(_polls.Current);

        _h.Twitch(_mod, "!poll Pick | a | b");
        _h.Twitch(Harness.Viewer("ann"), "!poll end");
        Assert.Equal("open", LastPoll.Status);
    }

    [Fact]
    public void Votes_from_Twitch_and_YouTube_are_tallied_per_platform_and_the_same_id_on_two_platforms_is_two_viewers()
    {
        _h.YouTube(Harness.Mod("YtMod"), "!poll Map? | desert | forest 90s");
        _h.Twitch(Harness.Viewer("ann", id: "42"), "1");
        _h.Twitch(Harness.Viewer("bob"), "2");
        _h.YouTube(Harness.Viewer("ann", id: "42"), "1");
        _h.YouTube(Harness.Viewer("cy"), "!vote 1");

        var poll = LastPoll;
        Assert.Equal(4, poll.TotalVotes);
        Assert.Equal(2, poll.VotesByPlatform["twitch"]);
        Assert.Equal(2, poll.VotesByPlatform["youtube"]);
        Assert.Equal(1, poll.Options[0].VotesByPlatform["twitch"]);
        Assert.Equal(2, poll.Options[0].VotesByPlatform["youtube"]);
        Assert.Equal(_h.Time.GetUtcNow().AddSeconds(90).ToUnixTimeMilliseconds(), poll.EndsAt);
    }

    [Fact]
    public void Deadline_closes_the_poll_once_and_announces_in_every_channel_that_took_part()
    {
        _h.Twitch(_mod, "!poll Pick | a | b | 30s");
        var pollId = LastPoll.Id;
        _h.YouTube(Harness.Viewer("yt"), "2");
        _h.Clear();

        _h.Advance(TimeSpan.FromSeconds(30));
        var result = _h.Send(new PollDeadlineReached(pollId));
        _h.Tick();
        _h.Send(new PollDeadlineReached(pollId));

        Assert.Equal("closed", Assert.IsType<PollPayload>(result).Status);
        Assert.Single(_h.Sink.Of<PollChanged>());
        var announcements = _h.Sink.Replies.Where(r => r.Text.StartsWith("Poll closed", StringComparison.Ordinal)).ToArray();
        Assert.Equal([Platform.Twitch, Platform.YouTube], announcements.Select(r => r.Platform));
    }

    [Fact]
    public void Tick_past_the_deadline_closes_a_poll_whose_trigger_never_came_and_the_late_trigger_is_a_no_op()
    {
        _h.Send(new OpenPoll("Pick", ["a", "b"], TimeSpan.FromMinutes(1)));
        var pollId = LastPoll.Id;
        _h.Advance(TimeSpan.FromSeconds(62));
        _h.Tick();
        Assert.Equal("open", LastPoll.Status); // the trigger gets a few seconds to arrive first

        _h.Advance(TimeSpan.FromSeconds(1));
        _h.Tick();
        _h.Send(new PollDeadlineReached(pollId));

        Assert.Single(_h.Sink.Of<PollChanged>(), p => p.Poll.Status == "closed");
    }

    [Fact]
    public void Votes_after_the_deadline_are_ignored_even_before_the_poll_is_closed()
    {
        _h.Twitch(_mod, "!poll Pick | a | b | 30s");
        _h.Advance(TimeSpan.FromSeconds(30));

        _h.Twitch(Harness.Viewer("late"), "1");

        Assert.Empty(_h.Sink.Of<VoteRecorded>());
        Assert.Equal("open", LastPoll.Status);
    }

    [Fact]
    public void Votes_after_closing_are_ignored()
    {
        _h.Twitch(_mod, "!poll Pick | a | b");
        _h.Twitch(_mod, "!poll end");
        _h.Twitch(Harness.Viewer("late"), "1");

        Assert.Empty(_h.Sink.Of<VoteRecorded>());
    }

    [Fact]
    public void Cancelled_poll_reports_cancelled_without_results()
    {
        _h.Twitch(_mod, "!poll Pick | a | b");
        _h.Twitch(Harness.Viewer("ann"), "1");
        _h.Twitch(_mod, "!poll cancel");

        Assert.Equal("cancelled", LastPoll.Status);
        Assert.Contains(_h.Sink.Replies, r => r.Text.StartsWith("Poll cancelled", StringComparison.Ordinal));
    }

    [Fact]
    public void Control_request_opens_a_poll_and_refuses_a_second_one_while_open()
    {
        var first = _h.Send(new OpenPoll("Pick", ["a", "b"]));
        var second = _h.Send(new OpenPoll("Again", ["c", "d"]));

        Assert.Equal("open", Assert.IsType<PollPayload>(first).Status);
        Assert.IsType<ControlError>(second);
        Assert.Single(_h.Sink.Of<PollOpened>());
        Assert.IsType<ControlError>(_h.Send(new OpenPoll("One option", ["only"])));
    }

    [Fact]
    public void Malformed_poll_command_gets_a_polite_reply_and_opens_nothing()
    {
        _h.Twitch(_mod, "!poll just a question");
        _h.Twitch(_mod, "!poll Q | a | b | 5s");

        Assert.Empty(_h.Sink.Of<PollChanged>());
        Assert.Equal(2, _h.Sink.Replies.Count);
    }

    [Fact]
    public void Snapshot_carries_the_current_poll()
    {
        Assert.Equal(new OverlaySnapshot("poll", null), _polls.Snapshot());
        _h.Twitch(_mod, "!poll Pick | a | b");

        var snapshot = _polls.Snapshot();
        Assert.Equal("poll", snapshot!.Name);
        Assert.Equal("Pick", Assert.IsType<PollPayload>(snapshot.Payload).Question);
    }

    [Fact]
    public void Mirror_to_Twitch_requests_a_native_poll_in_the_Twitch_channel_only()
    {
        var polls = new PollEngine(new PollsOptions { MirrorToTwitch = true });
        var h = new Harness(polls, new CommandRouter(new CommandsOptions(), [polls], []));
        h.YouTube(Harness.Viewer("yt"), "hello");
        h.Twitch(_mod, "!poll Pick | a | b | 60");

        var native = Assert.Single(h.Sink.Of<NativePollRequested>());
        Assert.Equal(("streamer", TimeSpan.FromSeconds(60)), (native.Channel, native.Duration));
    }

    [Fact]
    public void Poll_open_at_shutdown_is_restored_with_its_votes_and_keeps_counting_once_per_viewer()
    {
        _h.Twitch(_mod, "!poll Pick | a | b | 2m");
        _h.Twitch(Harness.Viewer("ann"), "1");
        _h.Twitch(Harness.Viewer("ann"), "2");
        _h.YouTube(Harness.Viewer("bob"), "1");
        var stored = new PollRestore(LastPoll, _h.Sink.Of<VoteRecorded>().ToArray());

        var polls = new PollEngine(new PollsOptions(), restore: stored);
        var h = new Harness(polls, new CommandRouter(new CommandsOptions(), [polls], []));
        h.Time.SetUtcNow(_h.Time.GetUtcNow().AddSeconds(30));
        h.Twitch(Harness.Viewer("ann"), "2");    // same vote again: nothing changes
        h.Twitch(Harness.Viewer("cy"), "2");
        h.Send(new PollDeadlineReached(stored.Poll.Id));

        var closed = h.Sink.Of<PollChanged>().Last().Poll;
        Assert.Equal(("closed", 3), (closed.Status, closed.TotalVotes));
        Assert.Equal([1, 2], closed.Options.Select(o => o.Votes));
        Assert.Equal([Platform.Twitch, Platform.YouTube], h.Sink.Replies.Where(r => r.Text.StartsWith("Poll closed", StringComparison.Ordinal)).Select(r => r.Platform));
        Assert.Null(new PollEngine(new PollsOptions(), restore: stored with { Poll = closed }).Current);
    }

    [Theory]
    [InlineData("Q | a | b", "Q", "a|b", null)]
    [InlineData("Q | a | b | 90", "Q", "a|b", 90)]
    [InlineData("Q | a | b | 2m", "Q", "a|b", 120)]
    [InlineData("Q | a | b 45s", "Q", "a|b", 45)]
    [InlineData("Q | 1 | 2", "Q", "1|2", null)]
    [InlineData("Q | Top 10 | Top 20 | 2m", "Q", "Top 10|Top 20", 120)]
    [InlineData("Which boss next? | Hornet | Radiance | Grimm 90", "Which boss next?", "Hornet|Radiance|Grimm", 90)]
    public void Poll_command_line_reads_options_and_duration(string args, string question, string options, int? seconds)
    {
        Assert.True(PollCommandLine.TryParse(args, out var q, out var o, out var d));
        Assert.Equal(question, q);
        Assert.Equal(options.Split('|'), o);
        Assert.Equal(seconds is { } s ? TimeSpan.FromSeconds(s) : null, d);
    }
}
