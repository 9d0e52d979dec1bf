using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Goals;
using LiveBuddy.Core.Points;

namespace LiveBuddy.Core.Tests.Points;

public sealed class PointsBankTests
{
    private readonly PointsBank _bank;
    private readonly Harness _h;

    public PointsBankTests() : this(new PointsOptions { PerActiveMinute = 10 }) { }

    private PointsBankTests(PointsOptions options, IEnumerable<PointsAccount>? accounts = null, IReadOnlyDictionary<string, long>? last = null)
    {
        _bank = new PointsBank(options, accounts ?? [], last ?? new Dictionary<string, long>());
        _h = new Harness(_bank, new CommandRouter(new CommandsOptions(), [_bank], []));
    }

    private static PointsBankTests With(PointsOptions options, IEnumerable<PointsAccount>? accounts = null, IReadOnlyDictionary<string, long>? last = null) =>
        new(options, accounts, last);

    private string LastReply => _h.Sink.Replies[^1].Text;

    [Fact]
    public void Chatting_earns_once_per_minute_and_subscribers_earn_the_multiplier()
    {
        var t = With(new PointsOptions { PerActiveMinute = 10, SubscriberMultiplier = 2.5m });
        var ann = Harness.Viewer("Ann");
        var sub = Harness.Viewer("Sue", ViewerRoles.Subscriber);
        for (var minute = 0; minute < 3; minute++)
        {
            for (var line = 0; line < 4; line++) { t._h.Twitch(ann, "hello"); t._h.YouTube(sub, "hi"); t._h.Advance(TimeSpan.FromSeconds(10)); }
            t._h.Advance(TimeSpan.FromSeconds(20));
        }
        Assert.Equal(30, t._bank.BalanceOf(Platform.Twitch, ann.Id));
        Assert.Equal(75, t._bank.BalanceOf(Platform.YouTube, sub.Id));
        Assert.Equal(0, t._bank.BalanceOf(Platform.YouTube, ann.Id)); // one identity per platform
    }

    [Fact]
    public void A_minute_already_awarded_before_a_restart_is_not_awarded_again()
    {
        var minute = _h.Time.GetUtcNow().ToUnixTimeSeconds() / 60;
        var ann = Harness.Viewer("Ann");
        var key = PointsBank.KeyOf(Platform.Twitch, ann.Id);
        var t = With(new PointsOptions(), [new PointsAccount(key, Platform.Twitch, ann.Id, "ann", "Ann", 100)],
            new Dictionary<string, long> { [key] = minute });
        t._h.Twitch(ann, "back again");
        Assert.Equal(100, t._bank.BalanceOf(Platform.Twitch, ann.Id));
        t._h.Advance(TimeSpan.FromMinutes(1));
        t._h.Twitch(ann, "next minute");
        Assert.Equal(110, t._bank.BalanceOf(Platform.Twitch, ann.Id));
    }

    [Fact]
    public void Points_answers_with_balance_and_rank_and_top_lists_five()
    {
        var accounts = Enumerable.Range(1, 7).Select(i => new PointsAccount("twitch:u" + i, Platform.Twitch, "u" + i, "v" + i, "V" + i, i * 1000L)).ToArray();
        var t = With(new PointsOptions { PerActiveMinute = 0 }, accounts);
        t._h.Twitch(Harness.Viewer("V5", id: "u5"), "!points");
        Assert.Equal("@V5 has 5,000 points (rank 3)", t.LastReply);
        t._h.Twitch(Harness.Viewer("Zed"), "!top");
        Assert.Equal("Top points: 1. V7 7,000 · 2. V6 6,000 · 3. V5 5,000 · 4. V4 4,000 · 5. V3 3,000", t.LastReply);
    }

    [Theory]
    [InlineData("!give bob -5")]
    [InlineData("!give bob 0")]
    [InlineData("!give bob 99999999999999999999999")]
    [InlineData("!give bob 1e3")]
    [InlineData("!give bob")]
    [InlineData("!give nobody 5")]
    [InlineData("!give ann 5")]
    [InlineData("!give bob 501")]
    public void Bad_gifts_get_a_clear_reply_and_move_nothing(string line)
    {
        var t = With(new PointsOptions { PerActiveMinute = 0 },
            [new PointsAccount("twitch:id-ann", Platform.Twitch, "id-ann", "ann", "Ann", 500), new PointsAccount("twitch:id-bob", Platform.Twitch, "id-bob", "bob", "Bob", 0)]);
        t._h.Twitch(Harness.Viewer("Ann", id: "id-ann"), line);
        Assert.Single(t._h.Sink.Replies);
        Assert.StartsWith("@Ann ", t.LastReply, StringComparison.Ordinal);
        Assert.Equal(500, t._bank.BalanceOf(Platform.Twitch, "id-ann"));
        Assert.Equal(0, t._bank.BalanceOf(Platform.Twitch, "id-bob"));
        Assert.Empty(t._h.Sink.Of<PointsChanged>());
    }

    [Theory]
    [InlineData("!points add bob -5", "the amount must be a whole number")]
    [InlineData("!points remove bob -5", "the amount must be a whole number")]
    [InlineData("!points add bob 0", "the amount must be a whole number")]
    [InlineData("!points add bob 99999999999999999999999", "the amount must be a whole number")]
    [InlineData("!points add bob 1000000000001", "the amount must be a whole number")]
    [InlineData("!points add bob 1e3", "the amount must be a whole number")]
    [InlineData("!points add bob", "usage: !points add <user>")]
    [InlineData("!points add nobody 5", "I don't know nobody")]
    public void Bad_moderator_adjustments_get_a_clear_reply_and_move_nothing(string line, string reply)
    {
        var t = With(new PointsOptions { PerActiveMinute = 0 }, [new PointsAccount("twitch:id-bob", Platform.Twitch, "id-bob", "bob", "Bob", 50)]);
        t._h.Twitch(Harness.Mod("Mia"), line);
        Assert.Contains(reply, t.LastReply, StringComparison.Ordinal);
        Assert.Equal(50, t._bank.BalanceOf(Platform.Twitch, "id-bob"));
        Assert.Empty(t._h.Sink.Of<PointsChanged>());
    }

    [Fact]
    public void Give_moves_points_and_never_past_the_cap()
    {
        var t = With(new PointsOptions { PerActiveMinute = 0, MaxBalance = 1000 },
            [new PointsAccount("twitch:id-ann", Platform.Twitch, "id-ann", "ann", "Ann", 500), new PointsAccount("twitch:id-bob", Platform.Twitch, "id-bob", "bob", "Bob", 900)]);
        t._h.Twitch(Harness.Viewer("Ann", id: "id-ann"), "!give @bob 100");
        Assert.Equal("@Ann gave 100 points to Bob.", t.LastReply);
        t._h.Twitch(Harness.Viewer("Ann", id: "id-ann"), "!give bob 1");
        Assert.Contains("can't hold", t.LastReply, StringComparison.Ordinal);
        Assert.Equal((400L, 1000L), (t._bank.BalanceOf(Platform.Twitch, "id-ann"), t._bank.BalanceOf(Platform.Twitch, "id-bob")));
    }

    [Fact]
    public void Moderators_add_and_remove_but_never_below_zero_and_viewers_cannot()
    {
        var t = With(new PointsOptions { PerActiveMinute = 0 }, [new PointsAccount("twitch:id-bob", Platform.Twitch, "id-bob", "bob", "Bob", 50)]);
        t._h.Twitch(Harness.Viewer("Ann", id: "id-ann"), "!points add bob 1000");
        Assert.Equal(50, t._bank.BalanceOf(Platform.Twitch, "id-bob"));
        t._h.Twitch(Harness.Mod("Mia"), "!points add bob 1000");
        Assert.Equal("@Mia Bob now has 1,050 points.", t.LastReply);
        t._h.Twitch(Harness.Mod("Mia"), "!points remove bob 5000");
        Assert.Equal("@Mia Bob now has 0 points.", t.LastReply);
        t._h.Twitch(Harness.Mod("Mia"), $"!points add bob {long.MaxValue}");
        Assert.Equal("@Mia the amount must be a whole number from 1 to 1,000,000,000,000.", t.LastReply);
        Assert.Equal(0, t._bank.BalanceOf(Platform.Twitch, "id-bob"));
    }

    [Fact]
    public void Shared_Chat_partner_lines_earn_nothing_even_when_partners_take_part()
    {
        var guest = Harness.Viewer("Guest");
        _h.Partner(guest, "hello from next door");
        _h.Advance(TimeSpan.FromMinutes(1));
        _h.Partner(guest, "still here", participates: true);
        Assert.Equal(0, _bank.BalanceOf(Platform.Twitch, guest.Id));
        _h.Advance(TimeSpan.FromMinutes(1));
        _h.Twitch(guest, "now in our own chat");
        Assert.Equal(10, _bank.BalanceOf(Platform.Twitch, guest.Id));
    }

    [Fact]
    public void The_points_goal_counts_points_viewers_earn_but_not_gifts_or_moderator_adds()
    {
        var goals = new GoalBoard(new GoalsOptions());
        var bank = new PointsBank(new PointsOptions { PerActiveMinute = 10, SubscriberMultiplier = 2 }, [], new Dictionary<string, long>(), goals);
        var h = new Harness(bank, goals, new CommandRouter(new CommandsOptions(), [bank], []));
        var ann = Harness.Viewer("Ann");
        h.Twitch(ann, "hello");
        h.Twitch(ann, "same minute: paid already");
        h.YouTube(Harness.Viewer("Sue", ViewerRoles.Subscriber), "hi");
        h.Advance(TimeSpan.FromMinutes(1));
        h.Twitch(ann, "!give sue 5");         // Sue is on YouTube: unknown here, nothing moves
        h.Twitch(Harness.Viewer("Bob"), "hi"); // 10
        h.Twitch(ann, "!give bob 5");          // moved, not earned
        h.Twitch(Harness.Mod("Mia"), "!points add bob 1000");

        Assert.Equal(10 + 20 + 10 + 10 + 10, goals.Current.Goals.Single(g => g.Kind == "points").Current);
    }

    private static ChattersPresent Present(Harness h, params Author[] chatters) => new(Platform.Twitch, "streamer", h.Time.GetUtcNow(), chatters);

    [Fact]
    public void Presence_pays_once_per_minute_on_top_of_chatting_and_only_while_live()
    {
        var t = With(new PointsOptions { PerActiveMinute = 10, PerPresenceMinute = 5 });
        var ann = Harness.Viewer("Ann");
        var lurker = Harness.Viewer("Lurker");
        t._h.Pipeline.Process(Present(t._h, ann, lurker)); // nobody is live yet
        Assert.Equal(0, t._bank.BalanceOf(Platform.Twitch, lurker.Id));

        t._h.Twitch(ann, "we're live");                      // starts the session: 10
        for (var poll = 0; poll < 6; poll++)                  // asked every 10 s: one minute pays once
        {
            t._h.Pipeline.Process(Present(t._h, ann, lurker, lurker));
            t._h.Advance(TimeSpan.FromSeconds(10));
        }
        t._h.Pipeline.Process(Present(t._h, lurker));        // the next minute
        Assert.Equal(10 + 5, t._bank.BalanceOf(Platform.Twitch, ann.Id));
        Assert.Equal(5 + 5, t._bank.BalanceOf(Platform.Twitch, lurker.Id));
        Assert.All(t._h.Sink.Of<PointsChanged>().Where(c => c.Account.Key == PointsBank.KeyOf(Platform.Twitch, lurker.Id)),
            c => Assert.Equal(PointsBank.PresenceKind, c.Reason));
    }

    [Fact]
    public void A_presence_minute_paid_before_a_restart_is_not_paid_again_but_chatting_in_it_still_is()
    {
        var minute = _h.Time.GetUtcNow().ToUnixTimeSeconds() / 60;
        var ann = Harness.Viewer("Ann");
        var key = PointsBank.KeyOf(Platform.Twitch, ann.Id);
        var bank = new PointsBank(new PointsOptions { PerActiveMinute = 10, PerPresenceMinute = 5 },
            [new PointsAccount(key, Platform.Twitch, ann.Id, "ann", "Ann", 5)], new Dictionary<string, long>(),
            lastPresenceMinutes: new Dictionary<string, long> { [key] = minute });
        var h = new Harness(bank);
        h.Twitch(ann, "back after the restart");
        h.Pipeline.Process(Present(h, ann));
        Assert.Equal(5 + 10, bank.BalanceOf(Platform.Twitch, ann.Id));
        h.Advance(TimeSpan.FromMinutes(1));
        h.Pipeline.Process(Present(h, ann));
        Assert.Equal(5 + 10 + 5, bank.BalanceOf(Platform.Twitch, ann.Id));
    }
}
