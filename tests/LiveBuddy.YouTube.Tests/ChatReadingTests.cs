using LiveBuddy.Core.Events;
using LiveBuddy.Core.Sources;
using LiveBuddy.Testing.YouTube;
using static LiveBuddy.Testing.YouTube.YouTubeChatItems;
using static LiveBuddy.YouTube.Tests.YouTubeHarness;

namespace LiveBuddy.YouTube.Tests;

public sealed class ChatReadingTests
{
    private const string ChatId = "chat-1";

    private static async Task<YouTubeHarness> LiveStreamAsync(Func<YouTubeOptions, YouTubeOptions>? configure = null)
    {
        var h = await YouTubeHarness.StartAsync(configure ?? (o => o with { DailyQuota = 1_000_000 }));
        h.Api.SetVideo("video1", ChatId, concurrentViewers: "1234", title: "Speedrun night", actualStartTime: Start.AddMinutes(-10));
        return h;
    }

    [Fact]
    public async Task Viewers_and_likes_come_from_one_videos_list_call_a_minute_at_one_unit_each()
    {
        await using var h = await YouTubeHarness.StartAsync(o => o with { DailyQuota = 1_000_000 });
        h.Api.SetVideo("video1", ChatId, concurrentViewers: "1234", likeCount: "56");
        h.Api.Chat(ChatId).AddPage();
        await h.StepAsync();
        h.Api.SetVideo("video1", ChatId, concurrentViewers: "1300", likeCount: "61");

        await h.RunUntilAsync(() => h.Events.Of<ViewerCountSample>().Count == 2);

        Assert.Equal([(1234, 56), (1300, 61)], h.Events.Of<ViewerCountSample>().Select(s => (s.Viewers, s.Likes!.Value)));
        var videoCalls = h.Api.Requests.Where(r => r.Path.EndsWith("/videos", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, videoCalls.Count);
        Assert.All(videoCalls, r => Assert.Equal("snippet,liveStreamingDetails,statistics", r["part"]));
        Assert.Equal(videoCalls.Count + 5 * h.ChatListRequests, h.Budget.Used); // statistics cost nothing more
        Assert.Equal(61, h.Board.Get("youtube")!.Extra!["likes"]);

        // An owner who hides likes: the count is unknown, not zero.
        h.Api.SetVideo("video1", ChatId, concurrentViewers: "1310");
        await h.RunUntilAsync(() => h.Events.Of<ViewerCountSample>().Count == 3);
        Assert.Null(h.Events.Of<ViewerCountSample>()[2].Likes);
    }

    [Fact]
    public async Task Every_live_event_type_becomes_the_matching_core_event()
    {
        await using var h = await LiveStreamAsync();
        var gifter = new FakeYouTubeAuthor("UCgifter", "Generous", Member: true);
        var owner = new FakeYouTubeAuthor("UCowner", "The Streamer", Owner: true, Verified: true);
        var t = Start.AddMinutes(1);
        h.Api.Chat(ChatId).AddPage() // backlog: nothing before we joined
            .AddPage(
                Text("m1", ChatId, Viewer, "hello :face-blue-smiling: 日本語 🎉", t),
                Text("m2", ChatId, owner, "welcome all", t.AddSeconds(1)),
                SuperChat("sc1", ChatId, Viewer, "5000000", "USD", "$5.00", "great run!", 2, t.AddSeconds(2)),
                SuperSticker("ss1", ChatId, Viewer, "1990000", "EUR", "€1.99", "Dancing cat", 1, t.AddSeconds(3)),
                NewMember("nm1", ChatId, Viewer, "Gold", isUpgrade: true, t.AddSeconds(4)),
                Milestone("ms1", ChatId, Viewer, 12, "Gold", "a year already", t.AddSeconds(5)),
                Gifting("g1", ChatId, gifter, 3, "Gold", t.AddSeconds(6)),
                GiftReceived("gr1", ChatId, new FakeYouTubeAuthor("UCr1", "Lucky One"), "UCgifter", "g1", "Gold", t.AddSeconds(7)),
                Deleted("d1", ChatId, Mod, "m1", t.AddSeconds(8)),
                Retracted("r1", ChatId, Viewer, "m2", t.AddSeconds(9)),
                Banned("b1", ChatId, Mod, new FakeYouTubeAuthor("UCtroll", "Troll"), 300, t.AddSeconds(10)),
                Banned("b2", ChatId, Mod, new FakeYouTubeAuthor("UCtroll2", "Troll Two"), null, t.AddSeconds(11)),
                Poll("p1", ChatId, owner, "Which boss next?", t.AddSeconds(12)));

        await h.RunUntilAsync(() => h.Events.All.OfType<ChannelNotice>().Any());

        var chat = h.Events.Of<ChatMessage>();
        Assert.Equal(["hello :face-blue-smiling: 日本語 🎉", "welcome all"], chat.Select(c => c.Text));
        Assert.All(chat, c => Assert.Equal(Platform.YouTube, c.Platform));
        Assert.All(chat, c => Assert.Equal(ChatId, c.Channel));
        Assert.Equal("m1", chat[0].Id);
        Assert.Equal(t, chat[0].SentAt);
        Assert.Equal("UCviewer", chat[0].Author.Id);
        Assert.Equal("Viewer One", chat[0].Author.DisplayName);
        Assert.Equal(ViewerRoles.Broadcaster | ViewerRoles.Verified, chat[1].Author.Roles);

        var alerts = h.Events.Of<Alert>().ToDictionary(a => a.Id);
        Assert.Equal((AlertKind.SuperChat, 5.00m, "USD", "great run!", "2"), (alerts["sc1"].Kind, alerts["sc1"].Amount!.Value, alerts["sc1"].Currency, alerts["sc1"].Message, alerts["sc1"].Tier));
        Assert.Equal((AlertKind.SuperSticker, 1.99m, "EUR"), (alerts["ss1"].Kind, alerts["ss1"].Amount!.Value, alerts["ss1"].Currency));
        Assert.Equal((AlertKind.Membership, "Gold"), (alerts["nm1"].Kind, alerts["nm1"].Tier));
        Assert.Equal((AlertKind.MembershipMilestone, 12, "a year already"), (alerts["ms1"].Kind, alerts["ms1"].Count!.Value, alerts["ms1"].Message));
        Assert.Equal((AlertKind.MembershipGift, 3, "g1"), (alerts["g1"].Kind, alerts["g1"].Count!.Value, alerts["g1"].GiftBombId));
        Assert.Equal((AlertKind.MembershipGiftReceived, "g1", "UCr1"), (alerts["gr1"].Kind, alerts["gr1"].GiftBombId, alerts["gr1"].Recipient!.Id));
        Assert.All(alerts.Values, a => Assert.Equal("youtube", a.Origin));

        var deletions = h.Events.Of<MessageDeleted>().ToDictionary(d => d.Id);
        Assert.Equal(("m1", false), (deletions["d1"].TargetMessageId, deletions["d1"].Retracted));
        Assert.Equal(("m2", true), (deletions["r1"].TargetMessageId, deletions["r1"].Retracted));

        var bans = h.Events.Of<UserCleared>().ToDictionary(b => b.Id);
        Assert.Equal(("UCtroll", TimeSpan.FromSeconds(300)), (bans["b1"].Target.Id, bans["b1"].Duration!.Value));
        Assert.True(bans["b2"].IsBan);
        Assert.Equal("Mod Person", bans["b2"].Moderator);

        Assert.Equal("Which boss next?", Assert.Single(h.Events.Of<ChannelNotice>()).Text);
    }

    [Fact]
    public async Task Going_live_is_announced_with_the_title_and_viewers_are_sampled()
    {
        await using var h = await LiveStreamAsync();
        h.Api.Chat(ChatId).AddPage();

        await h.StepAsync();
        await h.Events.SettleAsync();

        var online = Assert.Single(h.Events.Of<StreamOnline>());
        Assert.Equal(("Speedrun night", ChatId, Start.AddMinutes(-10)), (online.Title, online.Channel, online.SentAt));
        Assert.Equal(1234, Assert.Single(h.Events.Of<ViewerCountSample>()).Viewers);
        Assert.Equal(SourceState.Connected, h.Board.Get("youtube")!.State);
    }

    [Fact]
    public async Task A_stream_that_starts_later_is_picked_up_by_the_next_look()
    {
        await using var h = await YouTubeHarness.StartAsync(o => o with { DailyQuota = 1_000_000 });
        h.Api.SetVideo("video1", liveChatId: null);
        h.Api.Chat(ChatId).AddPage().AddPage(Text("m1", ChatId, Viewer, "we are live", Start.AddMinutes(3)));

        var next = await h.StepAsync();
        Assert.Equal(Start + h.Options.DiscoveryInterval, next);
        Assert.Equal(SourceState.Idle, h.Board.Get("youtube")!.State);

        h.Api.SetVideo("video1", ChatId, concurrentViewers: "5");
        await h.RunUntilAsync(() => h.Events.All.OfType<ChatMessage>().Any());

        Assert.Single(h.Events.Of<StreamOnline>());
        Assert.Equal("we are live", Assert.Single(h.Events.Of<ChatMessage>()).Text);
    }

    [Fact]
    public async Task The_first_page_backlog_is_not_replayed_as_live_events()
    {
        await using var h = await LiveStreamAsync();
        var before = Start.AddMinutes(-5);
        h.Api.Chat(ChatId)
            .AddPage(
                Text("old1", ChatId, Viewer, "!poll old | a | b", before),
                SuperChat("oldsc", ChatId, Viewer, "10000000", "USD", "$10.00", "before you came", 3, before),
                Gifting("oldg", ChatId, Viewer, 5, "Gold", before))
            .AddPage(Text("new1", ChatId, Viewer, "now", Start.AddSeconds(5)));

        await h.RunUntilAsync(() => h.Events.All.OfType<ChatMessage>().Any());

        Assert.Equal(["new1"], h.Events.Of<ChatMessage>().Select(m => m.Id));
        Assert.Empty(h.Events.Of<Alert>());
        Assert.Equal(3, h.Counters.Value("youtube.backlog_skipped"));
    }

    [Fact]
    public async Task Duplicates_across_overlapping_pages_are_dropped_before_the_pipeline()
    {
        await using var h = await LiveStreamAsync();
        var a = Text("a", ChatId, Viewer, "one", Start.AddSeconds(1));
        var b = Text("b", ChatId, Viewer, "two", Start.AddSeconds(2));
        var c = Text("c", ChatId, Viewer, "three", Start.AddSeconds(3));
        var gift = Gifting("g", ChatId, Viewer, 2, "Gold", Start.AddSeconds(2));
        h.Api.Chat(ChatId).AddPage().AddPage(a, b, gift).AddPage(b, gift, c).AddPage(c);

        await h.RunUntilAsync(() => h.Api.Requests.Any(r => r["pageToken"] == "p4"));

        Assert.Equal(["one", "two", "three"], h.Events.Of<ChatMessage>().Select(m => m.Text));
        Assert.Single(h.Events.Of<Alert>());
        Assert.Equal(3, h.Counters.Value("youtube.duplicates"));
        Assert.Equal(0, h.Counters.Value("pipeline.duplicates"));
    }

    [Fact]
    public async Task Every_poll_follows_the_previous_nextPageToken()
    {
        await using var h = await LiveStreamAsync();
        h.Api.Chat(ChatId).AddPage().AddPage(Text("a", ChatId, Viewer, "x", Start)).AddPage();

        await h.RunUntilAsync(() => h.ChatListRequests >= 4);

        var tokens = h.Api.Requests.Where(r => r.Path.EndsWith("liveChat/messages", StringComparison.Ordinal)).Select(r => r["pageToken"]).ToList();
        Assert.Equal([null, "p1", "p2", "p3"], tokens.Take(4));
        Assert.All(h.Api.Requests.Where(r => r.Path.EndsWith("liveChat/messages", StringComparison.Ordinal)), r =>
        {
            Assert.Equal(ChatId, r["liveChatId"]);
            Assert.Equal("id,snippet,authorDetails", r["part"]);
            Assert.Equal("2000", r["maxResults"]);
            Assert.Equal("test-key", r["key"]);
        });
    }

    [Fact]
    public async Task Polls_are_never_sooner_than_pollingIntervalMillis()
    {
        await using var h = await LiveStreamAsync();
        h.Api.Chat(ChatId).PollingIntervalMillis = 3_500;
        h.Api.Chat(ChatId).AddPage();

        await h.RunUntilAsync(() => h.PollTimes.Count >= 6);

        var gaps = h.PollTimes.Zip(h.PollTimes.Skip(1), (x, y) => y - x).ToList();
        Assert.Equal(5, gaps.Count);
        Assert.All(gaps, g => Assert.True(g >= TimeSpan.FromMilliseconds(3_500), $"gap {g}"));
    }

    [Fact]
    public async Task A_small_quota_spreads_polls_wider_than_the_server_minimum()
    {
        await using var h = await LiveStreamAsync(o => o with { DailyQuota = 10_000, ExpectedStreamHours = 4 });
        h.Api.Chat(ChatId).AddPage();

        await h.RunUntilAsync(() => h.PollTimes.Count >= 3);

        var gap = h.PollTimes[2] - h.PollTimes[1];
        // About 9,000 read units over the 3 h 50 min left: one 5-unit poll every ~7.7 s.
        Assert.InRange(gap.TotalSeconds, 6, 10);
        var extra = h.Board.Get("youtube")!.Extra!;
        Assert.Equal(h.Budget.Used, (int)extra["quotaUsed"]);
        Assert.Equal(10_000 - h.Budget.Used, (int)extra["quotaLeft"]);
        Assert.True(extra.ContainsKey("nextPollAt"));
    }

    [Fact]
    public async Task Chat_ended_and_offlineAt_end_the_youtube_part_of_the_session()
    {
        await using var h = await LiveStreamAsync();
        h.Api.Chat(ChatId).AddPage().AddPage(Text("a", ChatId, Viewer, "bye", Start), ChatEnded("end1", ChatId, Start.AddSeconds(1)));

        await h.RunUntilAsync(() => h.Events.All.OfType<StreamOffline>().Any());

        Assert.Equal("end1", Assert.Single(h.Events.Of<StreamOffline>()).Id);
        Assert.Empty(h.Poller!.ActiveChats);
    }

    [Fact]
    public async Task An_offlineAt_page_ends_the_chat()
    {
        await using var h = await LiveStreamAsync();
        var chat = h.Api.Chat(ChatId).AddPage();
        chat.EndAt = Start.AddMinutes(1);

        await h.RunUntilAsync(() => h.Events.All.OfType<StreamOffline>().Any());

        Assert.Equal(ChatId, Assert.Single(h.Events.Of<StreamOffline>()).Channel);
        Assert.Equal(SourceState.Idle, h.Board.Get("youtube")!.State);
    }

    [Fact]
    public async Task Unknown_and_malformed_messages_are_counted_and_skipped()
    {
        await using var h = await LiveStreamAsync();
        var broken = SuperChat("bad", ChatId, Viewer, "five dollars", "USD", "$5", "x", 1, Start);
        h.Api.Chat(ChatId).AddPage().AddPage(
            Raw("u1", ChatId, "fanFundingEventFromTheFuture", Viewer, Start),
            broken,
            Tombstone("t1", ChatId, Start),
            Text("ok", ChatId, Viewer, "still here", Start));

        await h.RunUntilAsync(() => h.Events.All.OfType<ChatMessage>().Any());

        Assert.Equal("still here", Assert.Single(h.Events.Of<ChatMessage>()).Text);
        Assert.Equal(1, h.Counters.Value("youtube.skipped_unknown_type"));
        Assert.Equal(1, h.Counters.Value("youtube.skipped_malformed"));
        Assert.Equal(1, h.Counters.Value("youtube.skipped_tombstone"));
    }

    [Fact]
    public async Task A_broadcast_that_ends_without_a_chat_event_is_noticed_by_the_next_viewer_sample()
    {
        await using var h = await LiveStreamAsync();
        h.Api.Chat(ChatId).AddPage();
        await h.StepAsync();

        h.Api.SetVideo("video1", ChatId, actualStartTime: Start.AddMinutes(-10), actualEndTime: Start.AddSeconds(30));
        h.Clock.Advance(h.Options.ViewerSampleInterval);
        await h.StepAsync();
        await h.Events.SettleAsync();

        Assert.Equal(ChatId, Assert.Single(h.Events.Of<StreamOffline>()).Channel);
        Assert.Empty(h.Poller!.ActiveChats);
        Assert.Equal(SourceState.Idle, h.Board.Get("youtube")!.State);
    }
}
