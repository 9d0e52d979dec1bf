using LiveBuddy.Core.Commands;
using LiveBuddy.Core.NamedCounters;
using LiveBuddy.Core.Timers;

namespace LiveBuddy.Core.Tests.NamedCounters;

public sealed class CounterBoardTests
{
    private readonly CounterBoard _counters = new(new Dictionary<string, long> { ["wins"] = 4 });
    private readonly Harness _h;

    public CounterBoardTests()
    {
        var commands = new CustomCommand[] { new() { Name = "deaths", Response = "{user}: died {count:deaths} times, won {count:wins}, {count:nope}" } };
        _h = new Harness(_counters, new CommandRouter(new CommandsOptions(), [_counters], commands, counters: _counters));
    }

    private string LastReply => _h.Sink.Replies[^1].Text;

    [Fact]
    public void Moderators_change_counters_and_responses_show_them()
    {
        _h.Twitch(Harness.Mod("Mia"), "!count deaths +");
        _h.Twitch(Harness.Mod("Mia"), "!count deaths + 5");
        _h.Twitch(Harness.Mod("Mia"), "!count deaths -2");
        Assert.Equal("deaths: 4", LastReply);
        _h.Twitch(Harness.Viewer("Ann"), "!count deaths = 0");  // a viewer may only look
        _h.Twitch(Harness.Viewer("Ann"), "!deaths");
        Assert.Equal("Ann: died 4 times, won 4, {count:nope}", LastReply);
        _h.Twitch(Harness.Mod("Mia"), "!count deaths = 100");
        _h.Twitch(Harness.Viewer("Bob"), "!count Deaths");
        Assert.Equal("deaths: 100", LastReply);
    }

    [Theory]
    [InlineData("!count deaths = -5")]
    [InlineData("!count deaths + 99999999999999999999")]
    [InlineData("!count deaths * 2")]
    [InlineData("!count deaths =")]
    public void Bad_changes_get_a_usage_reply_and_change_nothing(string line)
    {
        _h.Twitch(Harness.Mod("Mia"), line);
        Assert.Contains("usage", LastReply, StringComparison.Ordinal);
        Assert.Empty(_h.Sink.Of<CounterChanged>());
    }

    [Fact]
    public void Going_below_zero_stops_at_zero()
    {
        _h.Twitch(Harness.Mod("Mia"), "!count wins - 10");
        Assert.Equal(0, _counters.ValueOf("wins"));
    }

    [Fact]
    public void Timer_messages_show_counters()
    {
        var timers = new TimerFeature(new TimersOptions { Messages = [new TimedMessage { Name = "d", Message = "Wins so far: {count:wins}", MinChatLines = 0 }] }, _counters);
        var h = new Harness(timers);
        h.Twitch(Harness.Viewer("Ann"), "hi");
        h.Send(new TimerDue("d"));
        Assert.Contains(h.Sink.Replies, r => r.Text == "Wins so far: 4");
    }
}
