using LiveBuddy.Core.Polls;
using LiveBuddy.Core.Sources;
using static LiveBuddy.Testing.YouTube.YouTubeChatItems;
using static LiveBuddy.YouTube.Tests.YouTubeHarness;

namespace LiveBuddy.YouTube.Tests;

public sealed class PollMirrorTests
{
    private const string ChatId = "chat-1";

    private static async Task<(YouTubeHarness H, PollEngine Polls)> SignedInStreamingAsync()
    {
        var polls = new PollEngine(new PollsOptions());
        var h = await YouTubeHarness.StartAsync(o => o with { Reader = "stream" }, signIn: true, features: [polls]);
        h.Api.SetActiveBroadcast("b1", ChatId);
        h.Api.SetVideo("b1", ChatId, actualStartTime: Start);
        h.Api.Chat(ChatId).AddPage();
        await h.RunStreamingUntilAsync(() => h.Api.Streams.Requests.Count >= 1);
        return (h, polls);
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException();
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task A_poll_is_mirrored_on_YouTube_merged_without_counting_a_viewer_twice_and_closed_at_our_deadline()
    {
        var (h, polls) = await SignedInStreamingAsync();
        await using var _ = h;
        var chat = h.Api.Chat(ChatId);

        var opened = (PollPayload)(await h.Ingress.RequestAsync(new OpenPoll("Which boss next?", ["Dragon", "Golem"], TimeSpan.FromMinutes(2))))!;
        await WaitAsync(() => chat.ActivePoll is not null);
        // Two viewers vote in chat; one of them (and two others) also vote in YouTube's poll.
        chat.AddPage(Text("v1", ChatId, Viewer, "1", Start), Text("v2", ChatId, Mod, "2", Start));
        await h.RunStreamingUntilAsync(() => polls.Current!.TotalVotes == 2, moveClockWhileStreaming: false);
        chat.SetPollTallies(3, 1);
        await h.RunStreamingUntilAsync(() => polls.Current!.Options[0].Votes == 3, moveClockWhileStreaming: false);
        Assert.Equal(1, polls.Current!.Options[1].Votes); // max(1 chat vote, 1 native), not 2
        Assert.Equal(4, polls.Current.VotesByPlatform["youtube"]);

        chat.SetPollTallies(4, 1);
        await h.Ingress.RequestAsync(new PollDeadlineReached(opened.Id));
        // The fake records the transition before its answer reaches the mirror: wait for the mirror to have it (it says
        // so on the board last), then for the pipeline to take its final tallies.
        await WaitAsync(() => h.Board.Get("youtube-poll")?.State == SourceState.Idle);
        await h.Events.TrySettleAsync(TimeSpan.FromSeconds(2));
        await h.RunStreamingUntilAsync(() => polls.Current!.Options[0].Votes == 4, moveClockWhileStreaming: false);

        var inserted = h.Api.InsertedMessages.Single()["snippet"]!;
        Assert.Equal("pollEvent", inserted["type"]!.GetValue<string>());
        Assert.Equal("Which boss next?", inserted["pollDetails"]!["metadata"]!["questionText"]!.GetValue<string>());
        Assert.Equal("closed", polls.Current!.Status);
        Assert.Equal([4, 1], polls.Current.Options.Select(o => o.Votes));
        Assert.Null(chat.ActivePoll);
        // The fake records the end request before the mirror has its answer and marks itself idle.
        await WaitAsync(() => h.Board.Get("youtube-poll")!.State == SourceState.Idle);
        Assert.Equal(1, h.Counters.Value("youtube.poll_mirror.opened"));
        Assert.Equal(1, h.Counters.Value("youtube.poll_mirror.closed"));
    }

    [Fact]
    public async Task A_poll_with_five_options_runs_in_chat_alone_and_the_control_page_says_why()
    {
        var (h, polls) = await SignedInStreamingAsync();
        await using var _ = h;

        await h.Ingress.RequestAsync(new OpenPoll("Snack?", ["chips", "popcorn", "fruit", "nuts", "cake"], TimeSpan.FromMinutes(2)));
        await WaitAsync(() => h.Board.Get("youtube-poll") is not null);
        h.Api.Chat(ChatId).AddPage(Text("v1", ChatId, Viewer, "5", Start));
        await h.RunStreamingUntilAsync(() => polls.Current!.TotalVotes == 1, moveClockWhileStreaming: false);

        Assert.Empty(h.Api.InsertedMessages);
        var status = h.Board.Get("youtube-poll")!;
        Assert.Contains("2–4 options; this one has 5", status.Detail, StringComparison.Ordinal);
        Assert.Equal("open", polls.Current!.Status);
        Assert.Equal(1, polls.Current.Options[4].Votes);
    }

    [Fact]
    public async Task Read_with_an_API_key_a_poll_is_not_mirrored_because_only_the_owner_may()
    {
        var polls = new PollEngine(new PollsOptions());
        await using var h = await YouTubeHarness.StartAsync(o => o with { Reader = "stream" }, features: [polls]);
        h.Api.SetVideo("video1", ChatId, actualStartTime: Start);
        h.Api.Chat(ChatId).AddPage();
        await h.RunStreamingUntilAsync(() => h.Api.Streams.Requests.Count >= 1);

        await h.Ingress.RequestAsync(new OpenPoll("Snack?", ["chips", "popcorn"], TimeSpan.FromMinutes(2)));
        await WaitAsync(() => h.Board.Get("youtube-poll") is not null);

        Assert.Empty(h.Api.InsertedMessages);
        Assert.Contains("not signed in as the owner", h.Board.Get("youtube-poll")!.Detail, StringComparison.Ordinal);
    }
}
