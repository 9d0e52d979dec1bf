using LiveBuddy.Core.Events;
using LiveBuddy.Core.Markers;
using LiveBuddy.Storage.Markers;
using LiveBuddy.Storage.Moderation;
using LiveBuddy.Storage.Polls;
using LiveBuddy.Storage.Qa;
using LiveBuddy.Storage.Reports;
using LiveBuddy.Storage.Schema;

namespace LiveBuddy.Storage.Tests.Reports;

public sealed class SessionReportTests : IDisposable
{
    private static readonly DateTimeOffset T0 = ReportDatabase.Start;
    private readonly ReportDatabase _data = new();

    public void Dispose() => _data.Dispose();

    /// <summary>
    /// 30 minutes: alice writes 2 messages a minute, bob 1 every other minute, carol once; a burst of 60 messages
    /// from 20 chatters in minute 20; a sub, a gift bomb of 5, 500 bits, a Super Chat; a timeout, a ban, a deletion.
    /// </summary>
    private Core.Sessions.SessionInfo WriteStream(string id = "20261120-180000", DateTimeOffset? start = null, bool burst = true)
    {
        var t0 = start ?? T0;
        var session = _data.Session(id, t0, t0.AddMinutes(30).AddSeconds(-1), Platform.Twitch, Platform.YouTube);
        var items = new List<object> { _data.Started(session) };
        for (var m = 0; m < 30; m++)
        {
            items.Add(_data.Chat(session, t0.AddMinutes(m).AddSeconds(5), "Alice", "gg nice run", 0.8f));
            items.Add(_data.Chat(session, t0.AddMinutes(m).AddSeconds(35), "Alice", "what split is this?", 0.1f, question: true));
            if (m % 2 == 0) items.Add(_data.Chat(session, t0.AddMinutes(m).AddSeconds(20), "Bob", "ugh that reset", -0.6f));
        }
        items.Add(_data.Chat(session, t0.AddMinutes(3), "Carol", "hi from youtube", 0.5f, platform: Platform.YouTube, id: "carol-1"));
        if (burst)
            for (var i = 0; i < 60; i++)
                items.Add(_data.Chat(session, t0.AddMinutes(20).AddSeconds(i % 60), "Fan" + (i % 20), "POGGERS WORLD RECORD", 0.9f));
        items.Add(_data.Event(session, _data.Alert(t0.AddMinutes(2), AlertKind.Subscription, "Bob")));
        items.Add(_data.Event(session, _data.Alert(t0.AddMinutes(10), AlertKind.GiftBomb, "Dave", count: 5)));
        items.Add(_data.Event(session, _data.Alert(t0.AddMinutes(11), AlertKind.Bits, "Alice", amount: 500, currency: "BITS")));
        items.Add(_data.Event(session, _data.Alert(t0.AddMinutes(12), AlertKind.SuperChat, "Carol", amount: 4.99m, currency: "USD", platform: Platform.YouTube)));
        items.Add(_data.Event(session, _data.Cleared(t0.AddMinutes(15), "Troll", TimeSpan.FromMinutes(10))));
        items.Add(_data.Event(session, _data.Cleared(t0.AddMinutes(16), "Troll2", null)));
        items.Add(_data.Event(session, _data.Deleted(t0.AddMinutes(17), "carol-1", Platform.YouTube)));
        items.Add(_data.Event(session, _data.Viewers(t0.AddMinutes(1), 40)));
        items.Add(_data.Event(session, _data.Viewers(t0.AddMinutes(20), 80)));
        items.Add(_data.Ended(session));
        _data.Write([.. items]);
        return session;
    }

    [Fact]
    public void Totals_count_messages_chatters_and_the_top_chatter_exactly()
    {
        WriteStream();

        var report = _data.Reports().Build("latest", CancellationToken.None)!;

        Assert.Equal("20261120-180000", report.Session.Id);
        Assert.Equal(["twitch", "youtube"], report.Session.Platforms);
        Assert.Equal(60 + 15 + 1 + 60, report.Totals.Messages);
        Assert.Equal(3 + 20, report.Totals.Chatters);
        Assert.Equal(23, report.Totals.NewChatters);
        Assert.Equal(0, report.Totals.ReturningChatters);
        Assert.Equal(30, report.Totals.Questions);
        Assert.Equal(1, report.Totals.DeletedMessages);
        Assert.Equal(60 + 2 + 1, report.Totals.PeakMessagesPerMinute);
        Assert.Equal(new TopChatter("Alice", "twitch", 60), report.TopChatters[0]);
        Assert.Equal(new TopChatter("Bob", "twitch", 15), report.TopChatters[1]);
        Assert.Equal(80, report.Totals.PeakViewers);
        var youtube = Assert.Single(report.Totals.ByPlatform, p => p.Platform == "youtube");
        Assert.Equal((1, 1, 1), (youtube.Messages, youtube.Chatters, youtube.Alerts));
    }

    [Fact]
    public void Simulcast_viewers_add_up_across_platforms_in_a_minute()
    {
        var session = _data.Session("simulcast", T0, T0.AddMinutes(3).AddSeconds(-1), Platform.Twitch, Platform.YouTube);
        _data.Write(
            _data.Started(session),
            _data.Chat(session, T0.AddSeconds(10), "Alice", "hi"),
            _data.Chat(session, T0.AddSeconds(20), "Carol", "hi from youtube", platform: Platform.YouTube),
            _data.Event(session, _data.Viewers(T0.AddSeconds(5), 250)),
            _data.Event(session, _data.Viewers(T0.AddSeconds(30), 300)), // Twitch's latest count of the minute
            _data.Event(session, _data.Viewers(T0.AddSeconds(40), 200, Platform.YouTube)),
            _data.Event(session, _data.Viewers(T0.AddMinutes(1).AddSeconds(30), 310)),
            _data.Event(session, _data.Viewers(T0.AddMinutes(1).AddSeconds(31), 190, Platform.YouTube)),
            _data.Ended(session));

        var report = _data.Reports().Build("simulcast", CancellationToken.None)!;

        Assert.Equal([500, 500, 500], report.Timeline.Select(t => t.Viewers));
        Assert.Equal(500, report.Totals.PeakViewers);
        Assert.Equal(500, report.Totals.AverageViewers);
        Assert.Equal(Math.Round(2 / 500.0, 3), report.Totals.ChattersPerViewer);
    }

    [Fact]
    public void Distinct_chatters_per_minute_and_per_third_count_late_messages_once()
    {
        var session = _data.Session("late", T0, T0.AddMinutes(9).AddSeconds(-1));
        _data.Write(
            _data.Started(session),
            _data.Chat(session, T0.AddMinutes(0), "Alice", "a"),
            _data.Chat(session, T0.AddMinutes(4), "Alice", "b"),
            _data.Chat(session, T0.AddMinutes(4).AddSeconds(1), "Bob", "c"),
            _data.Chat(session, T0.AddMinutes(4).AddSeconds(2), "Bob", "d"),
            _data.Chat(session, T0.AddMinutes(8), "Alice", "e"));
        // Stored after minute 8: lines whose platform time lies earlier (a platform's late delivery).
        _data.Write(
            _data.Chat(session, T0.AddMinutes(2), "Alice", "f"),
            _data.Chat(session, T0.AddMinutes(4).AddSeconds(30), "Alice", "g"),
            _data.Chat(session, T0.AddMinutes(7), "Carol", "h"),
            _data.Ended(session));

        var report = _data.Reports().Build("late", CancellationToken.None)!;

        Assert.Equal([1, 0, 1, 0, 2, 0, 0, 1, 1], report.Timeline.Select(t => t.Chatters));
        Assert.Equal([1, 2, 2], report.WhatWorked.Segments.Select(s => s.Chatters));
        Assert.Equal(3, report.Totals.Chatters);
    }

    [Fact]
    public void Timeline_has_one_entry_per_minute_including_empty_minutes()
    {
        var session = _data.Session("s1", T0, T0.AddMinutes(9).AddSeconds(30));
        _data.Write(_data.Started(session), _data.Chat(session, T0.AddSeconds(10), "Alice", "first"),
            _data.Chat(session, T0.AddMinutes(7).AddSeconds(10), "Alice", "back"), _data.Ended(session));

        var timeline = _data.Reports().Build("s1", CancellationToken.None)!.Timeline;

        Assert.Equal(10, timeline.Count);
        Assert.Equal(Enumerable.Range(0, 10), timeline.Select(t => t.Minute));
        Assert.Equal([1, 0, 0, 0, 0, 0, 0, 1, 0, 0], timeline.Select(t => t.Messages));
        Assert.Equal(T0.AddMinutes(9), timeline[^1].At);
        Assert.All(timeline.Where(t => t.Messages == 0), t => Assert.Equal((0, 0.0), (t.Chatters, t.Engagement)));
    }

    [Fact]
    public void A_highlight_links_to_the_marker_and_clip_made_live_for_its_moment_and_every_mark_is_listed()
    {
        var session = WriteStream();
        // The live watcher's onset is the report's moment time (same finder): here it arrived 3 s off, as a live read may.
        var momentAt = T0.AddMinutes(20).AddSeconds(-7);
        StreamMark Mark(MarkKind kind, DateTimeOffset? at, string by) =>
            new(kind, Platform.Twitch, "streamer", T0.AddMinutes(21), session.Id, at is null ? null : session.Id + ":1", at, "a hype moment", by);
        var records = new StreamMarkRecords();
        _data.Db.RunInTransaction(() =>
        {
            records.Write(_data.Db, new StreamMarked(Mark(MarkKind.Marker, momentAt, "moment") with { Failure = "not-live", Detail = "cool_user is not live" }), "");
            records.Write(_data.Db, new StreamMarked(Mark(MarkKind.Marker, momentAt, "moment") with { Id = "mk1", PositionSeconds = 1201 }), "");
            records.Write(_data.Db, new StreamMarked(Mark(MarkKind.Clip, momentAt, "moment") with { Id = "Clip1", Url = "https://clips.twitch.tv/Clip1" }), "");
            records.Write(_data.Db, new StreamMarked(Mark(MarkKind.Marker, T0.AddMinutes(5), "moment") with { Id = "far", PositionSeconds = 300 }), "");
            records.Write(_data.Db, new StreamMarked(Mark(MarkKind.Marker, null, "nightowl") with { Id = "mod", PositionSeconds = 1260 }), "");
        });

        var report = _data.Reports(new ReportOptions { TwitchVodUrl = "https://www.twitch.tv/videos/42" }).Build("latest", CancellationToken.None)!;

        var highlight = Assert.Single(report.Highlights);
        Assert.Equal(("mk1", 1201, "https://www.twitch.tv/videos/42?t=0h20m1s"), (highlight.Marker!.Id, highlight.Marker.PositionSeconds, highlight.Marker.Url));
        Assert.Equal(("Clip1", "https://clips.twitch.tv/Clip1"), (highlight.Clip!.Id, highlight.Clip.Url));
        Assert.Equal(["not-live", null, null, null, null], report.StreamMarks.Select(m => m.Failure));
        Assert.Equal(["moment", "moment", "moment", "moment", "nightowl"], report.StreamMarks.Select(m => m.RequestedBy));
        Assert.Equal(1260, report.StreamMarks[^1].OffsetSeconds);
    }

    [Fact]
    public void An_injected_burst_becomes_a_named_highlight_that_links_into_the_vod_to_the_second()
    {
        WriteStream();

        var report = _data.Reports(new ReportOptions { TwitchVodUrl = "https://www.twitch.tv/videos/42" }).Build("latest", CancellationToken.None)!;

        var highlight = Assert.Single(report.Highlights);
        // Chat began at 20:00; the link opens 10 s earlier (6 s chat lag + 4 s lead).
        Assert.Equal(T0.AddMinutes(20).AddSeconds(-10), highlight.At);
        Assert.Equal(1190, highlight.OffsetSeconds);
        Assert.Equal(("hype", "The biggest hype moment"), (highlight.Kind, highlight.Title));
        Assert.StartsWith("A hype moment: ", highlight.Reason, StringComparison.Ordinal);
        Assert.EndsWith("POGGERS ×60", highlight.Reason, StringComparison.Ordinal);
        Assert.InRange(highlight.Score, 0.5, 1);
        Assert.Equal("https://www.twitch.tv/videos/42?t=0h19m50s", highlight.VodUrl);
        Assert.Equal(report.Timeline.Max(t => t.Engagement), report.Timeline[20].Engagement);
    }

    /// <summary>
    /// An hour of calm chat (about one line every 1.5 s from 30 regulars) with moments on stream at known seconds, chat
    /// reacting 3–7 s later for 30–45 s at 7–11 lines a second; a raid of 120 at 50:00.
    /// </summary>
    private (DateTimeOffset Start, (int Second, string Kind)[] Truth) WriteSyntheticHour(string id, int seed)
    {
        var random = new Random(seed);
        string[] calm = ["what rank is he", "hello chat", "is this ranked?", "the music is nice", "he needs to rotate", "drink water chat"];
        var reactions = new Dictionary<string, string[]>
        {
            ["funny"] = ["KEKW", "KEKW KEKW", "LUL", "lmaooo", "OMEGALUL he fell"],
            ["sad"] = ["F", "Sadge", "F F F", "PepeHands", "noooo"],
            ["shock"] = ["monkaS", "WTF", "monkaW", "wtf was that", "omg monkaS"],
            ["hype"] = ["PogChamp", "POGGERS", "LETSGOOO", "Pog clutch", "PogU"],
        };
        (int Second, string Kind)[] truth = [(600, "funny"), (1500, "sad"), (2400, "shock"), (3200, "hype")];
        var t0 = T0.AddDays(1);
        var session = _data.Session(id, t0, t0.AddHours(1));
        var items = new List<object> { _data.Started(session) };
        for (var s = 0; s < 3600; s++)
        {
            if (random.NextDouble() < 0.65) items.Add(_data.Chat(session, t0.AddSeconds(s + random.NextDouble()), "Regular" + random.Next(30), calm[random.Next(calm.Length)]));
        }
        foreach (var (second, kind) in truth)
        {
            var reactionStart = second + 3 + random.Next(0, 5);
            for (var s = reactionStart; s < reactionStart + 30 + random.Next(0, 16); s++)
            {
                for (var n = 7 + random.Next(0, 5); n > 0; n--)
                    items.Add(_data.Chat(session, t0.AddSeconds(s + random.NextDouble()), "Fan" + random.Next(200), reactions[kind][random.Next(reactions[kind].Length)]));
            }
        }
        items.Add(_data.Event(session, _data.Alert(t0.AddMinutes(50), AlertKind.Raid, "Friendly", count: 120)));
        items.Add(_data.Ended(session));
        _data.Write([.. items]);
        return (t0, truth);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_synthetic_hour_s_four_moments_are_listed_by_kind_with_youtube_links_zero_to_twenty_seconds_before_each(int seed)
    {
        var (t0, truth) = WriteSyntheticHour("synthetic", seed);

        var report = _data.Reports(new ReportOptions { YouTubeVodUrl = "https://www.youtube.com/watch?v=abc" }).Build("synthetic", CancellationToken.None)!;

        var moments = report.Highlights.Where(h => h.Kind != "raid").ToList();
        Assert.Equal(truth.Select(t => t.Kind), moments.Select(m => m.Kind));
        for (var i = 0; i < truth.Length; i++)
        {
            Assert.InRange(truth[i].Second - moments[i].OffsetSeconds, 0, 20);
            Assert.Equal($"https://www.youtube.com/watch?v=abc&t={moments[i].OffsetSeconds}s", moments[i].VodUrl);
            Assert.Equal(t0.AddSeconds(moments[i].OffsetSeconds), moments[i].At);
        }
        Assert.Equal(["The funniest moment", "The saddest moment", "The most shocking moment", "The biggest hype moment"], moments.Select(m => m.Title));
        var raid = Assert.Single(report.Highlights, h => h.Kind == "raid");
        Assert.Equal((2996, "Raid from Friendly with 120 viewers"), (raid.OffsetSeconds, raid.Reason));
    }

    [Fact]
    public void The_same_chat_before_40_and_2000_viewers_reads_clearly_differently_with_participation_beside_it()
    {
        double[] Engagement(string id, int viewers, out double?[] participation)
        {
            var t0 = T0.AddDays(viewers);
            var session = _data.Session(id, t0, t0.AddMinutes(30).AddSeconds(-1));
            var items = new List<object> { _data.Started(session), _data.Event(session, _data.Viewers(t0, viewers)) };
            for (var m = 0; m < 30; m++)
            {
                items.Add(_data.Event(session, _data.Viewers(t0.AddMinutes(m).AddSeconds(1), viewers)));
                for (var i = 0; i < 20; i++) items.Add(_data.Chat(session, t0.AddMinutes(m).AddSeconds(2 + i * 2), "Viewer" + (i % 10), "nice run"));
            }
            items.Add(_data.Ended(session));
            _data.Write([.. items]);
            var timeline = _data.Reports().Build(id, CancellationToken.None)!.Timeline;
            participation = [.. timeline.Select(t => t.Participation)];
            return [.. timeline.Select(t => t.Engagement)];
        }

        var small = Engagement("small", 40, out var smallShare);
        var large = Engagement("large", 2000, out var largeShare);

        Assert.True(small.Average() > large.Average() + 25, $"40 viewers {small.Average():F1}, 2,000 viewers {large.Average():F1}");
        Assert.All(small.Zip(large), p => Assert.True(p.First > p.Second + 15, $"{p.First} vs {p.Second}"));
        Assert.Equal(25, smallShare[10]);   // 10 chatters per 40 viewers
        Assert.Equal(0.5, largeShare[10]);  // 10 chatters per 2,000
    }

    [Fact]
    public void Subs_gifts_bits_jewels_and_super_chats_lift_their_minute_counted_as_live_engagement_counts_them()
    {
        double[] Engagement(string id, int day, Func<DateTimeOffset, Alert[]> support)
        {
            var t0 = T0.AddDays(10 + day);
            var session = _data.Session(id, t0, t0.AddMinutes(10).AddSeconds(-1), Platform.Twitch, Platform.YouTube);
            var items = new List<object> { _data.Started(session), _data.Event(session, _data.Viewers(t0, 200)) };
            for (var m = 0; m < 10; m++)
                for (var i = 0; i < 20; i++) items.Add(_data.Chat(session, t0.AddMinutes(m).AddSeconds(2 + i * 2), "Viewer" + (i % 10), "nice run"));
            items.AddRange(support(t0.AddMinutes(4).AddSeconds(30)).Select(a => _data.Event(session, a)));
            items.Add(_data.Ended(session));
            _data.Write([.. items]);
            return [.. _data.Reports().Build(id, CancellationToken.None)!.Timeline.Select(t => t.Engagement)];
        }

        var plain = Engagement("plain", 0, _ => []);
        var subs = Engagement("subs", 1, at => [_data.Alert(at, AlertKind.Subscription, "Sam"), _data.Alert(at, AlertKind.Resubscription, "Ray", count: 7)]);
        var bomb = Engagement("bomb", 2, at => [_data.Alert(at, AlertKind.GiftBomb, "Gus", count: 5)]);
        var bits = Engagement("bits", 3, at => [_data.Alert(at, AlertKind.Bits, "Bea", amount: 300, currency: "BITS")]);
        var superChat = Engagement("superchat", 4, at => [_data.Alert(at, AlertKind.SuperChat, "Sue", amount: 3m, currency: "USD", platform: Platform.YouTube)]);
        var jewels = Engagement("jewels", 5, at => [_data.Alert(at, AlertKind.Gift, "Jo", amount: 300, currency: "JEWELS", count: 1, platform: Platform.YouTube)]);

        // Support weighs 15 %: two subs add 0.15 × 8 × log2(3) ≈ 1.9 points, five gifts ≈ 3.1, $3 ≈ 3.6.
        foreach (var (name, lifted, least) in new[] { ("subs", subs, 1.5), ("gift bomb", bomb, 3), ("bits", bits, 3), ("super chat", superChat, 3), ("jewels", jewels, 3) })
        {
            Assert.True(lifted[4] >= plain[4] + least, $"{name}: minute 4 reads {lifted[4]}, {plain[4]} without");
            Assert.Equal(plain.Where((_, m) => m != 4), lifted.Where((_, m) => m != 4));
        }
        // 300 bits, a $3 Super Chat and 300 Jewels are all worth $3: the same lift.
        Assert.Equal(bits[4], superChat[4]);
        Assert.Equal(bits[4], jewels[4]);
    }

    [Fact]
    public void Without_viewer_counts_a_minute_is_read_against_the_session_s_own_usual_minute()
    {
        WriteStream();
        var session = _data.Session("no-viewers", T0.AddDays(3), T0.AddDays(3).AddMinutes(10).AddSeconds(-1));
        var items = new List<object> { _data.Started(session) };
        for (var m = 0; m < 10; m++)
            for (var i = 0; i < (m == 5 ? 40 : 10); i++) items.Add(_data.Chat(session, session.StartedAt.AddMinutes(m).AddSeconds(i), "V" + i, "hello"));
        items.Add(_data.Ended(session));
        _data.Write([.. items]);

        var timeline = _data.Reports().Build("no-viewers", CancellationToken.None)!.Timeline;

        Assert.All(timeline, t => Assert.Null(t.Participation));
        Assert.InRange(timeline[2].Engagement, 35, 50);   // a usual minute
        Assert.True(timeline[5].Engagement > timeline[2].Engagement + 20, $"{timeline[5].Engagement} vs {timeline[2].Engagement}");
    }

    [Fact]
    public void A_steady_stream_has_no_highlights()
    {
        WriteStream(burst: false);

        Assert.Empty(_data.Reports().Build("latest", CancellationToken.None)!.Highlights);
    }

    [Fact]
    public void Vod_links_use_each_platforms_time_format()
    {
        var offset = new TimeSpan(1, 2, 3);

        Assert.Equal("https://www.twitch.tv/videos/1?t=1h2m3s", ReportMath.VodLink("https://www.twitch.tv/videos/1", "twitch", offset));
        Assert.Equal("https://www.youtube.com/watch?v=abc&t=3723s", ReportMath.VodLink("https://www.youtube.com/watch?v=abc", "youtube", offset));
        Assert.Null(ReportMath.VodLink(null, "twitch", offset));
    }

    [Fact]
    public void Subs_gifts_bits_and_super_chats_are_counted_by_kind_and_currency()
    {
        WriteStream();

        var report = _data.Reports().Build("latest", CancellationToken.None)!;

        Assert.Equal(4, report.Alerts.Total);
        Assert.Equal(1, report.Alerts.Subscriptions);
        Assert.Equal(5, report.Alerts.GiftedSubscriptions);
        Assert.Equal(500, report.Alerts.Bits);
        Assert.Contains(new AlertKindCount("giftBomb", 1, 5), report.Alerts.ByKind);
        Assert.Equal([new MoneyTotal("BITS", 500, 1), new MoneyTotal("USD", 4.99m, 1)], report.Alerts.Money);
        Assert.Equal("Dave", report.TopSupporters[0].Name);
        Assert.Equal(25, report.TopSupporters[0].Points);
    }

    [Fact]
    public void YouTube_gifts_are_stored_with_name_and_picture_and_count_for_top_supporters_as_Jewels()
    {
        var session = _data.Session("gifts", T0, T0.AddMinutes(10), Platform.YouTube);
        Alert Gift(int minute, string user, string name, int jewels, int combo) =>
            _data.Alert(T0.AddMinutes(minute), AlertKind.Gift, user, amount: jewels * combo, currency: "JEWELS", count: combo, platform: Platform.YouTube)
                with { ItemName = name, ImageUrl = $"https://yt3.ggpht.com/gifts/{name.ToLowerInvariant()}.png" };
        _data.Write(_data.Started(session),
            _data.Event(session, Gift(1, "Erin", "Duck", 50, 3)),
            _data.Event(session, Gift(2, "Erin", "Rocket", 500, 1)),
            _data.Event(session, Gift(3, "Finn", "Duck", 50, 1)),
            _data.Event(session, _data.Alert(T0.AddMinutes(4), AlertKind.SuperChat, "Gus", amount: 2m, currency: "USD", platform: Platform.YouTube)),
            _data.Ended(session));

        var report = _data.Reports().Build("gifts", CancellationToken.None)!;

        var stored = _data.Db.Query<LiveBuddy.Storage.Alerts.AlertRow>("SELECT * FROM alerts WHERE Kind = 'Gift' ORDER BY SentAt");
        Assert.Equal([("Duck", "https://yt3.ggpht.com/gifts/duck.png"), ("Rocket", "https://yt3.ggpht.com/gifts/rocket.png"), ("Duck", "https://yt3.ggpht.com/gifts/duck.png")],
            stored.Select(a => (a.ItemName, a.ImageUrl)));
        Assert.Contains(new MoneyTotal("JEWELS", 700, 3), report.Alerts.Money);
        // 650 Jewels are worth about 6.50 in points (a Jewel counts like a bit), more than Gus's 2 USD; Finn's 50 Jewels 0.50.
        Assert.Equal([("Erin", 6.5), ("Gus", 2.0), ("Finn", 0.5)], report.TopSupporters.Select(s => (s.Name, s.Points)));
        Assert.Equal([new MoneyTotal("JEWELS", 650, 2)], report.TopSupporters[0].Money);
    }

    [Fact]
    public void Viewers_are_summed_across_platforms_with_each_platforms_last_count_carried_forward_in_storage_and_report()
    {
        var session = _data.Session("simulcast", T0, T0.AddMinutes(6).AddSeconds(-1), Platform.Twitch, Platform.YouTube);
        _data.Write(_data.Started(session),
            _data.Event(session, _data.Viewers(T0.AddSeconds(10), 300)),
            _data.Event(session, _data.Viewers(T0.AddSeconds(40), 100, Platform.YouTube, likes: 20)),
            _data.Event(session, _data.Viewers(T0.AddMinutes(1).AddSeconds(10), 310)), // only Twitch reports: YouTube's 100 still counts
            _data.Chat(session, T0.AddMinutes(2).AddSeconds(5), "Alice", "hi"), // nobody reports: both carry
            _data.Event(session, _data.Viewers(T0.AddMinutes(3).AddSeconds(30), 150, Platform.YouTube, likes: 35)), // only YouTube
            _data.Event(session, _data.Viewers(T0.AddMinutes(4).AddSeconds(10), 290)),
            _data.Ended(session));

        var report = _data.Reports().Build("simulcast", CancellationToken.None)!;

        int?[] perMinute = [400, 410, 410, 460, 440, 440];
        Assert.Equal(perMinute, report.Timeline.Take(6).Select(t => t.Viewers));
        Assert.Equal([20, 20, 20, 35, 35, 35], report.Timeline.Take(6).Select(t => t.Likes));
        // Stored per minute too (minute_stats.Viewers), for every minute that has a row.
        var stored = _data.Db.Query<MinuteStatsRow>("SELECT * FROM minute_stats WHERE SessionId = ? ORDER BY Minute", "simulcast");
        Assert.Equal(perMinute.Take(5), stored.Select(s => s.Viewers));
        Assert.Equal((460, 35), (report.Totals.PeakViewers!.Value, report.Totals.Likes!.Value));
    }

    [Fact]
    public void Moderation_counts_what_the_platform_did_not_what_LiveBuddy_asked()
    {
        WriteStream();
        _data.Db.Insert(new ModerationRow { SessionId = "20261120-180000", Platform = "twitch", Kind = "request:timeout", At = T0.AddMinutes(15).ToUnixTimeMilliseconds() });

        var moderation = _data.Reports().Build("latest", CancellationToken.None)!.Moderation;

        Assert.Equal((1, 1, 1), (moderation.Deleted, moderation.Timeouts, moderation.Bans));
    }

    [Fact]
    public void Chatters_seen_in_an_earlier_session_are_returning()
    {
        var earlier = _data.Session("earlier", T0.AddDays(-7), T0.AddDays(-7).AddHours(1));
        _data.Write(_data.Started(earlier), _data.Chat(earlier, T0.AddDays(-7).AddMinutes(1), "Alice", "hello"), _data.Ended(earlier));
        WriteStream();

        var totals = _data.Reports().Build("latest", CancellationToken.None)!.Totals;

        Assert.Equal((1, 22), (totals.ReturningChatters, totals.NewChatters));
    }

    [Fact]
    public void An_imported_older_log_still_makes_its_chatters_returning()
    {
        // The newer stream is stored first, so Alice's viewer record says she was first seen in it...
        WriteStream();
        // ...then an older chat log is imported (replay).
        var older = _data.Session("older", T0.AddDays(-30), T0.AddDays(-30).AddHours(1));
        _data.Write(_data.Started(older), _data.Chat(older, T0.AddDays(-30).AddMinutes(1), "Alice", "first stream!"), _data.Ended(older));

        Assert.Equal(1, _data.Reports().Build("20261120-180000", CancellationToken.None)!.Totals.ReturningChatters);
    }

    [Fact]
    public void An_older_log_imported_while_a_stream_is_live_stays_out_of_its_totals_and_makes_returning_chatters()
    {
        var live = _data.Session("live", T0, T0.AddMinutes(3).AddSeconds(-1));
        var older = _data.Session("older", T0.AddDays(-30), T0.AddDays(-30).AddHours(1));
        // Bob's viewer record starts with the live stream, so only his imported line makes him returning.
        _data.Write(_data.Started(live), _data.Chat(live, T0, "Alice", "hi"), _data.Chat(live, T0.AddSeconds(30), "Bob", "hey"));
        // Stored between the live stream's own lines: the live session's messages are no longer one run of row ids.
        _data.Write(_data.Started(older), _data.Chat(older, T0.AddDays(-30).AddMinutes(1), "Bob", "first stream!"), _data.Ended(older));
        _data.Write(_data.Chat(live, T0.AddMinutes(1), "Bob", "back again"), _data.Chat(live, T0.AddMinutes(2), "Carol", "hello"), _data.Ended(live));

        var totals = _data.Reports().Build("live", CancellationToken.None)!.Totals;

        Assert.Equal(4, totals.Messages);
        Assert.Equal((3, 1), (totals.Chatters, totals.ReturningChatters));
    }

    [Fact]
    public void Unanswered_questions_make_a_to_do_list_and_polls_show_their_winner()
    {
        var session = WriteStream();
        _data.Db.Insert(new QuestionRow { Key = "s:1", SessionId = session.Id, ShortId = "1", Platform = "twitch", AuthorName = "Alice", Text = "Which category next?", Upvotes = 4, Status = "Pending", AskedAt = T0.AddMinutes(5).ToUnixTimeMilliseconds() });
        _data.Db.Insert(new QuestionRow { Key = "s:2", SessionId = session.Id, ShortId = "2", Platform = "youtube", AuthorName = "Carol", Text = "Any tips?", Upvotes = 1, Status = "Answered", AskedAt = T0.AddMinutes(6).ToUnixTimeMilliseconds() });
        _data.Db.Insert(new QuestionRow { Key = "s:3", SessionId = session.Id, ShortId = "3", Platform = "twitch", AuthorName = "Bob", Text = "Favourite snack?", Upvotes = 9, Status = "Approved", AskedAt = T0.AddMinutes(7).ToUnixTimeMilliseconds() });
        _data.Db.Insert(new PollRow { Id = "p1", SessionId = session.Id, Question = "Next game?", Status = "closed", OpenedAt = T0.AddMinutes(8).ToUnixTimeMilliseconds(), TotalVotes = 4,
            OptionsJson = """[{"text":"Celeste","votes":3,"votesByPlatform":{"twitch":3}},{"text":"Hades","votes":1}]""" });

        var report = _data.Reports().Build("latest", CancellationToken.None)!;

        Assert.Equal((3, 1, 2), (report.Questions.Asked, report.Questions.Answered, report.Questions.Unanswered));
        Assert.Equal(["Favourite snack?", "Which category next?"], report.Questions.ToDo.Select(q => q.Text));
        var poll = Assert.Single(report.Polls);
        Assert.Equal("Celeste", poll.Winner);
        Assert.Equal(75, poll.Options[0].Percent);
        Assert.Equal(4, report.Totals.PollVotes);
    }

    [Fact]
    public void Sentiment_counts_each_message_and_quotes_the_warmest_and_coldest_minutes()
    {
        WriteStream();

        var sentiment = _data.Reports().Build("latest", CancellationToken.None)!.Sentiment;

        Assert.Equal(30 + 1 + 60, sentiment.Positive);
        Assert.Equal(15, sentiment.Negative);
        Assert.Equal(30, sentiment.Neutral);
        Assert.Equal(20, sentiment.MostPositive!.Minute);
        Assert.Equal("POGGERS WORLD RECORD", sentiment.MostPositive.Quotes[0].Text);
        Assert.Null(sentiment.MostNegative); // every minute's average is above zero
    }

    [Fact]
    public void What_worked_compares_thirds_and_the_last_five_sessions()
    {
        for (var i = 1; i <= 6; i++)
        {
            var start = T0.AddDays(-i);
            var s = _data.Session("prev" + i, start, start.AddMinutes(10));
            _data.Write(_data.Started(s), _data.Chat(s, start.AddMinutes(1), "Alice", "hi"), _data.Ended(s));
        }
        WriteStream();

        var worked = _data.Reports().Build("latest", CancellationToken.None)!.WhatWorked;

        Assert.Equal(["first third", "middle third", "last third"], worked.Segments.Select(s => s.Name));
        // Engagement knows the audience: the last third has the burst, but the audience doubled (40 → 80) while the
        // usual chat stayed the same; the middle third also has the gift bomb, bits and the Super Chat.
        Assert.Equal("middle third", worked.BestSegment);
        Assert.Equal(5, worked.PreviousSessions);
        var activity = Assert.Single(worked.Trends, t => t.Metric == "messagesPerMinute");
        Assert.Equal("up", activity.Direction);
        Assert.Equal(0.09, activity.PreviousAverage); // one message in eleven minutes, five times
        Assert.NotEmpty(worked.Notes);
    }

    [Fact]
    public void Two_sessions_compare_side_by_side()
    {
        WriteStream("a", T0.AddDays(-1), burst: false);
        WriteStream("b", T0);

        var comparison = _data.Reports().Compare("a", "b", CancellationToken.None)!;

        Assert.Equal((76L, 135L), (comparison.A.Messages, comparison.B.Messages));
        Assert.Equal("up", comparison.Differences.Single(d => d.Metric == "chatters").Direction);
        Assert.Null(_data.Reports().Compare("a", "missing", CancellationToken.None));
    }

    [Fact]
    public void The_chat_log_lists_every_message_in_time_order()
    {
        WriteStream();

        var lines = _data.Reports().ChatLog("20261120-180000", CancellationToken.None).ToList();

        Assert.Equal(136, lines.Count);
        var disorder = lines.Zip(lines.Skip(1)).FirstOrDefault(p => p.First.Time > p.Second.Time);
        Assert.True(disorder == default, disorder.ToString());
        var carol = Assert.Single(lines, l => l.Author == "Carol");
        Assert.True(carol.Deleted);
        Assert.Equal(("youtube", "positive"), (carol.Platform, carol.Sentiment));
    }

    [Fact]
    public void An_unknown_session_has_no_report()
    {
        Assert.Null(_data.Reports().Build("nope", CancellationToken.None));
        Assert.Null(_data.Reports().Build("latest", CancellationToken.None));
    }
}
