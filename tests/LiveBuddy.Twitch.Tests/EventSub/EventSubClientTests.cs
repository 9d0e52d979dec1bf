using System.Runtime.CompilerServices;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Sources;
using LiveBuddy.Testing.Twitch;
using LiveBuddy.Twitch.EventSub;

namespace LiveBuddy.Twitch.Tests.EventSub;

public sealed class EventSubClientTests
{
    private static string Fixture(string name, [CallerFilePath] string here = "") =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(here)!, "Fixtures", name));

    private static async Task<(TwitchApiHarness Harness, FakeEventSubSession Session)> ConnectedAsync()
    {
        var harness = await TwitchApiHarness.StartAsync();
        harness.StartEventSub();
        var session = await harness.EventSub.WaitForSessionAsync(1, TwitchApiHarness.Patience);
        await harness.WaitUntilAsync(() => harness.Helix.SubscriptionRequests.Count == EventSubSubscriptions.PerChannel
            && harness.Board.Get(EventSubClient.StatusName)?.State == SourceState.Connected, "subscriptions");
        return (harness, session);
    }

    [Fact]
    public async Task Welcome_creates_every_subscription_on_that_session_as_the_signed_in_account()
    {
        var (harness, session) = await ConnectedAsync();
        await using var _ = harness;

        var requests = harness.Helix.SubscriptionRequests;
        var byType = requests.ToDictionary(r => r.Json!["type"]!.GetValue<string>(), r => r.Json!, StringComparer.Ordinal);

        Assert.All(requests, r =>
        {
            Assert.Equal("Bearer " + harness.AccessToken, r.Authorization);
            Assert.Equal("fake-client-id", r.ClientId);
            Assert.Equal("websocket", r.Json!["transport"]!["method"]!.GetValue<string>());
            Assert.Equal(session.Id, r.Json!["transport"]!["session_id"]!.GetValue<string>());
        });
        Assert.Equal("2", byType["channel.follow"]["version"]!.GetValue<string>());
        Assert.Equal("1337", byType["channel.follow"]["condition"]!["broadcaster_user_id"]!.GetValue<string>());
        Assert.Equal("900", byType["channel.follow"]["condition"]!["moderator_user_id"]!.GetValue<string>());
        Assert.Equal("1337", byType["channel.raid"]["condition"]!["to_broadcaster_user_id"]!.GetValue<string>());
        Assert.Equal("1337", byType["channel.cheer"]["condition"]!["broadcaster_user_id"]!.GetValue<string>());
        Assert.Equal("2", byType["channel.hype_train.begin"]["version"]!.GetValue<string>());
        foreach (var type in new[]
        {
            "channel.subscribe", "channel.subscription.gift", "channel.subscription.message",
            "channel.channel_points_custom_reward_redemption.add", "channel.channel_points_custom_reward_redemption.update",
            "channel.poll.begin", "channel.poll.progress", "channel.poll.end",
            "channel.prediction.begin", "channel.prediction.progress", "channel.prediction.end", "channel.hype_train.progress", "channel.hype_train.end",
            "stream.online", "stream.offline", "channel.shared_chat.begin", "channel.shared_chat.update", "channel.shared_chat.end",
        })
        {
            Assert.True(byType.ContainsKey(type), type);
        }
        Assert.Contains("subscribed 22/22", harness.Board.Get(EventSubClient.StatusName)!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notifications_reach_the_pipeline_as_alerts_and_stream_events()
    {
        var (harness, session) = await ConnectedAsync();
        await using var _ = harness;

        await session.SendNotificationAsync("channel.cheer", "1", EventSubFrames.Cheer("15", "cheery", 500, "cheer500 hype"));
        await session.SendAsync(Fixture("channel.chat.notification-resub.json"));
        await session.SendAsync(Fixture("stream.online.json"));
        await harness.WaitUntilAsync(() => harness.Events.All.Count == 3, "three events");

        var bits = harness.Events.Of<Alert>().Single(a => a.Kind == AlertKind.Bits);
        Assert.Equal(500m, bits.Amount);
        Assert.Equal("cheer500 hype", bits.Message);
        Assert.Equal(2, harness.Events.Of<Alert>().Single(a => a.Kind == AlertKind.Resubscription).Count);
        Assert.Single(harness.Events.Of<StreamOnline>());
    }

    [Fact]
    public async Task Stream_online_carries_the_title_and_category_from_get_channel_information()
    {
        var (harness, session) = await ConnectedAsync();
        await using var _ = harness;
        harness.Helix.SetChannelInfo("cool_user", "Speedrun night", "Celeste");

        await session.SendAsync(Fixture("stream.online.json"));
        await harness.WaitUntilAsync(() => harness.Events.Of<StreamOnline>().Count == 1, "stream online");

        var online = harness.Events.Of<StreamOnline>()[0];
        Assert.Equal(("Speedrun night", "Celeste"), (online.Title, online.Category));
        Assert.Equal("1337", Assert.Single(harness.Helix.Requests, r => r.Path == "/helix/channels")["broadcaster_id"]);
    }

    [Fact]
    public async Task Stream_online_still_goes_out_without_category_when_get_channel_information_fails()
    {
        var (harness, session) = await ConnectedAsync();
        await using var _ = harness;
        harness.Helix.SetChannelInfo("cool_user", "Speedrun night", "Celeste");
        harness.Helix.Enqueue("/helix/channels", new FakeHelixResponse(400, "Malformed query params."));

        await session.SendAsync(Fixture("stream.online.json"));
        await harness.WaitUntilAsync(() => harness.Events.Of<StreamOnline>().Count == 1, "stream online");

        var online = harness.Events.Of<StreamOnline>()[0];
        Assert.Equal(("cool_user", null, null), (online.Channel, online.Title, online.Category));
    }

    [Fact]
    public async Task A_redelivered_message_id_is_published_once()
    {
        var (harness, session) = await ConnectedAsync();
        await using var _ = harness;

        var id = await session.SendNotificationAsync("channel.follow", "2", EventSubFrames.Follow("11", "fan"));
        await session.SendNotificationAsync("channel.follow", "2", EventSubFrames.Follow("11", "fan"), messageId: id);
        await session.SendNotificationAsync("channel.raid", "1", EventSubFrames.Raid("16", "raider", 12));
        await harness.WaitUntilAsync(() => harness.Events.Of<Alert>().Any(a => a.Kind == AlertKind.Raid), "the raid after the duplicate");

        Assert.Single(harness.Events.Of<Alert>(), a => a.Kind == AlertKind.Follow);
        Assert.Equal(1, harness.Counters.Value("twitch.eventsub.duplicates"));
        Assert.Equal(0, harness.Counters.Value("pipeline.duplicates"));
    }

    [Fact]
    public async Task Session_reconnect_loses_nothing_duplicates_nothing_and_does_not_resubscribe()
    {
        var (harness, oldSession) = await ConnectedAsync();
        await using var _ = harness;
        harness.EventSub.AutoWelcome = false;

        await oldSession.SendReconnectAsync(harness.EventSub.ReconnectUrl());
        var newSession = await harness.EventSub.WaitForSessionAsync(2, TwitchApiHarness.Patience);
        // Until the new connection is welcomed, the old one still delivers.
        var beforeSwitch = await oldSession.SendNotificationAsync("channel.follow", "2", EventSubFrames.Follow("21", "early"));
        await harness.WaitUntilAsync(() => harness.Events.All.Count == 1, "the event sent on the old connection");
        await newSession.SendWelcomeAsync();
        await oldSession.Closed.WaitAsync(TwitchApiHarness.Patience);
        await newSession.SendNotificationAsync("channel.follow", "2", EventSubFrames.Follow("21", "early"), messageId: beforeSwitch);
        await newSession.SendNotificationAsync("channel.follow", "2", EventSubFrames.Follow("22", "late"));
        await harness.WaitUntilAsync(() => harness.Events.All.Count == 2, "the event sent on the new connection");

        Assert.Equal(["follow:21", "follow:22"], harness.Events.Of<Alert>().Select(a => a.DedupeKey!).ToArray());
        Assert.Equal(EventSubSubscriptions.PerChannel, harness.Helix.SubscriptionRequests.Count);
        Assert.Equal("?from=reconnect", newSession.Query);
        Assert.Equal(1, harness.Counters.Value("twitch.eventsub.duplicates"));
        Assert.Equal(SourceState.Connected, harness.Board.Get(EventSubClient.StatusName)!.State);
    }

    [Fact]
    public async Task Silence_longer_than_the_keepalive_window_reconnects_and_subscribes_again()
    {
        var (harness, first) = await ConnectedAsync();
        await using var _ = harness;

        await harness.WaitUntilAsync(() => harness.EventSub.Sessions.Count == 2
                && harness.Helix.SubscriptionRequests.Count == 2 * EventSubSubscriptions.PerChannel,
            "a second session with fresh subscriptions", advance: TimeSpan.FromSeconds(1));

        var second = harness.EventSub.Sessions[1];
        Assert.All(harness.Helix.SubscriptionRequests.Skip(EventSubSubscriptions.PerChannel),
            r => Assert.Equal(second.Id, r.Json!["transport"]!["session_id"]!.GetValue<string>()));
        await first.Closed.WaitAsync(TwitchApiHarness.Patience);
        Assert.True(harness.Counters.Value("twitch.eventsub.reconnects") >= 1);
    }

    [Fact]
    public async Task A_connection_twitch_closes_is_replaced_after_a_short_backoff_with_fresh_subscriptions()
    {
        var (harness, first) = await ConnectedAsync();
        await using var _ = harness;

        // A welcomed session that is lost reconnects at once (Polly backs off only from failed connects), so the
        // short-lived "reconnecting" state is not waited for: polling could miss it.
        await first.CloseAsync();
        await harness.WaitUntilAsync(() => harness.Helix.SubscriptionRequests.Count == 2 * EventSubSubscriptions.PerChannel,
            "fresh subscriptions on a new connection", advance: TimeSpan.FromMilliseconds(250));
        var second = harness.EventSub.Sessions[1];
        await second.SendNotificationAsync("stream.offline", "1", EventSubFrames.StreamOffline());
        await harness.WaitUntilAsync(() => harness.Events.Of<StreamOffline>().Count == 1, "an event on the new connection");

        Assert.Equal(2, harness.EventSub.Sessions.Count);
        Assert.Equal(1, harness.Counters.Value("twitch.eventsub.reconnects"));
    }

    [Fact]
    public async Task Keepalives_keep_a_quiet_connection_alive()
    {
        var (harness, session) = await ConnectedAsync();
        await using var _ = harness;

        for (var i = 0; i < 6; i++)
        {
            harness.FakeTime!.Advance(TimeSpan.FromSeconds(9));
            var before = harness.Counters.Value("twitch.eventsub.notifications");
            await session.SendKeepaliveAsync();
            // A notification after each keepalive proves the client read past it on the same connection.
            await session.SendNotificationAsync("channel.chat.message", "1", new System.Text.Json.Nodes.JsonObject());
            await harness.WaitUntilAsync(() => harness.Counters.Value("twitch.eventsub.notifications") > before, "the marker notification");
        }

        Assert.Single(harness.EventSub.Sessions);
        Assert.Equal(0, harness.Counters.Value("twitch.eventsub.reconnects"));
    }

    [Fact]
    public async Task Revocation_is_counted_and_shown_on_the_status_board()
    {
        var (harness, session) = await ConnectedAsync();
        await using var _ = harness;

        await session.SendRevocationAsync("channel.cheer", "1", "authorization_revoked");
        // The board moves on from "revoked … recovering" to the recovery's outcome, so the wait is on the board itself.
        await harness.WaitUntilAsync(() => harness.Counters.Value("twitch.eventsub.revocations") == 1
            && harness.Board.Get(EventSubClient.StatusName)?.Detail?.Contains("channel.cheer", StringComparison.Ordinal) == true,
            "the revocation, counted and on the status board");

        var status = harness.Board.Get(EventSubClient.StatusName)!;
        Assert.Contains("authorization_revoked", status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_subscription_is_reported_with_twitchs_message_and_the_rest_still_work()
    {
        var harness = await TwitchApiHarness.StartAsync();
        await using var _ = harness;
        harness.Helix.Enqueue("/helix/eventsub/subscriptions", new FakeHelixResponse(403, "subscription missing proper authorization"));
        harness.StartEventSub();

        await harness.WaitUntilAsync(() => harness.Board.Get(EventSubClient.StatusName)?.Detail?.StartsWith("subscribed", StringComparison.Ordinal) == true, "subscription summary");

        var status = harness.Board.Get(EventSubClient.StatusName)!;
        Assert.Equal(SourceState.Connected, status.State);
        Assert.Contains("subscribed 21/22", status.Detail, StringComparison.Ordinal);
        Assert.Contains("subscription missing proper authorization", status.Detail, StringComparison.Ordinal);
        Assert.Equal(1, harness.Counters.Value("twitch.eventsub.subscription_failures"));
    }

    [Fact]
    public async Task Malformed_and_unknown_frames_are_counted_and_the_connection_stays_up()
    {
        var (harness, session) = await ConnectedAsync();
        await using var _ = harness;

        await session.SendAsync("{not json");
        await session.SendAsync("""{"metadata":{"message_id":"x1","message_type":"something_new"},"payload":{}}""");
        await session.SendNotificationAsync("channel.brand_new_type", "1", new System.Text.Json.Nodes.JsonObject { ["a"] = 1 });
        await session.SendNotificationAsync("channel.raid", "1", EventSubFrames.Raid("16", "raider", 3));
        await harness.WaitUntilAsync(() => harness.Events.All.Count == 1, "the raid after the bad frames");

        Assert.Equal(1, harness.Counters.Value("twitch.eventsub.malformed"));
        Assert.Equal(1, harness.Counters.Value("twitch.eventsub.unknown_message_type"));
        Assert.Equal(1, harness.Counters.Value("twitch.eventsub.unknown_type"));
        Assert.Single(harness.EventSub.Sessions);
    }

    [Fact]
    public async Task Without_a_client_id_the_source_is_disabled()
    {
        var harness = await TwitchApiHarness.StartAsync(clientId: null);
        await using var _ = harness;

        await harness.Hosted<EventSubClient>().StartAsync(CancellationToken.None);
        await harness.WaitUntilAsync(() => harness.Board.Get(EventSubClient.StatusName) is not null, "a status");
        await harness.Hosted<EventSubClient>().StopAsync(CancellationToken.None);

        Assert.Equal(SourceState.Disabled, harness.Board.Get(EventSubClient.StatusName)!.State);
        Assert.Empty(harness.EventSub.Sessions);
    }
}
