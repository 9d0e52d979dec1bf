using LiveBuddy.Core.Events;
using LiveBuddy.Core.Sources;
using static LiveBuddy.Testing.YouTube.YouTubeChatItems;
using static LiveBuddy.YouTube.Tests.YouTubeHarness;

namespace LiveBuddy.YouTube.Tests;

public sealed class ErrorHandlingTests
{
    private const string ChatId = "chat-1";
    private const string Messages = "liveChat/messages";

    private static async Task<YouTubeHarness> LiveAsync()
    {
        var h = await YouTubeHarness.StartAsync(o => o with { DailyQuota = 1_000_000 });
        h.Api.SetVideo("video1", ChatId, concurrentViewers: "10");
        h.Api.Chat(ChatId).AddPage().AddPage(Text("m1", ChatId, Viewer, "after the storm", Start));
        return h;
    }

    [Fact]
    public async Task Quota_exceeded_stops_all_polling_until_Pacific_midnight()
    {
        await using var h = await LiveAsync();
        await h.StepAsync(); // found the chat, read the backlog
        h.Clock.Advance(TimeSpan.FromSeconds(10));
        h.Api.FailNext(Messages, 403, "quotaExceeded", "The request cannot be completed because you have exceeded your quota.");

        var next = await h.StepAsync();
        var requestsAfterError = h.Api.Requests.Count;
        var midnightPacific = new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

        Assert.Equal(midnightPacific, next);
        var status = h.Board.Get("youtube")!;
        Assert.Equal(SourceState.Idle, status.State);
        Assert.Contains("quota", status.Detail, StringComparison.Ordinal);
        Assert.Contains("2026-11-27 08:00:00Z", status.Detail, StringComparison.Ordinal);

        h.Clock.SetUtcNow(midnightPacific.AddMinutes(-1));
        Assert.Equal(midnightPacific, await h.StepAsync());
        Assert.Equal(requestsAfterError, h.Api.Requests.Count);

        h.Clock.SetUtcNow(midnightPacific);
        await h.RunUntilAsync(() => h.Events.All.OfType<ChatMessage>().Any());
        Assert.Equal("after the storm", Assert.Single(h.Events.Of<ChatMessage>()).Text);
        Assert.Equal(SourceState.Connected, h.Board.Get("youtube")!.State);
    }

    [Theory]
    [InlineData(429, "rateLimitExceeded")]
    [InlineData(403, "rateLimitExceeded")]
    [InlineData(500, "backendError")]
    [InlineData(503, "backendError")]
    public async Task Rate_limits_and_server_errors_back_off_exponentially_then_recover(int status, string reason)
    {
        await using var h = await LiveAsync();
        await h.StepAsync();
        h.Clock.Advance(TimeSpan.FromSeconds(10));
        h.Api.FailNext(Messages, status, reason, "try later", times: 3);

        var waits = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            var now = h.Clock.GetUtcNow();
            var next = await h.StepAsync();
            waits.Add(next - now);
            Assert.Equal(SourceState.Reconnecting, h.Board.Get("youtube")!.State);
            h.Clock.SetUtcNow(next);
        }
        await h.RunUntilAsync(() => h.Events.All.OfType<ChatMessage>().Any());

        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20)], waits);
        Assert.Single(h.Events.Of<ChatMessage>());
        Assert.Equal(SourceState.Connected, h.Board.Get("youtube")!.State);
        Assert.Equal(3, h.Counters.Value("youtube.errors"));
    }

    [Theory]
    [InlineData(404, "liveChatNotFound")]
    [InlineData(403, "forbidden")]
    [InlineData(403, "liveChatDisabled")]
    public async Task Missing_or_forbidden_chats_are_surfaced_as_failed_with_the_reason(int status, string reason)
    {
        await using var h = await LiveAsync();
        await h.StepAsync();
        h.Clock.Advance(TimeSpan.FromSeconds(10));
        h.Api.FailNext(Messages, status, reason, "nope");

        await h.StepAsync();

        var board = h.Board.Get("youtube")!;
        Assert.Equal(SourceState.Failed, board.State);
        Assert.Contains(reason, board.Detail, StringComparison.Ordinal);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), board.Detail, StringComparison.Ordinal);
        Assert.Empty(h.Poller!.ActiveChats);
    }

    [Fact]
    public async Task A_bad_api_key_is_surfaced_as_failed()
    {
        await using var h = await YouTubeHarness.StartAsync(o => o with { ApiKey = "wrong-key" });
        h.Api.SetVideo("video1", ChatId);

        var next = await h.StepAsync();

        var board = h.Board.Get("youtube")!;
        Assert.Equal(SourceState.Failed, board.State);
        Assert.Contains("keyInvalid", board.Detail, StringComparison.Ordinal);
        Assert.Equal(Start + h.Options.DiscoveryInterval, next);
    }

    [Fact]
    public async Task Live_chat_ended_error_ends_the_youtube_part()
    {
        await using var h = await LiveAsync();
        await h.StepAsync();
        h.Clock.Advance(TimeSpan.FromSeconds(10));
        h.Api.FailNext(Messages, 403, "liveChatEnded", "The live chat is no longer live.");

        await h.StepAsync();
        await h.Events.SettleAsync();

        Assert.Equal(ChatId, Assert.Single(h.Events.Of<StreamOffline>()).Channel);
        Assert.Empty(h.Poller!.ActiveChats);
    }

    [Fact]
    public async Task When_the_read_budget_is_spent_reading_waits_for_the_reset_and_says_so()
    {
        await using var h = await LiveAsync();
        var next = await h.StepAsync();
        Assert.True(h.Budget.TryChargeRead(h.Budget.ReadLeft)); // the rest of today's read units, gone
        h.Clock.SetUtcNow(next);
        var polls = h.ChatListRequests;

        next = await h.StepAsync();

        var board = h.Board.Get("youtube")!;
        Assert.Equal(SourceState.Idle, board.State);
        Assert.Contains("read budget", board.Detail, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero), next);
        Assert.Equal(polls, h.ChatListRequests);
        Assert.Equal(1_000, h.Budget.Left); // the write reserve is untouched
    }
}
