using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sources;
using LiveBuddy.Testing.Twitch;
using LiveBuddy.Twitch.Auth;
using LiveBuddy.Twitch.EventSub;

namespace LiveBuddy.Twitch.Tests.EventSub;

/// <summary>
/// Timeouts over EventSub chat keep their length: <c>channel.moderate</c> v2 (the captured Chatterino frames, and frames
/// built from the EventSub reference's field list where no capture exists) becomes IRC's CLEARCHAT event, and with it
/// subscribed a channel's <c>clear_user_messages</c> folds into it.
/// </summary>
public sealed class EventSubModerationTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The captured timeout frame; <paramref name="sentAt"/> replaces its placeholder message_timestamp.</summary>
    private static JsonObject TimeoutFrame(string? sentAt = null)
    {
        var frame = JsonNode.Parse(File.ReadAllText(EventSubFixtures.PathOf("channel.moderate-timeout.json")))!.AsObject();
        if (sentAt is not null) frame["metadata"]!["message_timestamp"] = sentAt;
        return frame;
    }

    private static StreamEvent? Map(JsonObject frame)
    {
        var metadata = frame["metadata"]!;
        using var body = JsonDocument.Parse(frame["payload"]!["event"]!.ToJsonString());
        return new EventSubMapper(new Counters()).Map(metadata["message_id"]!.GetValue<string>(), metadata["subscription_type"]!.GetValue<string>(),
            DateTimeOffset.Parse(metadata["message_timestamp"]!.GetValue<string>(), CultureInfo.InvariantCulture), Received, body.RootElement);
    }

    /// <summary>The timeout frame turned into another action, the way the reference lays v2 out: its object set, the timeout's null.</summary>
    private static JsonObject Action(string action, JsonObject? target, bool partner = false)
    {
        var frame = TimeoutFrame("2024-11-27T20:01:50.358149527Z");
        var e = frame["payload"]!["event"]!.AsObject();
        e["action"] = action;
        e["timeout"] = null;
        e[action] = target;
        if (partner)
        {
            e["source_broadcaster_user_id"] = "112233";
            e["source_broadcaster_user_login"] = "streamer33";
            e["source_broadcaster_user_name"] = "Streamer33";
        }
        return frame;
    }

    private static JsonObject User(string id, string login, string? reason = null, string? expiresAt = null)
    {
        var user = new JsonObject { ["user_id"] = id, ["user_login"] = login, ["user_name"] = login.ToUpperInvariant() };
        if (reason is not null) user["reason"] = reason;
        if (expiresAt is not null) user["expires_at"] = expiresAt;
        return user;
    }

    [Fact]
    public void The_captured_timeout_is_irc_clearchat_with_its_length_id_target_reason_and_moderator()
    {
        // Captured: expires 20:01:55.358, i.e. "/timeout twitchdev 5" at 20:01:50.358 (the capture's message_timestamp is a placeholder).
        var timeout = Assert.IsType<UserCleared>(Map(TimeoutFrame("2024-11-27T20:01:50.358149527Z")));

        Assert.Equal(TimeSpan.FromSeconds(5), timeout.Duration);
        Assert.False(timeout.IsBan);
        Assert.Equal("clearchat:129546453:1732737710358:141981764", timeout.Id); // IRC's CLEARCHAT id: room, tmi-sent-ts, target
        Assert.Equal(("141981764", "twitchdev", "twitchdev"), (timeout.Target.Id, timeout.Target.Name, timeout.Target.DisplayName));
        Assert.Equal(("nerixyz", "test Kappa", "nerixyz"), (timeout.Channel, timeout.Reason, timeout.Moderator));

        // As captured, with its placeholder time half a year earlier: still a timeout, never a ban.
        Assert.False(Assert.IsType<UserCleared>(Map(TimeoutFrame())).IsBan);
    }

    [Fact]
    public void Bans_and_shared_chat_variants_clear_the_user_and_unbans_are_notices()
    {
        var ban = Assert.IsType<UserCleared>(Map(Action("ban", User("4242", "Rude_Viewer", reason: "spam"))));
        Assert.True(ban.IsBan);
        Assert.Equal(("4242", "rude_viewer", "spam"), (ban.Target.Id, ban.Target.Name, ban.Reason));
        Assert.StartsWith("clearchat:129546453:", ban.Id, StringComparison.Ordinal);

        var partnerTimeout = Assert.IsType<UserCleared>(Map(Action("shared_chat_timeout",
            User("4242", "rude_viewer", reason: "", expiresAt: "2024-11-27T20:11:50.358149527Z"), partner: true)));
        Assert.Equal(TimeSpan.FromMinutes(10), partnerTimeout.Duration);
        Assert.True(Assert.IsType<UserCleared>(Map(Action("shared_chat_ban", User("4242", "rude_viewer", reason: ""), partner: true))).IsBan);

        Assert.Equal("moderate.untimeout", Assert.IsType<ChannelNotice>(Map(Action("untimeout", User("4242", "rude_viewer")))).Kind);
        var unban = Assert.IsType<ChannelNotice>(Map(Action("shared_chat_unban", User("4242", "rude_viewer"), partner: true)));
        Assert.Equal("nerixyz shared_chat_unban rude_viewer", unban.Text);

        var deleted = Assert.IsType<MessageDeleted>(Map(Action("delete", new JsonObject
        {
            ["user_id"] = "4242", ["user_login"] = "rude_viewer", ["user_name"] = "Rude_Viewer", ["message_id"] = "m-1", ["message_body"] = "buy followers",
        })));
        Assert.Equal("clearmsg:m-1", deleted.Id); // folds with channel.chat.message_delete and IRC's CLEARMSG
    }

    private static readonly string[] ChatScopes = ["user:read:chat", "user:write:chat"];

    private static JsonObject ClearUserMessages() => EventSubFrames.ClearUserMessages("4242", "rude_viewer");

    private static async Task<(TwitchApiHarness Harness, FakeEventSubSession Session)> StartAsync(IEnumerable<string> scopes, bool moderator)
    {
        var harness = await TwitchApiHarness.StartAsync(TimeProvider.System, chat: true, scopes: scopes);
        if (moderator) harness.Helix.AddModerator("1337", "900");
        harness.StartEventSub();
        var session = await harness.EventSub.WaitForSessionAsync(1, TwitchApiHarness.Patience);
        await harness.WaitUntilAsync(() => harness.Board.Get(EventSubModeration.StatusName) is not null, "the timeouts status");
        return (harness, session);
    }

    [Fact]
    public async Task With_the_moderator_scopes_a_timeout_is_reported_once_with_its_length()
    {
        var (harness, session) = await StartAsync(TwitchScopes.Requested, moderator: true);
        await using var _ = harness;
        var moderate = Assert.Single(harness.Helix.SubscriptionRequests, r => r.Json!["type"]!.GetValue<string>() == "channel.moderate");
        Assert.Equal("2", moderate.Json!["version"]!.GetValue<string>());
        Assert.Equal(("1337", "900"), (moderate.Json["condition"]!["broadcaster_user_id"]!.GetValue<string>(), moderate.Json["condition"]!["moderator_user_id"]!.GetValue<string>()));
        Assert.Equal(SourceState.Connected, harness.Board.Get(EventSubModeration.StatusName)!.State);

        // Twitch sends both for one "/timeout rude_viewer 600": the clear (no length) and the moderation action.
        await session.SendNotificationAsync("channel.chat.clear_user_messages", "1", ClearUserMessages());
        await session.SendNotificationAsync("channel.moderate", "2", EventSubFrames.ModerateTimeout("4242", "rude_viewer", DateTimeOffset.UtcNow.AddSeconds(600), "calm down"));
        await harness.WaitUntilAsync(() => harness.Events.Of<UserCleared>().Count == 1 && harness.Counters.Value("twitch.eventsub.folded_clears") == 1, "the timeout");
        await session.SendNotificationAsync("channel.chat.message", "1", EventSubChatTests.FixtureChatEvent());
        await harness.WaitUntilAsync(() => harness.Events.Of<ChatMessage>().Count == 1, "a later line");

        var timeout = Assert.Single(harness.Events.Of<UserCleared>());
        Assert.Equal(TimeSpan.FromSeconds(600), timeout.Duration);
        Assert.Equal(("rude_viewer", "calm down", "cool_user"), (timeout.Target.Name, timeout.Reason, timeout.Moderator));
    }

    [Fact]
    public async Task Without_the_scopes_or_the_moderator_role_a_clear_still_reads_as_a_ban_and_the_status_says_why()
    {
        var (harness, session) = await StartAsync(ChatScopes, moderator: true);
        await using (harness)
        {
            Assert.DoesNotContain(harness.Helix.SubscriptionRequests, r => r.Json!["type"]!.GetValue<string>() == "channel.moderate");
            var status = harness.Board.Get(EventSubModeration.StatusName)!;
            Assert.Equal(SourceState.Disabled, status.State);
            Assert.Contains("lacks moderator:read:blocked_terms or moderator:manage:blocked_terms", status.Detail, StringComparison.Ordinal);

            await session.SendNotificationAsync("channel.chat.clear_user_messages", "1", ClearUserMessages());
            await harness.WaitUntilAsync(() => harness.Events.Of<UserCleared>().Count == 1, "the clear");
            Assert.True(harness.Events.Of<UserCleared>()[0].IsBan);
        }

        // Signed in with the scopes, but the bot is not one of the channel's moderators: Twitch refuses channel.moderate.
        (harness, session) = await StartAsync(TwitchScopes.Requested, moderator: false);
        await using (harness)
        {
            var status = harness.Board.Get(EventSubModeration.StatusName)!;
            Assert.Equal(SourceState.Disabled, status.State);
            Assert.Contains("#cool_user (Twitch refused channel.moderate: subscription missing proper authorization)", status.Detail, StringComparison.Ordinal);

            await session.SendNotificationAsync("channel.chat.clear_user_messages", "1", ClearUserMessages());
            await harness.WaitUntilAsync(() => harness.Events.Of<UserCleared>().Count == 1, "the clear");
            Assert.Equal(0, harness.Counters.Value("twitch.eventsub.folded_clears"));
        }
    }
}
