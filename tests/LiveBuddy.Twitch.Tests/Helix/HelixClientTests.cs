using System.Net;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sources;
using LiveBuddy.Testing.Twitch;
using LiveBuddy.Twitch.EventSub;
using LiveBuddy.Twitch.Helix;

namespace LiveBuddy.Twitch.Tests.Helix;

public sealed class HelixClientTests
{
    private static readonly Author RudeViewer = new() { Id = "4242", Name = "rude_viewer", DisplayName = "Rude_Viewer" };

    private static ModerationRequest Request(ModerationKind kind, TimeSpan? duration = null, string? messageId = null, Author? target = null) => new()
    {
        Platform = Platform.Twitch,
        Channel = "cool_user",
        Kind = kind,
        Target = target ?? RudeViewer,
        Duration = duration,
        MessageId = messageId,
        Reason = "spam links",
        RequestedBy = "filter:links",
    };

    private static IModerationExecutor Executor(TwitchApiHarness harness) =>
        harness.Get<IEnumerable<IModerationExecutor>>().Single(e => e.Platform == Platform.Twitch);

    [Fact]
    public async Task Timeout_posts_a_ban_with_its_duration_as_the_signed_in_moderator()
    {
        await using var harness = await TwitchApiHarness.StartAsync();

        await Executor(harness).ExecuteAsync(Request(ModerationKind.Timeout, TimeSpan.FromMinutes(5)), CancellationToken.None);

        var ban = harness.Helix.Requests.Single(r => r.Path == "/helix/moderation/bans");
        Assert.Equal("POST", ban.Method);
        Assert.Equal("1337", ban["broadcaster_id"]);
        Assert.Equal("900", ban["moderator_id"]);
        Assert.Equal("4242", ban.Json!["data"]!["user_id"]!.GetValue<string>());
        Assert.Equal(300, ban.Json!["data"]!["duration"]!.GetValue<int>());
        Assert.Equal("spam links", ban.Json!["data"]!["reason"]!.GetValue<string>());
        Assert.Equal("Bearer " + harness.AccessToken, ban.Authorization);
        Assert.Equal("fake-client-id", ban.ClientId);
    }

    [Fact]
    public async Task Ban_has_no_duration_and_unban_and_delete_use_their_own_endpoints()
    {
        await using var harness = await TwitchApiHarness.StartAsync();
        var executor = Executor(harness);

        await executor.ExecuteAsync(Request(ModerationKind.Ban), CancellationToken.None);
        await executor.ExecuteAsync(Request(ModerationKind.Unban, target: RudeViewer with { Id = "" }), CancellationToken.None);
        await executor.ExecuteAsync(Request(ModerationKind.Delete, messageId: "abc-123"), CancellationToken.None);

        var ban = harness.Helix.Requests.Single(r => r.Method == "POST" && r.Path == "/helix/moderation/bans");
        var unban = harness.Helix.Requests.Single(r => r.Method == "DELETE" && r.Path == "/helix/moderation/bans");
        var delete = harness.Helix.Requests.Single(r => r.Path == "/helix/moderation/chat");
        Assert.Null(ban.Json!["data"]!["duration"]);
        Assert.Equal(("1337", "900", "4242"), (unban["broadcaster_id"], unban["moderator_id"], unban["user_id"]));
        Assert.Equal("DELETE", delete.Method);
        Assert.Equal(("1337", "900", "abc-123"), (delete["broadcaster_id"], delete["moderator_id"], delete["message_id"]));
    }

    [Fact]
    public async Task A_helix_error_surfaces_twitchs_own_message()
    {
        await using var harness = await TwitchApiHarness.StartAsync();
        harness.Helix.Enqueue("/helix/moderation/bans", new FakeHelixResponse(400, "The user specified in the user_id field is already banned."));

        var error = await Assert.ThrowsAsync<HelixException>(() => Executor(harness).ExecuteAsync(Request(ModerationKind.Ban), CancellationToken.None).AsTask());

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal("The user specified in the user_id field is already banned.", error.Message);
    }

    [Fact]
    public async Task An_empty_rate_limit_bucket_waits_for_its_reset_before_the_next_call()
    {
        await using var harness = await TwitchApiHarness.StartAsync();
        var helix = harness.Get<HelixClient>();
        var reset = harness.Time.GetUtcNow().AddSeconds(30);
        harness.Helix.Enqueue("/helix/chat/announcements", new FakeHelixResponse(204, RateLimitRemaining: 0, RateLimitReset: reset));
        await helix.SendAnnouncementAsync("1337", "first", "purple", CancellationToken.None);

        var second = helix.SendAnnouncementAsync("1337", "second", null, CancellationToken.None);
        await harness.WaitUntilAsync(() => harness.Counters.Value("twitch.helix.rate_limit_waits") == 1, "the client to start waiting");
        Assert.False(second.IsCompleted);
        Assert.Single(harness.Helix.Requests, r => r.Path == "/helix/chat/announcements");

        await harness.WaitUntilAsync(() => second.IsCompleted, "the second call", advance: TimeSpan.FromSeconds(1));
        await second;
        var sent = harness.Helix.Requests.Where(r => r.Path == "/helix/chat/announcements").ToList();
        Assert.Equal(2, sent.Count);
        Assert.Equal("second", sent[1].Json!["message"]!.GetValue<string>());
        Assert.True(harness.Time.GetUtcNow() >= reset);
    }

    [Fact]
    public async Task Too_many_requests_is_retried_after_the_reset()
    {
        await using var harness = await TwitchApiHarness.StartAsync();
        var helix = harness.Get<HelixClient>();
        harness.Helix.SetLive("cool_user", "stream-1", 12); // Twitch sends a shoutout only from a live channel
        harness.Helix.Enqueue("/helix/chat/shoutouts", new FakeHelixResponse(429, "Too Many Requests", 0, harness.Time.GetUtcNow().AddSeconds(5)));

        var call = helix.SendShoutoutAsync("1337", "4242", CancellationToken.None);
        await harness.WaitUntilAsync(() => call.IsCompleted, "the retried shoutout", advance: TimeSpan.FromSeconds(1));
        await call;

        var shoutouts = harness.Helix.Requests.Where(r => r.Path == "/helix/chat/shoutouts").ToList();
        Assert.Equal(2, shoutouts.Count);
        Assert.Equal(("1337", "4242", "900"), (shoutouts[1]["from_broadcaster_id"], shoutouts[1]["to_broadcaster_id"], shoutouts[1]["moderator_id"]));
    }

    [Fact]
    public async Task A_rejected_token_is_refreshed_once_and_the_call_retried_with_the_new_one()
    {
        await using var harness = await TwitchApiHarness.StartAsync();
        var helix = harness.Get<HelixClient>();
        await helix.GetUserAsync("cool_user", CancellationToken.None);
        harness.Helix.ValidTokens.TryRemove(harness.AccessToken, out _);
        harness.Auth.ValidAccessTokens.TryRemove(harness.AccessToken, out _);

        await helix.DeleteChatMessageAsync("1337", "m-1", CancellationToken.None);

        var deletes = harness.Helix.Requests.Where(r => r.Path == "/helix/moderation/chat").ToList();
        Assert.Equal(2, deletes.Count);
        Assert.Equal("Bearer " + harness.AccessToken, deletes[0].Authorization);
        Assert.NotEqual(deletes[0].Authorization, deletes[1].Authorization);
        Assert.Single(harness.Auth.Requests, r => r["grant_type"] == "refresh_token");
    }

    [Fact]
    public async Task Polls_and_predictions_are_created_and_ended_with_the_documented_bodies()
    {
        await using var harness = await TwitchApiHarness.StartAsync();
        var helix = harness.Get<HelixClient>();

        var poll = await helix.CreatePollAsync("1337", "Best snack?", ["Chips", "Fruit"], TimeSpan.FromMinutes(2), CancellationToken.None);
        await helix.EndPollAsync("1337", poll.Id, archive: false, CancellationToken.None);
        var prediction = await helix.CreatePredictionAsync("1337", "Win?", ["Yes", "No"], TimeSpan.FromSeconds(10), CancellationToken.None);
        await helix.EndPredictionAsync("1337", prediction.Id, "RESOLVED", "o-1", CancellationToken.None);

        var created = harness.Helix.Requests.Single(r => r.Method == "POST" && r.Path == "/helix/polls").Json!;
        var ended = harness.Helix.Requests.Single(r => r.Method == "PATCH" && r.Path == "/helix/polls").Json!;
        var predicted = harness.Helix.Requests.Single(r => r.Method == "POST" && r.Path == "/helix/predictions").Json!;
        var resolved = harness.Helix.Requests.Single(r => r.Method == "PATCH" && r.Path == "/helix/predictions").Json!;
        Assert.Equal(120, created["duration"]!.GetValue<int>());
        Assert.Equal("Fruit", created["choices"]![1]!["title"]!.GetValue<string>());
        Assert.Equal((poll.Id, "TERMINATED"), (ended["id"]!.GetValue<string>(), ended["status"]!.GetValue<string>()));
        Assert.Equal(30, predicted["prediction_window"]!.GetValue<int>());
        Assert.Equal("o-1", resolved["winning_outcome_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Stream_poller_publishes_viewers_and_online_only_while_eventsub_is_down()
    {
        await using var harness = await TwitchApiHarness.StartAsync();
        var poller = harness.Hosted<TwitchStreamPoller>();
        harness.Helix.SetLive("cool_user", "stream-1", 321, "Chill stream");
        harness.Helix.SetChannelInfo("cool_user", "Chill stream", "Just Chatting");

        await poller.PollOnceAsync(CancellationToken.None);
        harness.FakeTime!.Advance(TwitchStreamPoller.Interval);
        harness.Helix.SetOffline("cool_user");
        await poller.PollOnceAsync(CancellationToken.None);
        harness.FakeTime.Advance(TwitchStreamPoller.Interval);
        harness.Board.Report(EventSubClient.StatusName, SourceState.Connected);
        harness.Helix.SetLive("cool_user", "stream-2", 50);
        await poller.PollOnceAsync(CancellationToken.None);
        await harness.WaitUntilAsync(() => harness.Events.Of<ViewerCountSample>().Count == 2, "two viewer samples");

        var online = Assert.Single(harness.Events.Of<StreamOnline>());
        Assert.Equal(("helix-online:stream-1", "Chill stream", "cool_user"), (online.Id, online.Title, online.Channel));
        Assert.Equal("Just Chatting", online.Category);
        Assert.Single(harness.Events.Of<StreamOffline>());
        Assert.Equal([321, 50], harness.Events.Of<ViewerCountSample>().Select(v => v.Viewers).ToArray());
    }
}
