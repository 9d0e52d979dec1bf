using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Quotes;

namespace LiveBuddy.Core.Tests.Quotes;

public sealed class QuoteBookTests
{
    private readonly QuoteBook _quotes = new([], 0, new Random(3));
    private readonly Harness _h;

    public QuoteBookTests() => _h = new Harness(_quotes, new CommandRouter(new CommandsOptions(), [_quotes], []));

    private string LastReply => _h.Sink.Replies[^1].Text;

    [Fact]
    public void Added_quotes_carry_date_and_category_and_deleted_numbers_are_not_reused()
    {
        _h.Send(new CategoryChanged("Hollow Knight"));
        _h.Twitch(Harness.Mod("Mia"), "!quote add \"I never miss a jump\"");
        Assert.Equal("Added quote #1.", LastReply);
        _h.YouTube(Harness.Mod("Yui"), "!quote add chat is always right");
        _h.Twitch(Harness.Viewer("Ann"), "!quote 1");
        Assert.Equal("#1: \"I never miss a jump\" (2026-11-26, Hollow Knight)", LastReply);
        _h.Twitch(Harness.Mod("Mia"), "!quote del 1");
        _h.Twitch(Harness.Mod("Mia"), "!quote add third");
        Assert.Equal("Added quote #3.", LastReply);
        _h.Twitch(Harness.Viewer("Ann"), "!quote 1");
        Assert.Equal("@Ann there is no quote #1.", LastReply);
        _h.Twitch(Harness.Viewer("Ann"), "!quote");
        Assert.Matches("^#[23]: ", LastReply);
    }

    [Theory]
    [InlineData("!quote -1")]
    [InlineData("!quote 99999999999")]
    [InlineData("!quote abc")]
    public void Bad_numbers_get_a_usage_reply(string line)
    {
        _h.Twitch(Harness.Viewer("Ann"), line);
        Assert.Contains("usage", LastReply, StringComparison.Ordinal);
    }

    [Fact]
    public void Viewers_cannot_add_or_delete()
    {
        _h.Twitch(Harness.Viewer("Ann"), "!quote add hi");
        Assert.Empty(_h.Sink.Of<QuoteChanged>());
        Assert.IsType<Quote[]>(_h.Send(new ListQuotes()));
        Assert.IsType<ControlError>(_h.Send(new AddQuote(new string('x', QuoteBook.MaxLength + 1), "control")));
    }

    [Fact]
    public void A_quote_is_stamped_with_the_category_the_platform_reported_for_the_live_session()
    {
        _h.Pipeline.Process(new LiveBuddy.Core.Events.StreamOnline
        {
            Platform = LiveBuddy.Core.Events.Platform.Twitch, Id = "online-1", Channel = "streamer",
            SentAt = _h.Time.GetUtcNow(), ReceivedAt = _h.Time.GetUtcNow(), Category = "Celeste",
        });
        _h.Twitch(Harness.Mod("Mia"), "!quote add one more try");
        _h.Twitch(Harness.Viewer("Ann"), "!quote 1");
        Assert.Equal("#1: \"one more try\" (2026-11-26, Celeste)", LastReply);
    }

}
