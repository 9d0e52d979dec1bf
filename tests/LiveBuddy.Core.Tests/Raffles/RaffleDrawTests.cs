using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Credits;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Points;
using LiveBuddy.Core.Privacy;
using LiveBuddy.Core.Raffles;

namespace LiveBuddy.Core.Tests.Raffles;

public sealed class RaffleDrawTests
{
    private readonly PointsBank _bank;
    private readonly RaffleDraw _raffle;
    private readonly Harness _h;
    private readonly Author _mod = Harness.Mod("Mia");

    public RaffleDrawTests()
    {
        var accounts = Enumerable.Range(0, 10).Select(i => new PointsAccount("twitch:t" + i, Platform.Twitch, "t" + i, "t" + i, "T" + i, i * 10L));
        _bank = new PointsBank(new PointsOptions { PerActiveMinute = 0 }, accounts, new Dictionary<string, long>());
        _raffle = new RaffleDraw(_bank, null, new Random(7), isCommand: word => word is "points" or "lurk");
        _h = new Harness(_bank, _raffle, new CommandRouter(new CommandsOptions(), [_bank, _raffle], []));
    }

    private static Author T(int i) => Harness.Viewer("T" + i, id: "t" + i);

    [Fact]
    public void Draws_only_entrants_never_twice_and_reports_when_all_have_won()
    {
        _h.Twitch(_mod, "!raffle open pickme");
        for (var i = 0; i < 5; i++) { _h.Twitch(T(i), "pickme"); _h.Twitch(T(i), "!join"); }
        _h.YouTube(Harness.Viewer("Yan"), "PICKME");
        _h.Twitch(T(9), "pick me"); // not the keyword
        Assert.Equal(6, _raffle.Current!.Entrants.Count);

        var winners = new List<string>();
        for (var round = 0; round < 6; round++)
        {
            _h.Twitch(_mod, "!raffle draw");
            winners.Add(_h.Sink.Of<RaffleWinnerDrawn>().Last().Winner.Key);
        }
        Assert.Equal(6, winners.Distinct().Count());
        Assert.Subset(_raffle.Current!.Entrants.Select(e => e.Key).ToHashSet(), winners.ToHashSet());
        _h.Twitch(_mod, "!raffle draw");
        Assert.Equal("@Mia Everyone who entered has already won.", _h.Sink.Replies[^1].Text);
        Assert.Equal(6, _h.Sink.Of<RaffleWinnerDrawn>().Count());
    }

    [Fact]
    public void Cost_is_taken_on_entry_refused_when_short_and_refunded_on_cancel()
    {
        _h.Twitch(_mod, "!raffle open go 2m cost=50");
        for (var i = 0; i < 10; i++) { _h.Twitch(T(i), "go"); _h.Twitch(T(i), "go"); }
        Assert.Equal(5, _raffle.Current!.Entrants.Count);               // T5..T9 had 50 or more
        Assert.Equal(10, _bank.BalanceOf(Platform.Twitch, "t6"));
        Assert.Equal(5, _h.Sink.Replies.Count(r => r.Text.Contains("entry costs 50", StringComparison.Ordinal))); // told once each
        _h.Twitch(_mod, "!raffle cancel");
        for (var i = 0; i < 10; i++) Assert.Equal(i * 10L, _bank.BalanceOf(Platform.Twitch, "t" + i));
        _h.Twitch(_mod, "!raffle draw");
        Assert.Empty(_h.Sink.Of<RaffleWinnerDrawn>());
    }

    [Theory]
    [InlineData("!raffle open !join", "is a command")]
    [InlineData("!raffle open points", "is a command")]
    [InlineData("!raffle open !points", "\"!points\" can't be the keyword: it is a command. Pick a plain word; viewers can always use !join.")]
    [InlineData("!raffle open LURK", "is a command")]
    [InlineData("!raffle open abcdefghijklmnopqrstuvwxyz12345", "at most 30 characters")]
    [InlineData("!raffle open go cost=-5", "cost=N")]
    [InlineData("!raffle open go cost=99999999999999999999", "cost=N")]
    [InlineData("!raffle open go 99999m", "24 hours")]
    [InlineData("!raffle open go 2m extra", "usage")]
    public void Bad_openings_are_refused_with_a_reason(string line, string reason)
    {
        _h.Twitch(_mod, line);
        Assert.Null(_raffle.Current);
        Assert.Contains(reason, _h.Sink.Replies[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Duration_closes_entries_on_the_tick_and_viewers_cannot_run_it()
    {
        _h.Twitch(T(1), "!raffle open free");
        Assert.Null(_raffle.Current);
        _h.Twitch(_mod, "!raffle open free 30s");
        _h.Twitch(T(1), "free");
        _h.Advance(TimeSpan.FromSeconds(31));
        _h.Tick();
        _h.Twitch(T(2), "free");
        Assert.Equal(("closed", 1), (_raffle.Current!.Status, _raffle.Current.Entrants.Count));
    }

    [Fact]
    public void A_flood_of_entries_stays_silent_and_counts_each_viewer_once()
    {
        _h.Twitch(_mod, "!raffle open go");
        _h.Clear();
        for (var n = 0; n < 3000; n++) _h.YouTube(Harness.Viewer("v" + (n % 1000)), "go");
        Assert.Equal(1000, _raffle.Current!.Entrants.Count);
        Assert.Empty(_h.Sink.Replies);
    }

    [Fact]
    public void A_flood_with_a_cost_charges_each_viewer_once_and_cancel_gives_every_point_back()
    {
        var before = Enumerable.Range(0, 10).Sum(i => _bank.BalanceOf(Platform.Twitch, "t" + i));
        _h.Twitch(_mod, "!raffle open go cost=30");
        _h.Clear();
        // Thousands of lines: the same viewers again and again, newcomers with nothing, other chat in between.
        for (var n = 0; n < 5000; n++)
        {
            if (n % 3 == 0) _h.Twitch(T(n % 10), "go");
            else if (n % 3 == 1) _h.YouTube(Harness.Viewer("yt" + (n % 400)), "GO");
            else _h.Twitch(T(n % 10), "gg");
        }
        Assert.Equal(7, _raffle.Current!.Entrants.Count);                                  // T3..T9 have 30 or more
        Assert.Equal(before - 7 * 30, Enumerable.Range(0, 10).Sum(i => _bank.BalanceOf(Platform.Twitch, "t" + i)));
        Assert.Equal(3 + 400, _h.Sink.Replies.Count);                                       // each who cannot pay is told once
        _h.Twitch(_mod, "!raffle cancel");
        for (var i = 0; i < 10; i++) Assert.Equal(i * 10L, _bank.BalanceOf(Platform.Twitch, "t" + i));
    }

    [Fact]
    public void Shared_Chat_partner_lines_enter_only_when_the_streamer_lets_partners_take_part()
    {
        _h.Twitch(_mod, "!raffle open pickme");
        _h.Partner(Harness.Viewer("Guest"), "pickme");
        _h.Partner(Harness.Viewer("Guest2"), "!join");
        Assert.Empty(_raffle.Current!.Entrants);
        _h.Partner(Harness.Viewer("Guest3"), "pickme", participates: true);
        Assert.Equal("Guest3", Assert.Single(_raffle.Current!.Entrants).DisplayName);
    }

    [Fact]
    public void Every_winner_drawn_is_named_in_the_end_credits()
    {
        var credits = new CreditsRoll(new CreditsOptions());
        var bank = new PointsBank(new PointsOptions { PerActiveMinute = 0 }, [], new Dictionary<string, long>());
        var raffle = new RaffleDraw(bank, null, new Random(3), credits: credits);
        var h = new Harness(bank, raffle, credits, new CommandRouter(new CommandsOptions(), [bank, raffle], []));
        h.Twitch(_mod, "!raffle open pickme");
        h.Twitch(T(1), "pickme");
        h.YouTube(Harness.Viewer("Yan"), "pickme");
        h.Twitch(_mod, "!raffle draw");
        h.Twitch(_mod, "!raffle draw");
        h.Twitch(_mod, "!raffle draw"); // everyone has won: nobody is credited twice

        var rolled = Assert.IsType<CreditsPayload>(h.Send(new PreviewCredits()));
        var names = rolled.Sections.Single(s => s.Kind == "raffle").Entries.Select(e => (e.Name, e.Platform)).ToHashSet();
        Assert.Equal([("T1", Platform.Twitch), ("Yan", Platform.YouTube)], names.OrderBy(n => n.Name));
    }

    [Fact]
    public void An_erased_viewer_leaves_the_raffle_is_never_drawn_and_gets_no_refund_on_cancel()
    {
        _h.Twitch(_mod, "!raffle open go cost=50");
        for (var i = 5; i < 10; i++) _h.Twitch(T(i), "go");
        _h.Send(new EraseViewer(Platform.Twitch, "t7"));

        Assert.DoesNotContain(_raffle.Current!.Entrants, e => e.UserId == "t7");
        for (var round = 0; round < 4; round++) _h.Twitch(_mod, "!raffle draw");
        Assert.DoesNotContain(_h.Sink.Of<RaffleWinnerDrawn>(), w => w.Winner.UserId == "t7");
        _h.Twitch(_mod, "!raffle draw");
        Assert.Equal("@Mia Everyone who entered has already won.", _h.Sink.Replies[^1].Text);

        _h.Twitch(_mod, "!raffle cancel");
        Assert.Equal(0, _bank.BalanceOf(Platform.Twitch, "t7")); // erased with their points, not handed back
        Assert.Equal(90, _bank.BalanceOf(Platform.Twitch, "t9"));
    }
}
