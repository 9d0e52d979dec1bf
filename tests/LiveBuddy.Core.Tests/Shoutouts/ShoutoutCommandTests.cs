using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Shoutouts;

namespace LiveBuddy.Core.Tests.Shoutouts;

public sealed class ShoutoutCommandTests
{
    private static Harness Start(out ShoutoutCommand shoutouts, ShoutoutsOptions? options = null)
    {
        shoutouts = new ShoutoutCommand(options ?? new ShoutoutsOptions());
        return new Harness(shoutouts, new CommandRouter(new CommandsOptions(), [shoutouts], []));
    }

    [Fact]
    public void A_moderator_asks_and_viewers_are_ignored()
    {
        var h = Start(out _);
        h.Twitch(Harness.Viewer("Ann"), "!so coolstreamer");
        Assert.Empty(h.Sink.Of<ShoutoutRequested>());
        Assert.Empty(h.Sink.Replies);

        var line = h.Twitch(Harness.Mod("Mia"), "!so @CoolStreamer thanks for the raid");

        var request = Assert.Single(h.Sink.Of<ShoutoutRequested>());
        Assert.Equal((Platform.Twitch, "streamer", "CoolStreamer", "mia", line.Id), (request.Platform, request.Channel, request.Target, request.RequestedBy, request.ReplyToMessageId));
    }

    [Theory]
    [InlineData("!so", "Usage: !so <user>")]
    [InlineData("!shoutout", "Usage: !shoutout <user>")]
    [InlineData("!so not/a:name", "\"not/a:name\" is not a Twitch name.")]
    [InlineData("!so aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaa…\" is not a Twitch name.")]
    [InlineData("!so streamer", "That is this channel!")]
    public void Bad_names_get_a_clear_reply_and_no_lookup(string line, string reply)
    {
        var h = Start(out _);
        h.Twitch(Harness.Mod("Mia"), line);
        Assert.Equal(reply, Assert.Single(h.Sink.Replies).Text);
        Assert.Empty(h.Sink.Of<ShoutoutRequested>());
    }

    [Fact]
    public void Cooldowns_keep_moderators_quiet_but_not_the_broadcaster()
    {
        var h = Start(out _, new ShoutoutsOptions { Cooldown = TimeSpan.FromSeconds(10), TargetCooldown = TimeSpan.FromMinutes(2) });
        h.Twitch(Harness.Mod("Mia"), "!so alpha");
        h.Twitch(Harness.Mod("Max"), "!so beta");           // channel cooldown: silence
        h.Advance(TimeSpan.FromSeconds(11));
        h.Twitch(Harness.Mod("Max"), "!so beta");
        h.Advance(TimeSpan.FromSeconds(11));
        h.Twitch(Harness.Mod("Mia"), "!so ALPHA");          // same target within 2 minutes: silence
        h.Twitch(Harness.Viewer("Boss", ViewerRoles.Broadcaster), "!so alpha");

        Assert.Equal(["alpha", "beta", "alpha"], h.Sink.Of<ShoutoutRequested>().Select(r => r.Target));
        Assert.Empty(h.Sink.Replies);
    }

    [Fact]
    public void On_youtube_a_chatter_seen_by_name_gets_their_channel_id()
    {
        var h = Start(out _);
        h.YouTube(Harness.Viewer("Tobi Plays", id: "UC_tobi"), "hello!");
        h.YouTube(Harness.Mod("Mia"), "!so Tobi Plays");
        h.Advance(TimeSpan.FromMinutes(5));
        h.YouTube(Harness.Mod("Mia"), "!so @someone_else");

        var requests = h.Sink.Of<ShoutoutRequested>().ToArray();
        Assert.Equal(("Tobi Plays", "UC_tobi"), (requests[0].Target, requests[0].YouTubeChannelId)); // YouTube names have spaces
        Assert.Equal(("someone_else", (string?)null), (requests[1].Target, requests[1].YouTubeChannelId));
    }

    [Fact]
    public void The_control_page_shouts_out_where_chat_was_seen_and_explains_when_it_cannot()
    {
        var h = Start(out _);
        var refused = Assert.IsType<ControlError>(h.Send(new RequestShoutout(Platform.YouTube, "someone")));
        Assert.Contains("No youtube chat", refused.Message, StringComparison.Ordinal);
        Assert.IsType<ControlError>(h.Send(new RequestShoutout(Platform.Twitch, "bad name!", "streamer")));

        var request = Assert.IsType<ShoutoutRequested>(h.Send(new RequestShoutout(Platform.Twitch, "@friend", "streamer")));
        Assert.Equal(("friend", "streamer", "control page"), (request.Target, request.Channel, request.RequestedBy));

        h.Send(new SayShoutout(Platform.Twitch, "streamer", "Go show some love", null));
        Assert.Equal("Go show some love", h.Sink.Replies.Last().Text);
    }
}
