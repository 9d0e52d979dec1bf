using LiveBuddy.Core.Events;
using static LiveBuddy.Testing.YouTube.YouTubeChatItems;
using static LiveBuddy.YouTube.Tests.YouTubeHarness;

namespace LiveBuddy.YouTube.Tests;

public sealed class HostilePageTests
{
    private const string ChatId = "chat-1";

    /// <summary>A harness with a live video whose chat is <see cref="ChatId"/>, and quota to spare.</summary>
    private static async Task<YouTubeHarness> StartLiveAsync()
    {
        var h = await YouTubeHarness.StartAsync(o => o with { DailyQuota = 1_000_000 });
        h.Api.SetVideo("video1", ChatId, concurrentViewers: "10", actualStartTime: Start.AddMinutes(-10));
        return h;
    }

    [Fact]
    public async Task Values_that_do_not_convert_cost_only_their_item_and_the_rest_of_the_page_and_the_next_pages_still_arrive()
    {
        await using var h = await StartLiveAsync();
        var t = Start.AddMinutes(1);
        var broken = Text("broken", ChatId, Viewer, "unreadable", t);
        broken["snippet"]!["publishedAt"] = 20261126; // a number where a time string belongs: no time, so malformed
        broken["authorDetails"]!["isChatModerator"] = "perhaps";
        var oddNumber = Milestone("odd", ChatId, Viewer, 12, "Gold", "a year", t);
        oddNumber["snippet"]!["memberMilestoneChatDetails"]!["memberMonth"] = "twelve";
        h.Api.Chat(ChatId).AddPage() // backlog
            .AddPage(Text("before", ChatId, Viewer, "first", t), broken, oddNumber, Text("after", ChatId, Viewer, "still here", t.AddSeconds(1)))
            .AddPage(Text("later", ChatId, Viewer, "next page", t.AddSeconds(5)));

        await h.RunUntilAsync(() => h.Events.Of<ChatMessage>().Any(c => c.Id == "later"));

        Assert.Equal(["before", "after", "later"], h.Events.Of<ChatMessage>().Select(c => c.Id));
        // The milestone lost only its unreadable month; the item without a readable time is skipped and counted.
        var milestone = Assert.Single(h.Events.Of<Alert>(), a => a.Id == "odd");
        Assert.Null(milestone.Count);
        Assert.Equal(1, h.Counters.Value("youtube.skipped_malformed"));
    }

    [Fact]
    public async Task An_item_of_a_shape_nobody_expected_costs_only_that_item_and_the_chat_goes_on()
    {
        // An object where a string belongs leaves the JSON reader lost inside the item: the whole page used to fail,
        // and the poller asked for the same page again and again, so the stream's chat stopped for good.
        await using var h = await StartLiveAsync();
        var t = Start.AddMinutes(1);
        var objectForText = Text("object", ChatId, Viewer, "unreadable", t);
        objectForText["snippet"]!["type"] = new System.Text.Json.Nodes.JsonObject { ["nested"] = "surprise" };
        var arrayForFlag = Text("array", ChatId, Viewer, "unreadable too", t);
        arrayForFlag["authorDetails"]!["isChatModerator"] = new System.Text.Json.Nodes.JsonArray(1, 2);
        h.Api.Chat(ChatId).AddPage() // backlog
            .AddPage(Text("before", ChatId, Viewer, "first", t), objectForText, arrayForFlag, Text("after", ChatId, Viewer, "still here", t.AddSeconds(1)))
            .AddPage(Text("later", ChatId, Viewer, "next page", t.AddSeconds(5)));

        await h.RunUntilAsync(() => h.Events.Of<ChatMessage>().Any(c => c.Id == "later"));

        Assert.Equal(["before", "after", "later"], h.Events.Of<ChatMessage>().Select(c => c.Id));
        Assert.Equal(2, h.Counters.Value("youtube.skipped_malformed"));
    }
}
