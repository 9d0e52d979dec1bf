using LiveBuddy.Core.Credits;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Privacy;

namespace LiveBuddy.Core.Tests.Credits;

public sealed class CreditsRollTests
{
    private int _next;

    private Alert Alert(Harness h, AlertKind kind, string who, string? dedupe = null, string origin = "eventsub", int? count = null,
        decimal? amount = null, string? currency = null, Platform platform = Platform.Twitch) => new()
    {
        Platform = platform, Id = "a" + ++_next, Channel = "streamer", SentAt = h.Time.GetUtcNow(), ReceivedAt = h.Time.GetUtcNow(),
        Kind = kind, Author = Harness.Viewer(who), DedupeKey = dedupe, Origin = origin, Count = count, Amount = amount, Currency = currency,
    };

    private static string[] Names(CreditsPayload credits, string kind) =>
        credits.Sections.Single(s => s.Kind == kind).Entries.Select(e => e.Detail is null ? e.Name : $"{e.Name} ({e.Detail})").ToArray();

    [Fact]
    public void The_control_page_rolls_every_supporter_of_the_session_once()
    {
        var credits = new CreditsRoll(new CreditsOptions { TopChatters = 2 });
        var h = new Harness(credits);
        h.Twitch(Harness.Viewer("Ann"), "first!");
        h.Twitch(Harness.Viewer("Ann"), "again");
        h.Twitch(Harness.Viewer("Ann"), "and again");
        h.YouTube(Harness.Viewer("Bob"), "hi");
        h.YouTube(Harness.Viewer("Bob"), "hi again");
        h.Twitch(Harness.Viewer("Cy"), "lurker says hi");
        h.Pipeline.Process(Alert(h, AlertKind.Follow, "Dee"));
        h.Pipeline.Process(Alert(h, AlertKind.Subscription, "Eve", dedupe: "sub:eve:1", origin: "eventsub"));
        h.Pipeline.Process(Alert(h, AlertKind.Subscription, "Eve", dedupe: "sub:eve:1", origin: "irc"));
        h.Pipeline.Process(Alert(h, AlertKind.Bits, "Fay", amount: 100, currency: "BITS"));
        h.Pipeline.Process(Alert(h, AlertKind.Bits, "Fay", amount: 400, currency: "BITS"));
        h.Pipeline.Process(Alert(h, AlertKind.GiftBomb, "Gus", count: 5));
        h.Pipeline.Process(Alert(h, AlertKind.SuperChat, "Hal", amount: 20, currency: "EUR", platform: Platform.YouTube));
        h.Pipeline.Process(Alert(h, AlertKind.Raid, "Ivy", count: 42));
        credits.AddRaffleWinner(Platform.YouTube, "Jo");

        var rolled = Assert.IsType<CreditsPayload>(h.Send(new RollCredits()));

        Assert.Equal(["followers", "subs", "gifters", "cheerers", "superchats", "raiders", "raffle", "chatters"], rolled.Sections.Select(s => s.Kind));
        Assert.Equal(["Dee"], Names(rolled, "followers"));
        Assert.Equal(["Eve"], Names(rolled, "subs"));
        Assert.Equal(["Gus (5 gifts)"], Names(rolled, "gifters"));
        Assert.Equal(["Fay (500 bits)"], Names(rolled, "cheerers"));
        Assert.Equal(["Hal (20.00 EUR)"], Names(rolled, "superchats"));
        Assert.Equal(["Ivy (42 viewers)"], Names(rolled, "raiders"));
        Assert.Equal(["Jo"], Names(rolled, "raffle"));
        Assert.Equal(["Ann (3 messages)", "Bob (2 messages)"], Names(rolled, "chatters"));
        Assert.Equal("control", rolled.Reason);
        Assert.Equal(rolled, Assert.Single(h.Sink.Of<CreditsRolled>()).Credits);
    }

    [Fact]
    public void The_session_ending_rolls_its_credits_and_the_next_session_starts_empty()
    {
        var credits = new CreditsRoll(new CreditsOptions());
        var h = new Harness(credits);
        Online(h, Platform.Twitch);
        h.Twitch(Harness.Viewer("Ann"), "gg");
        var session = h.Pipeline.Sessions.Current!.Id;

        h.Pipeline.Process(new StreamOffline { Platform = Platform.Twitch, Id = "off-1", Channel = "streamer", SentAt = h.Time.GetUtcNow(), ReceivedAt = h.Time.GetUtcNow() });

        var rolled = Assert.Single(h.Sink.Of<CreditsRolled>()).Credits;
        Assert.Equal(("session-end", session), (rolled.Reason, rolled.SessionId));
        Assert.Equal(["Ann (1 message)"], Names(rolled, "chatters"));
        // After the end the control page can still roll that session's credits.
        Assert.Equal(session, Assert.IsType<CreditsPayload>(h.Send(new PreviewCredits())).SessionId);

        h.Advance(TimeSpan.FromHours(1));
        Online(h, Platform.Twitch);
        var next = Assert.IsType<CreditsPayload>(h.Send(new PreviewCredits()));
        Assert.NotEqual(session, next.SessionId);
        Assert.Empty(next.Sections);
    }

    [Fact]
    public void Nobody_to_credit_rolls_nothing_at_session_end()
    {
        var h = new Harness(new CreditsRoll(new CreditsOptions()));
        Online(h, Platform.Twitch);
        h.Pipeline.Process(new StreamOffline { Platform = Platform.Twitch, Id = "off-1", Channel = "streamer", SentAt = h.Time.GetUtcNow(), ReceivedAt = h.Time.GetUtcNow() });
        Assert.Empty(h.Sink.Of<CreditsRolled>());
    }

    private static void Online(Harness h, Platform platform) =>
        h.Pipeline.Process(new StreamOnline { Platform = platform, Id = "on-" + h.Time.GetUtcNow().Ticks, Channel = "streamer", SentAt = h.Time.GetUtcNow(), ReceivedAt = h.Time.GetUtcNow() });

    [Fact]
    public void An_erased_viewer_leaves_every_section_of_the_credits_and_a_namesake_on_the_other_platform_stays()
    {
        var credits = new CreditsRoll(new CreditsOptions(), new CreditsSeed("s-1", [], [(Platform.Twitch, "Cy", 4)]));
        var h = new Harness(credits);
        h.Twitch(Harness.Viewer("Ann"), "hello");
        h.YouTube(Harness.Viewer("Ann", id: "yt-ann"), "hello from youtube");
        h.Twitch(Harness.Viewer("Bob"), "hi");
        h.Pipeline.Process(Alert(h, AlertKind.Follow, "Ann"));
        h.Pipeline.Process(Alert(h, AlertKind.Bits, "Ann", amount: 100, currency: "BITS"));
        credits.AddRaffleWinner(Platform.Twitch, "Ann", userId: "id-Ann");

        h.Send(new EraseViewer(Platform.Twitch, "id-Ann"));
        h.Send(new EraseViewer(Platform.Twitch, "id-Cy", "Cy")); // carried over a restart: known by name only

        var rolled = Assert.IsType<CreditsPayload>(h.Send(new RollCredits()));
        Assert.DoesNotContain(rolled.Sections.SelectMany(s => s.Entries), e => e.Platform == Platform.Twitch && e.Name is "Ann" or "Cy");
        Assert.Equal(["Ann", "Bob"], rolled.Sections.Single(s => s.Kind == "chatters").Entries.Select(e => e.Name).Order());
        Assert.Equal(Platform.YouTube, rolled.Sections.Single(s => s.Kind == "chatters").Entries.Single(e => e.Name == "Ann").Platform);
    }
}
