using LiveBuddy.Core.Events;
using Xunit.Abstractions;
using static LiveBuddy.Testing.YouTube.YouTubeChatItems;
using static LiveBuddy.YouTube.Tests.YouTubeHarness;

namespace LiveBuddy.YouTube.Tests;

public sealed class FullStreamTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_four_hour_stream_read_end_to_end_spends_under_ten_thousand_units()
    {
        await using var h = await YouTubeHarness.StartAsync(o => o with { DailyQuota = 10_000, ExpectedStreamHours = 4 });
        h.Api.SetVideo("video1", "chat-1", concurrentViewers: "300", actualStartTime: Start);
        var chat = h.Api.Chat("chat-1");
        chat.AddPage();
        for (var i = 0; i < 50; i++)
            chat.AddPage(Text($"m{i}", "chat-1", Viewer, $"message {i}", Start.AddMinutes(i)));

        await h.RunForAsync(TimeSpan.FromHours(4));

        var gaps = h.PollTimes.Zip(h.PollTimes.Skip(1), (a, b) => b - a).ToList();
        output.WriteLine($"4 h stream: {h.PollTimes.Count} polls, {h.Budget.Used} units used, {h.Budget.Left} left, " +
                         $"median gap {gaps.Order().ElementAt(gaps.Count / 2).TotalSeconds:F1} s, longest {gaps.Max().TotalSeconds:F1} s, " +
                         $"{h.Events.Of<ViewerCountSample>().Count} viewer samples");
        Assert.True(h.Budget.Used <= 9_000, $"used {h.Budget.Used}");
        Assert.True(h.Budget.Left >= 1_000);
        Assert.Equal(50, h.Events.Of<ChatMessage>().Count);
        Assert.True(h.PollTimes.Count > 1_500, $"polls {h.PollTimes.Count}");
        Assert.All(gaps, g => Assert.True(g >= TimeSpan.FromSeconds(2)));
    }
}
