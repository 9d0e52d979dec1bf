using LiveBuddy.Core.Events;
using LiveBuddy.Core.Mood;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Scoring.Engagement;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LiveBuddy.Scoring.Tests;

[Collection(ScoringCollection.Name)]
public sealed class EngagementTests(ScoringFixture fixture)
{
    private readonly EngagementModel _model = fixture.Models.Engagement!;

    private static MinuteStats Minute(int messages, int chatters, int? viewers) => new()
    {
        Minute = DateTimeOffset.UnixEpoch,
        MinuteOfStream = 30,
        Messages = messages,
        UniqueChatters = chatters,
        Viewers = viewers,
    };

    [Fact]
    public void Expected_activity_grows_with_the_audience_but_slower_than_linearly()
    {
        var small = _model.ExpectedMessages(50, 30);
        var large = _model.ExpectedMessages(5000, 30);

        Assert.True(large > small * 5, $"{small} vs {large}");
        Assert.True(large < small * 100, $"{small} vs {large}");
    }

    [Fact]
    public void A_big_quiet_audience_is_less_engaged_than_a_small_lively_one()
    {
        var lively = _model.Read(Minute(messages: 60, chatters: 20, viewers: 40));
        var quiet = _model.Read(Minute(messages: 60, chatters: 20, viewers: 4000));

        Assert.True(lively.Index > quiet.Index + 20, $"lively {lively.Index}, quiet {quiet.Index}");
    }

    [Fact]
    public void A_typical_minute_sits_near_the_middle()
    {
        var expected = _model.ExpectedMessages(300, 30);
        var reading = _model.Read(Minute((int)expected, chatters: 16, viewers: 300));

        Assert.InRange(reading.Index, 35, 65);
    }

    [Fact]
    public void Money_gifts_and_poll_votes_raise_the_index_and_it_stays_within_bounds()
    {
        var plain = _model.Read(Minute(30, 10, 200));
        var supported = _model.Read(Minute(30, 10, 200) with { Money = 50m, Subs = 10, PollVotes = 120 });
        var flood = _model.Read(Minute(100_000, 10_000, 10) with { Money = 1_000_000m });

        Assert.True(supported.Index > plain.Index);
        Assert.InRange(flood.Index, 0, 100);
        Assert.InRange(_model.Read(Minute(0, 0, 100_000)).Index, 0, 100);
    }

    [Fact]
    public void Without_a_viewer_count_the_session_median_is_the_expectation()
    {
        var reading = _model.Read(Minute(messages: 40, chatters: 10, viewers: null), sessionMedianMessages: 10);

        Assert.Equal(10, reading.ExpectedMessages);
        Assert.True(reading.Activity > 80);
    }

    /// <summary>
    /// Replays ten minutes of the same chat (20 lines a minute from 10 chatters) before an audience of <paramref name="viewers"/>;
    /// with <paramref name="supportAt"/>, a 20-gift bomb and a $20 Super Chat arrive at that second. One reading every 30 s
    /// from second 120 (reading k is taken 1 s after second 120 + 30 k).
    /// </summary>
    private List<MoodPayload> ReplayMood(int viewers, int? supportAt = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 20, 0, 0, TimeSpan.Zero));
        var counters = new Counters();
        var mood = new MoodTracker(new MoodOptions(), _model.ReadLive);
        var pipeline = new EventPipeline(new EventIngress(counters), new SessionTracker(time, new SessionRules()), [mood], [], counters, time,
            NullLogger<EventPipeline>.Instance);
        var readings = new List<MoodPayload>();
        var n = 0;
        for (var s = 0; s < 600; s++)
        {
            if (s % 60 == 0)
                pipeline.Process(new ViewerCountSample
                {
                    Platform = Platform.Twitch, Id = "viewers" + s, Channel = "streamer", SentAt = time.GetUtcNow(), ReceivedAt = time.GetUtcNow(), Viewers = viewers,
                });
            if (s == supportAt)
            {
                pipeline.Process(new Alert
                {
                    Platform = Platform.Twitch, Id = "bomb", Channel = "streamer", SentAt = time.GetUtcNow(), ReceivedAt = time.GetUtcNow(),
                    Kind = AlertKind.GiftBomb, Count = 20, GiftBombId = "bomb-1", Origin = "eventsub",
                });
                pipeline.Process(new Alert
                {
                    Platform = Platform.YouTube, Id = "sc", Channel = "chat", SentAt = time.GetUtcNow(), ReceivedAt = time.GetUtcNow(),
                    Kind = AlertKind.SuperChat, Amount = 20m, Currency = "USD", Origin = "youtube",
                });
            }
            if (s % 3 == 0)
                pipeline.Process(new ChatMessage
                {
                    Platform = Platform.Twitch, Id = "m" + ++n, Channel = "streamer", SentAt = time.GetUtcNow(), ReceivedAt = time.GetUtcNow(),
                    Author = new Author { Id = "v" + n % 10, Name = "v" + n % 10, DisplayName = "v" + n % 10 }, Text = "nice run",
                });
            time.Advance(TimeSpan.FromSeconds(1));
            pipeline.Process(new Tick());
            if (s >= 120 && s % 30 == 0) readings.Add(mood.Current);
        }
        return readings;
    }

    [Fact]
    public void Live_mood_replaying_the_same_chat_before_40_and_2000_viewers_reads_clearly_different_engagement()
    {
        var small = ReplayMood(40);
        var large = ReplayMood(2000);

        Assert.All(small.Zip(large), p => Assert.True(p.First.Engagement > p.Second.Engagement + 20, $"40 viewers {p.First.Engagement}, 2,000 viewers {p.Second.Engagement}"));
        Assert.All(small, m => Assert.Equal((40, 25.0), (m.Viewers, m.Participation)));
        Assert.All(large, m => Assert.Equal((2000, 0.5), (m.Viewers, m.Participation)));
    }

    [Fact]
    public void Live_mood_counts_a_gift_bomb_and_a_super_chat_while_they_are_in_the_window()
    {
        var plain = ReplayMood(200);
        var supported = ReplayMood(200, supportAt: 300);

        for (var k = 0; k < plain.Count; k++)
        {
            var second = 120 + 30 * k;
            if (second is >= 300 and < 359)
                Assert.True(supported[k].Engagement >= plain[k].Engagement + 8, $"at {second} s: {supported[k].Engagement} with support, {plain[k].Engagement} without");
            else
                Assert.Equal(plain[k].Engagement, supported[k].Engagement);
        }
    }
}
