using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Timers;

namespace LiveBuddy.Core.Tests.Timers;

public sealed class TimerFeatureTests
{
    private static Harness Build(params TimedMessage[] timers) => new(new TimerFeature(new TimersOptions { Messages = timers }));

    private static readonly TimedMessage Socials = new() { Name = "socials", Message = "Follow on {platform}! Live for {uptime}.", MinChatLines = 3 };

    private static void Lines(Harness h, Platform platform, int count)
    {
        for (var i = 0; i < count; i++) h.Chat(platform, Harness.Viewer("v" + i), "chatting " + i);
    }

    [Fact]
    public void Timer_posts_only_on_the_platform_whose_chat_moved_enough()
    {
        var h = Build(Socials);
        Lines(h, Platform.Twitch, 3);
        Lines(h, Platform.YouTube, 2);
        h.Advance(TimeSpan.FromMinutes(5));

        var run = Assert.IsType<TimerRun>(h.Send(new TimerDue("socials")));

        Assert.Equal([new TimerTarget(Platform.Twitch, "streamer")], run.PostedTo);
        Assert.Equal("Follow on twitch! Live for 5m 0s.", Assert.Single(h.Sink.Replies).Text);
    }

    [Fact]
    public void Lines_are_counted_again_from_zero_after_each_post()
    {
        var h = Build(Socials);
        Lines(h, Platform.Twitch, 3);
        Lines(h, Platform.YouTube, 3);
        h.Send(new TimerDue("socials"));
        Lines(h, Platform.Twitch, 2);
        Lines(h, Platform.YouTube, 3);

        var second = Assert.IsType<TimerRun>(h.Send(new TimerDue("SOCIALS")));

        Assert.Equal([new TimerTarget(Platform.YouTube, "yt-live-chat")], second.PostedTo);
        Assert.Equal(3, h.Sink.Replies.Count);
    }

    [Fact]
    public void Timer_stays_quiet_when_not_live()
    {
        var h = Build(Socials with { MinChatLines = 0 });
        Lines(h, Platform.Twitch, 1);
        h.Pipeline.Shutdown(); // session ends

        var run = Assert.IsType<TimerRun>(h.Send(new TimerDue("socials")));

        Assert.Equal("not live", run.Skipped);
        Assert.Empty(h.Sink.Replies);
    }

    [Fact]
    public void Timer_limited_to_a_platform_ignores_the_other_and_unknown_or_disabled_timers_say_so()
    {
        var h = Build(Socials with { Platforms = [Platform.YouTube] }, new TimedMessage { Name = "off", Message = "x", Enabled = false, MinChatLines = 0 });
        Lines(h, Platform.Twitch, 5);
        Lines(h, Platform.YouTube, 5);

        var run = Assert.IsType<TimerRun>(h.Send(new TimerDue("socials")));

        Assert.Equal([Platform.YouTube], run.PostedTo.Select(t => t.Platform));
        Assert.IsType<ControlError>(h.Send(new TimerDue("nope")));
        Assert.Equal("disabled", Assert.IsType<TimerRun>(h.Send(new TimerDue("off"))).Skipped);
    }
}
