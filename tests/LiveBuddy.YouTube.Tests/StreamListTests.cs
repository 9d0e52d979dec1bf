using Grpc.Core;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Sources;
using Xunit.Abstractions;
using static LiveBuddy.Testing.YouTube.YouTubeChatItems;
using static LiveBuddy.YouTube.Tests.YouTubeHarness;

namespace LiveBuddy.YouTube.Tests;

public sealed class StreamListTests(ITestOutputHelper output)
{
    private const string ChatId = "chat-1";

    private static Task<YouTubeHarness> StreamingAsync(Func<YouTubeOptions, YouTubeOptions>? configure = null) =>
        YouTubeHarness.StartAsync(o => (configure?.Invoke(o) ?? o) with { Reader = "stream" });

    [Fact]
    public async Task Five_forced_stream_ends_and_a_fall_back_to_polling_lose_and_repeat_nothing()
    {
        await using var h = await StreamingAsync();
        h.Api.SetVideo("video1", ChatId, actualStartTime: Start);
        var chat = h.Api.Chat(ChatId);
        chat.AddPage(Text("old", ChatId, Viewer, "said before we joined", Start));
        var expected = new List<string>();
        var n = 0;
        void Say(int count)
        {
            var items = Enumerable.Range(0, count).Select(_ => Text($"m{n}", ChatId, Viewer, $"line {n++}", Start)).ToArray();
            expected.AddRange(items.Select(i => i["id"]!.GetValue<string>()));
            // Each page also repeats the previous page's last message, as overlapping pages do.
            chat.AddPage(n > count ? [.. items, Text($"m{n - count - 1}", ChatId, Viewer, $"line {n - count - 1}", Start)] : items);
        }

        await h.RunStreamingUntilAsync(() => h.Api.Streams.Requests.Count >= 1);
        for (var end = 1; end <= 5; end++)
        {
            Say(3);
            await h.RunStreamingUntilAsync(() => h.Events.Of<ChatMessage>().Count == expected.Count);
            h.Api.Streams.EndStreams();
            Say(2); // said while no stream is open: the reopen from the last token must bring it
            await h.RunStreamingUntilAsync(() => h.Api.Streams.Requests.Count >= end + 1 && h.Events.Of<ChatMessage>().Count == expected.Count);
        }
        // YouTube stops offering streaming for this key: the next open is refused and the chat is polled instead.
        h.Api.Streams.Unavailable = true;
        h.Api.Streams.EndStreams();
        Say(4);
        await h.RunStreamingUntilAsync(() => h.Events.Of<ChatMessage>().Count == expected.Count && h.ChatListRequests > 0);
        Say(3);
        await h.RunStreamingUntilAsync(() => h.Events.Of<ChatMessage>().Count == expected.Count);

        var got = h.Events.Of<ChatMessage>().Select(m => m.Id).ToList();
        output.WriteLine($"{got.Count} messages over {h.Api.Streams.Requests.Count} stream calls and {h.ChatListRequests} list calls; " +
                         $"{h.Counters.Value("youtube.duplicates")} repeats dropped, {h.Budget.Used} units");
        Assert.Equal(expected, got); // none lost, none twice, in order
        Assert.DoesNotContain("old", got);
        var tokens = h.Api.Streams.Requests.Select(r => r.PageToken).ToList();
        Assert.Null(tokens[0]);
        Assert.All(tokens.Skip(1), t => Assert.StartsWith("p", t));
        Assert.Equal(tokens.Count, tokens.Distinct().Count()); // every reopen resumes further on
        var status = h.Board.Get("youtube")!;
        Assert.Equal(SourceState.Connected, status.State);
        Assert.Contains("streamList unavailable", status.Detail, StringComparison.Ordinal);
        Assert.Equal("list (fallback)", status.Extra!["reader"]);
        Assert.Equal(1, h.Counters.Value("youtube.stream_fallbacks"));
        // Every call was paid for: 7 opens (the last refused one too) and the list pages.
        Assert.Equal(5 * (h.Api.Streams.Requests.Count + h.ChatListRequests) + h.Api.CountRequests("/youtube/v3/videos"), h.Budget.Used);
    }

    [Fact]
    public async Task History_sent_over_several_stream_responses_is_not_replayed()
    {
        await using var h = await StreamingAsync();
        h.Api.SetVideo("video1", ChatId, actualStartTime: Start.AddMinutes(-30));
        var before = Start.AddMinutes(-5);
        // streamList's first connection gets "a series of messages" of recent history: here three responses of it.
        h.Api.Chat(ChatId)
            .AddPage(Text("old1", ChatId, Viewer, "hello", before), Text("old2", ChatId, Viewer, "!poll old | a | b", before.AddSeconds(10)))
            .AddPage(SuperChat("oldsc", ChatId, Viewer, "10000000", "USD", "$10.00", "before you came", 3, before.AddSeconds(30)))
            .AddPage(Gift("oldg", ChatId, Mod, "Duck", "https://yt3.ggpht.com/gifts/duck.png", jewels: 50, combo: 1, before.AddSeconds(50)),
                Text("old3", ChatId, Mod, "last word before", before.AddSeconds(55)));
        // The fake clock stands still while it streams: the history arrives the moment we join, as it does from Google.
        await h.RunStreamingUntilAsync(() => h.Api.Streams.ResponsesSent >= 3, moveClockWhileStreaming: false);
        h.Api.Chat(ChatId).AddPage(
            Text("new1", ChatId, Viewer, "said after we joined", Start.AddSeconds(1)),
            SuperChat("newsc", ChatId, Viewer, "5000000", "USD", "$5.00", "hi", 2, Start.AddSeconds(1)));

        await h.RunStreamingUntilAsync(() => h.Events.Of<ChatMessage>().Count >= 1 && h.Events.Of<Alert>().Count >= 1,
            moveClockWhileStreaming: false);

        Assert.Equal(["new1"], h.Events.Of<ChatMessage>().Select(m => m.Id));
        Assert.Equal(5m, Assert.Single(h.Events.Of<Alert>()).Amount);
        Assert.Equal(5, h.Counters.Value("youtube.backlog_skipped"));
        Assert.Single(h.Api.Streams.Requests); // all of it came over the first open
    }

    [Fact]
    public async Task A_dropped_connection_is_reopened_with_back_off_from_the_last_token()
    {
        await using var h = await StreamingAsync();
        h.Api.SetVideo("video1", ChatId, actualStartTime: Start);
        var chat = h.Api.Chat(ChatId);
        chat.AddPage();
        await h.RunStreamingUntilAsync(() => h.Api.Streams.Requests.Count >= 1);
        h.Api.Streams.FailNext(StatusCode.Unavailable, "connection reset", times: 2);
        h.Api.Streams.EndStreams();
        chat.AddPage(Text("m1", ChatId, Viewer, "after the drop", Start));

        await h.RunStreamingUntilAsync(() => h.Events.Of<ChatMessage>().Count == 1);

        var opens = h.Api.Streams.Requests;
        Assert.Equal(4, opens.Count); // first, two refused, the one that worked
        Assert.All(opens.Skip(1), r => Assert.Equal("p1", r.PageToken));
        Assert.Equal(2, h.Counters.Value("youtube.errors"));
        Assert.Equal(0, h.ChatListRequests);
    }

    [Fact]
    public async Task Gifts_under_both_field_names_and_an_unknown_type_arrive_over_the_stream()
    {
        await using var h = await StreamingAsync();
        h.Api.SetVideo("video1", ChatId, actualStartTime: Start);
        var chat = h.Api.Chat(ChatId);
        chat.AddPage();
        await h.RunStreamingUntilAsync(() => h.Api.Streams.Requests.Count >= 1);
        chat.AddPage(
            Gift("g1", ChatId, Viewer, "Duck", "https://yt3.ggpht.com/gifts/duck.png", jewels: 50, combo: 3, Start),
            Gift("g2", ChatId, Mod, "Rocket", "https://yt3.ggpht.com/gifts/rocket.png", jewels: 500, combo: 1, Start, legacyName: true),
            Raw("x1", ChatId, "superDuperEvent", Viewer, Start),
            Text("m1", ChatId, Viewer, "still reading after it", Start));

        await h.RunStreamingUntilAsync(() => h.Events.Of<ChatMessage>().Count == 1);
        await h.StepAsync(); // the board is written at the end of a step

        var gifts = h.Events.Of<Alert>();
        Assert.Collection(gifts,
            g =>
            {
                Assert.Equal(AlertKind.Gift, g.Kind);
                Assert.Equal("Duck", g.ItemName);
                Assert.Equal("https://yt3.ggpht.com/gifts/duck.png", g.ImageUrl);
                Assert.Equal(3, g.Count);
                Assert.Equal(150m, g.Amount);
                Assert.Equal("JEWELS", g.Currency);
                Assert.Equal("Viewer One", g.Author!.DisplayName);
            },
            g =>
            {
                Assert.Equal("Rocket", g.ItemName);
                Assert.Equal(500m, g.Amount);
                Assert.Equal(1, g.Count);
            });
        Assert.Equal(1, h.Counters.Value("youtube.skipped_unknown_type"));
        // Over gRPC a type the schema has no value for arrives as its number.
        Assert.Equal("type99 ×1", h.Board.Get("youtube")!.Extra!["unknownTypes"]);
    }

    [Fact]
    public async Task A_four_hour_stream_whose_server_ends_every_stream_at_once_stays_within_the_quota()
    {
        await using var h = await StreamingAsync(o => o with { DailyQuota = 10_000, ExpectedStreamHours = 4 });
        h.Api.SetVideo("video1", ChatId, concurrentViewers: "300", actualStartTime: Start);
        var chat = h.Api.Chat(ChatId);
        chat.AddPage();
        for (var i = 0; i < 50; i++) chat.AddPage(Text($"m{i}", ChatId, Viewer, $"message {i}", Start.AddMinutes(i)));
        var until = Start.AddHours(4);

        // The worst case for quota: the server ends each stream right after it opens.
        h.Api.Streams.EndEachStreamWhenCaughtUp = true;
        await h.RunStreamingUntilAsync(() => h.Clock.GetUtcNow() >= until, TimeSpan.FromSeconds(60));

        var opens = h.Api.Streams.Requests.Count;
        output.WriteLine($"4 h with streams ended at once: {opens} stream opens, {h.Budget.Used} units used, {h.Budget.Left} left, " +
                         $"{h.Events.Of<ViewerCountSample>().Count} viewer samples, {h.Counters.Value("pipeline.duplicates")} pipeline duplicates");
        Assert.True(h.Budget.Used <= 9_000, $"used {h.Budget.Used}");
        Assert.Equal(50, h.Events.Of<ChatMessage>().Count);
        Assert.True(opens > 1_000, $"opens {opens}"); // it kept reading all along
    }
}
