using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Twitch.Chat;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveBuddy.Twitch.Tests.Chat;

public sealed class SharedChatTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1_730_000_000);

    private static ChatMessage Map(string raw)
    {
        var output = new List<StreamEvent>();
        Assert.Equal(IrcMapResult.Mapped, TwitchChatMapper.Map(raw, At, output));
        return Assert.IsType<ChatMessage>(output[0]);
    }

    [Fact]
    public void A_line_from_a_partner_room_is_marked_with_where_it_came_from()
    {
        var partner = Map(IrcFixtures.Line("shared-chat-known.json"));
        var own = Map(IrcFixtures.Line("first-msg.json"));

        Assert.Equal(new SharedChatSource("141981764", null, "b97eea45-f9dc-4f0c-8744-f8256c3ed950"), partner.SharedFrom);
        Assert.False(partner.TakesPart);
        Assert.Null(own.SharedFrom);
        Assert.True(own.TakesPart);
    }

    [Fact]
    public void A_cheer_in_a_partner_room_is_not_our_bits_alert()
    {
        var output = new List<StreamEvent>();
        TwitchChatMapper.Map("@bits=100;id=p1;room-id=1;source-room-id=2;source-id=s1;user-id=9;tmi-sent-ts=1700000000000 :v!v@v PRIVMSG #ours :Cheer100 hi", At, output);

        var chat = Assert.IsType<ChatMessage>(Assert.Single(output));
        Assert.Equal(100, chat.Bits);
    }

    [Fact]
    public async Task The_same_partner_line_seen_in_both_rooms_is_published_once_and_participates_when_configured()
    {
        var counters = new Counters();
        var ingress = new EventIngress(counters);
        var options = new FixedOptions<TwitchOptions>(new TwitchOptions { Channels = ["ours", "partner"], SharedChat = new SharedChatOptions { Participate = true } });
        var intake = new TwitchChatIntake(ingress, options, counters);
        var inOurRoom = Map("@id=ours-copy;room-id=1;source-room-id=2;source-id=orig;user-id=9 :v!v@v PRIVMSG #ours :2");
        var inTheirRoom = Map("@id=orig;room-id=2;source-room-id=2;source-id=orig;user-id=9 :v!v@v PRIVMSG #partner :2");

        await intake.PublishAllAsync([inOurRoom], CancellationToken.None);
        await intake.PublishAllAsync([inTheirRoom], CancellationToken.None);
        ingress.Complete();

        var sink = new RecordingSink();
        await new EventPipeline(ingress, new SessionTracker(TimeProvider.System, new SessionRules()), [], [sink], counters, TimeProvider.System,
            NullLogger<EventPipeline>.Instance).RunAsync(CancellationToken.None);
        sink.Events.Writer.Complete();
        var published = new List<StreamEvent>();
        await foreach (var e in sink.Events.Reader.ReadAllAsync()) published.Add(e);
        var line = Assert.IsType<ChatMessage>(Assert.Single(published));
        Assert.True(line.TakesPart);
        Assert.True(intake.IsPartnerLine("ours-copy"));
        Assert.Equal(1, counters.Value("twitch.chat.duplicates"));
    }
}
