using LiveBuddy.Core.Events;
using LiveBuddy.Core.Mood;

namespace LiveBuddy.Core.Tests.Mood;

public sealed class MoodTrackerTests
{
    private static MessageScore Felt(float value) => new(value > 0 ? Sentiment.Positive : Sentiment.Negative, value, false, false, 0);

    private readonly MoodTracker _mood = new(new MoodOptions());
    private readonly Harness _h;

    public MoodTrackerTests() => _h = new Harness(_mood);

    private MoodPayload Last => _h.Sink.Of<MoodChanged>().Last().Mood;

    private void Audience(Platform platform, string channel, int viewers, int? likes = null) => _h.Pipeline.Process(new ViewerCountSample
    {
        Platform = platform, Id = "audience-" + ++_samples, Channel = channel, SentAt = _h.Time.GetUtcNow(), ReceivedAt = _h.Time.GetUtcNow(),
        Viewers = viewers, Likes = likes,
    });

    [Fact]
    public void Viewers_are_summed_across_platforms_each_carrying_its_last_count_until_it_reports_again()
    {
        Audience(Platform.Twitch, "streamer", 300);
        Audience(Platform.YouTube, "chat-1", 100, likes: 20);
        _h.Tick();
        Assert.Equal((400, 20), (Last.Viewers, Last.Likes));

        // Only Twitch samples this minute: YouTube's last count still counts.
        _h.Advance(TimeSpan.FromMinutes(1));
        Audience(Platform.Twitch, "streamer", 310);
        _h.Tick();
        Assert.Equal((410, 20), (Last.Viewers, Last.Likes));

        // YouTube's count is too old to carry (its stream stopped reporting); then Twitch goes offline.
        _h.Advance(TimeSpan.FromMinutes(10));
        Audience(Platform.Twitch, "streamer", 320);
        _h.Tick();
        Assert.Equal((320, (int?)null), (Last.Viewers, Last.Likes));
        _h.Pipeline.Process(new StreamOffline { Platform = Platform.Twitch, Id = "off-1", Channel = "streamer", SentAt = _h.Time.GetUtcNow(), ReceivedAt = _h.Time.GetUtcNow() });
        _h.Advance(TimeSpan.FromSeconds(2));
        _h.Tick();
        Assert.Null(Last.Viewers);
    }

    [Fact]
    public void Mood_averages_sentiment_counts_rate_and_unique_chatters_across_platforms()
    {
        _h.Twitch(Harness.Viewer("Ann", id: "1"), "love it", Felt(0.8f));
        _h.YouTube(Harness.Viewer("Ann", id: "1"), "meh", Felt(-0.2f));
        _h.Twitch(Harness.Viewer("Ann", id: "1"), "again", Felt(0.3f));
        _h.Twitch(Harness.Viewer("Bob"), "unscored");

        _h.Tick();

        Assert.Equal(new MoodPayload(0.3, 50, 4, 3), Last);
    }

    [Fact]
    public void A_flood_is_measured_from_per_second_totals_and_chatters_leave_the_count_after_the_window()
    {
        var viewers = Enumerable.Range(0, 5).Select(i => Harness.Viewer("V" + i, id: "v" + i)).ToArray();
        for (var i = 0; i < 30_000; i++) _h.Twitch(viewers[i % 5], "W", Felt(i % 2 == 0 ? 0.5f : -0.1f));
        _h.Tick();

        Assert.Equal(new MoodPayload(0.2, 50, 30_000, 5), Last);

        _h.Advance(TimeSpan.FromSeconds(59));
        _h.Twitch(Harness.Viewer("Late", id: "late"), "still here", Felt(1f));
        _h.Advance(TimeSpan.FromSeconds(1));
        _h.Tick();

        // The flood's second is now a minute old: only the late line is in the window.
        Assert.Equal((1.0, 1.0, 1), (Last.Sentiment, Last.MessagesPerMinute, Last.Chatters));
    }

    [Fact]
    public void Mood_is_pushed_at_most_once_per_second_and_only_when_it_changed()
    {
        _h.Twitch(Harness.Viewer("Ann"), "hi");
        _h.Tick();
        _h.Twitch(Harness.Viewer("Bob"), "hi");
        _h.Tick();                                  // same second: held back
        _h.Advance(TimeSpan.FromSeconds(1));
        _h.Tick();
        _h.Advance(TimeSpan.FromSeconds(1));
        _h.Tick();                                  // nothing changed

        Assert.Equal([1, 2], _h.Sink.Of<MoodChanged>().Select(m => m.Mood.Chatters));
    }

    [Fact]
    public void Engagement_rises_above_50_when_chat_is_busier_than_usual_and_falls_to_0_in_silence()
    {
        // Ten quiet minutes: 6 messages a minute.
        for (var minute = 0; minute < 10; minute++)
        {
            for (var i = 0; i < 6; i++)
            {
                _h.Advance(TimeSpan.FromSeconds(10));
                _h.Twitch(Harness.Viewer("v" + i), "chat");
            }
        }
        _h.Tick();
        Assert.Equal((6.0, 6), (Last.MessagesPerMinute, Last.Chatters));
        Assert.InRange(Last.Engagement, 45, 55); // the usual pace is about 50

        // A hype minute: 30 messages.
        for (var i = 0; i < 30; i++)
        {
            _h.Advance(TimeSpan.FromSeconds(2));
            _h.Twitch(Harness.Viewer("h" + i), "HYPE");
        }
        _h.Tick();
        Assert.True(Last.Engagement > 90, $"engagement {Last.Engagement}");
        Assert.Equal(30, Last.Chatters);

        _h.Advance(TimeSpan.FromMinutes(2));
        _h.Tick();
        Assert.Equal(new MoodPayload(0, 0, 0, 0), Last);
    }

    private int _samples;

    private void Viewers(Platform platform, int viewers) => _h.Pipeline.Process(new ViewerCountSample
    {
        Platform = platform, Id = $"viewers:{++_samples}", Channel = "streamer",
        SentAt = _h.Time.GetUtcNow(), ReceivedAt = _h.Time.GetUtcNow(), Viewers = viewers,
    });

    [Fact]
    public void Viewers_of_both_platforms_are_summed_participation_is_chatters_per_100_viewers_and_an_old_count_drops_out()
    {
        Viewers(Platform.Twitch, 150);
        Viewers(Platform.YouTube, 50);
        Viewers(Platform.Twitch, 170); // a newer Twitch count replaces the older one
        for (var i = 0; i < 11; i++) _h.Twitch(Harness.Viewer("v" + i, id: "v" + i), "hi");
        _h.Tick();

        Assert.Equal((220, 5.0), (Last.Viewers, Last.Participation));

        _h.Advance(TimeSpan.FromMinutes(6));
        Viewers(Platform.YouTube, 40);
        _h.Advance(TimeSpan.FromMinutes(5)); // Twitch's count is now 11 minutes old
        _h.Twitch(Harness.Viewer("Ann", id: "ann"), "still here");
        _h.Tick();

        Assert.Equal((40, 2.5), (Last.Viewers, Last.Participation));
    }

    [Fact]
    public void The_engagement_reader_gets_the_window_the_audience_and_the_minute_of_the_stream()
    {
        var seen = new List<LiveChatMinute>();
        var h = new Harness(new MoodTracker(new MoodOptions(), minute => { seen.Add(minute); return 73.4; }));
        h.Pipeline.Process(new ViewerCountSample
        {
            Platform = Platform.Twitch, Id = "viewers:1", Channel = "streamer", SentAt = h.Time.GetUtcNow(), ReceivedAt = h.Time.GetUtcNow(), Viewers = 40,
        });
        h.Twitch(Harness.Viewer("Ann", id: "1"), "hi");
        h.Twitch(Harness.Viewer("Bob", id: "2"), "hello");
        h.Advance(TimeSpan.FromMinutes(3));
        h.Twitch(Harness.Viewer("Ann", id: "1"), "back");
        h.Tick();

        Assert.Equal(new LiveChatMinute(1, 1, 40, 3, 1), seen[^1]); // 3 lines over the 3 minutes chat has existed
        Assert.Equal(73, h.Sink.Of<MoodChanged>().Last().Mood.Engagement);
    }

    [Fact]
    public void Without_a_reader_engagement_is_the_rate_against_the_stream_s_own_pace()
    {
        Assert.Equal(50, MoodTracker.AgainstOwnPace(new LiveChatMinute(12, 5, 2000, 30, 12)));
        Assert.Equal(100, MoodTracker.AgainstOwnPace(new LiveChatMinute(60, 5, null, 30, 12)));
        Assert.Equal(0, MoodTracker.AgainstOwnPace(new LiveChatMinute(0, 0, null, 0, 0)));
    }

    [Fact]
    public void Subs_gifts_and_money_in_the_window_reach_the_engagement_reader_each_counted_once()
    {
        var seen = new List<LiveChatMinute>();
        var h = new Harness(new MoodTracker(new MoodOptions(), minute => { seen.Add(minute); return 50; }));
        h.Twitch(Harness.Viewer("Ann", id: "1"), "hi");

        h.Pipeline.Process(h.Alert(AlertKind.Subscription, dedupe: "sub:1:1", origin: "eventsub"));
        h.Pipeline.Process(h.Alert(AlertKind.Subscription, dedupe: "sub:1:1", origin: "irc")); // the same sub from IRC
        h.Pipeline.Process(h.Alert(AlertKind.GiftBomb, count: 5, bomb: "bomb-1"));
        for (var i = 0; i < 5; i++) h.Pipeline.Process(h.Alert(AlertKind.GiftSubscription, count: 1, bomb: "bomb-1")); // folded into the bomb
        h.Advance(TimeSpan.FromSeconds(20));
        h.Pipeline.Process(h.Alert(AlertKind.Bits, amount: 500, currency: "BITS"));
        h.Pipeline.Process(h.Alert(AlertKind.SuperChat, amount: 10, currency: "USD", platform: Platform.YouTube));
        h.Pipeline.Process(h.Alert(AlertKind.Gift, amount: 100, currency: "JEWELS", count: 1, platform: Platform.YouTube));
        h.Pipeline.Process(h.Alert(AlertKind.MembershipGift, count: 3, platform: Platform.YouTube));
        h.Pipeline.Process(h.Alert(AlertKind.Follow));
        h.Pipeline.Process(h.Alert(AlertKind.Raid, count: 200));
        h.Tick();

        Assert.Equal(new Support(1 + 5 + 3, 5m + 10m + 1m), seen[^1].Support);

        // 45 s later the sub and the bomb (at 0 s) are more than the 60 s window old; the money (at 20 s) still counts.
        h.Advance(TimeSpan.FromSeconds(45));
        h.Tick();
        Assert.Equal(new Support(3, 16m), seen[^1].Support);
        h.Advance(TimeSpan.FromSeconds(20));
        h.Tick();
        Assert.Equal(default, seen[^1].Support);
    }

    [Fact]
    public void Support_counts_subs_gifts_bits_jewels_super_chats_and_tips_and_nothing_else()
    {
        Assert.Equal(new Support(1, 0), Support.Of(AlertKind.Resubscription, null, 12));
        Assert.Equal(new Support(1, 0), Support.Of(AlertKind.MembershipMilestone, null, 6));
        Assert.Equal(new Support(20, 0), Support.Of(AlertKind.GiftBomb, null, 20));
        Assert.Equal(new Support(0, 2.5m), Support.Of(AlertKind.Bits, 250, null));
        Assert.Equal(new Support(0, 4m), Support.Of(AlertKind.Gift, 400, 2)); // Jewels, a cent each
        Assert.Equal(new Support(0, 7.5m), Support.Of(AlertKind.Tip, 7.5m, null));
        Assert.Equal(default, Support.Of(AlertKind.Follow, null, null));
        Assert.Equal(default, Support.Of(AlertKind.Raid, null, 500));
        Assert.Equal(default, Support.Of(AlertKind.HypeTrain, 5000, null)); // made of the gifts already counted
        Assert.Equal(default, Support.Of(AlertKind.MembershipGiftReceived, null, 1)); // the other side of a counted gift
    }

    [Fact]
    public void Without_a_reader_a_gift_bomb_lifts_engagement_above_the_usual_pace()
    {
        var h = new Harness(new MoodTracker(new MoodOptions()));
        for (var i = 0; i < 10; i++)
        {
            h.Twitch(Harness.Viewer("Ann", id: "1"), "line " + i);
            h.Advance(TimeSpan.FromSeconds(5));
        }
        h.Tick();
        var before = h.Sink.Of<MoodChanged>().Last().Mood.Engagement;

        h.Pipeline.Process(h.Alert(AlertKind.GiftBomb, count: 10, bomb: "bomb-2"));
        h.Advance(TimeSpan.FromSeconds(1));
        h.Tick();
        var after = h.Sink.Of<MoodChanged>().Last().Mood.Engagement;

        Assert.Equal(50, before);
        Assert.Equal(50 + (int)Math.Round(0.15 * 8 * Math.Log2(11)), after);
    }

    [Fact]
    public void Snapshot_is_the_latest_mood()
    {
        _h.Twitch(Harness.Viewer("Ann"), "yay", Felt(1f));
        _h.Tick();

        Assert.Equal(Last, _mood.Snapshot()!.Payload);
        Assert.Equal("mood", _mood.Snapshot()!.Name);
    }
}
