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
    public void Snapshot_is_the_latest_mood()
    {
        _h.Twitch(Harness.Viewer("Ann"), "yay", Felt(1f));
        _h.Tick();

        Assert.Equal(Last, _mood.Snapshot()!.Payload);
        Assert.Equal("mood", _mood.Snapshot()!.Name);
    }
}
