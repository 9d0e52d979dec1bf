using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Markers;

namespace LiveBuddy.Core.Tests.Markers;

public sealed class MarkerCommandTests
{
    private static Harness Start(MarkersOptions? options = null)
    {
        var markers = new MarkerCommand(options ?? new MarkersOptions());
        return new Harness(markers, new CommandRouter(new CommandsOptions(), [markers], []));
    }

    [Fact]
    public void A_moderator_asks_for_a_marker_with_their_text_and_a_clip_and_viewers_are_ignored()
    {
        var h = Start();
        h.Twitch(Harness.Viewer("Ann"), "!marker my moment");
        h.Twitch(Harness.Viewer("Ann"), "!clip");
        Assert.Empty(h.Sink.Of<MarkRequested>());

        var marker = h.Twitch(Harness.Mod("Mia"), "!marker  boss fight starts ");
        var clip = h.Twitch(Harness.Mod("Mia"), "!clip");
        h.Advance(TimeSpan.FromSeconds(11));
        var bare = h.Twitch(Harness.Mod("Max"), "!marker");

        Assert.Equal(
            [(MarkKind.Marker, "boss fight starts", marker.Id), (MarkKind.Clip, "!clip by Mia", clip.Id), (MarkKind.Marker, "!marker by Max", bare.Id)],
            h.Sink.Of<MarkRequested>().Select(r => (r.Kind, r.Description, r.ReplyToMessageId)));
        Assert.All(h.Sink.Of<MarkRequested>(), r => Assert.Equal((Platform.Twitch, "streamer"), (r.Platform, r.Channel)));
        Assert.Empty(h.Sink.Replies);
    }

    [Fact]
    public void A_description_longer_than_Twitch_keeps_is_cut_to_140_without_splitting_an_emoji()
    {
        var h = Start();
        h.Twitch(Harness.Mod("Mia"), "!marker " + new string('a', 139) + "😀 and more");
        var description = Assert.Single(h.Sink.Of<MarkRequested>()).Description;
        Assert.Equal(new string('a', 139), description);
        Assert.Equal(new string('b', 140), MarkerCommand.Shorten(new string('b', 150), 140));
    }

    [Fact]
    public void Off_Twitch_the_moderator_is_told_it_is_a_Twitch_feature()
    {
        var h = Start();
        h.YouTube(Harness.Mod("Mia"), "!marker here");
        h.YouTube(Harness.Mod("Mia"), "!clip");
        Assert.Equal(["Stream markers are a Twitch feature.", "Clips can only be made on Twitch."], h.Sink.Replies.Select(r => r.Text));
        Assert.Empty(h.Sink.Of<MarkRequested>());
    }

    [Fact]
    public void Cooldown_keeps_moderators_quiet_per_kind_but_not_the_broadcaster()
    {
        var h = Start(new MarkersOptions { Cooldown = TimeSpan.FromSeconds(10) });
        h.Twitch(Harness.Mod("Mia"), "!clip");
        h.Twitch(Harness.Mod("Max"), "!clip");            // silence
        h.Twitch(Harness.Mod("Max"), "!marker one");      // another kind: fine
        h.Twitch(Harness.Viewer("Boss", ViewerRoles.Broadcaster), "!clip");
        h.Advance(TimeSpan.FromSeconds(11));
        h.Twitch(Harness.Mod("Max"), "!clip");

        Assert.Equal([MarkKind.Clip, MarkKind.Marker, MarkKind.Clip, MarkKind.Clip], h.Sink.Of<MarkRequested>().Select(r => r.Kind));
        Assert.Empty(h.Sink.Replies);
    }

    [Fact]
    public void The_host_s_answer_is_stored_and_said_in_chat_as_a_reply_and_a_moment_s_only_stored()
    {
        var h = Start();
        var mark = new StreamMark(MarkKind.Marker, Platform.Twitch, "streamer", h.Time.GetUtcNow(), "s1", null, null, "boss fight", "mia",
            Id: "m1", PositionSeconds: 3723);
        h.Send(new RecordStreamMark(mark, "Marker placed at 1:02:03: boss fight", "line-7"));
        h.Send(new RecordStreamMark(mark with { RequestedBy = "moment", MomentId = "s1:99" }, null, null));

        Assert.Equal([mark, mark with { RequestedBy = "moment", MomentId = "s1:99" }], h.Sink.Of<StreamMarked>().Select(m => m.Mark));
        var reply = Assert.Single(h.Sink.Replies);
        Assert.Equal((Platform.Twitch, "streamer", "Marker placed at 1:02:03: boss fight", "line-7"), (reply.Platform, reply.Channel, reply.Text, reply.ReplyToMessageId));
    }
}
