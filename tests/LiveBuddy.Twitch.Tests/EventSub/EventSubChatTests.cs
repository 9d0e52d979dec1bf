using System.Text.Json.Nodes;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sources;
using LiveBuddy.Testing.Twitch;
using LiveBuddy.Twitch.Chat;
using LiveBuddy.Twitch.EventSub;
using Xunit.Abstractions;

namespace LiveBuddy.Twitch.Tests.EventSub;

/// <summary>Chat over EventSub against the fake EventSub socket, subscription API and Helix chat endpoint.</summary>
public sealed class EventSubChatTests(ITestOutputHelper output)
{
    private static readonly string[] ChatScopes = ["user:read:chat", "user:write:chat"];

    private static async Task<(TwitchApiHarness Harness, FakeEventSubSession Session)> ChatOverEventSubAsync(IDictionary<string, string?>? extra = null)
    {
        var harness = await TwitchApiHarness.StartAsync(TimeProvider.System, chat: true, scopes: ChatScopes, extra: extra);
        harness.StartEventSub();
        var session = await harness.EventSub.WaitForSessionAsync(1, TwitchApiHarness.Patience);
        await harness.WaitUntilAsync(() => harness.Board.Get(EventSubClient.StatusName)?.State == SourceState.Connected
            && harness.Helix.SubscriptionRequests.Count >= EventSubSubscriptions.PerChannel + 5, "subscriptions");
        return (harness, session);
    }

    /// <summary>The captured channel.chat.message frame's event, moved into the harness's channel (cool_user, id 1337).</summary>
    internal static JsonObject FixtureChatEvent()
    {
        var frame = JsonNode.Parse(File.ReadAllText(EventSubFixtures.PathOf("channel.chat.message.json")))!;
        var e = frame["payload"]!["event"]!.AsObject();
        e["broadcaster_user_id"] = "1337";
        e["broadcaster_user_login"] = "cool_user";
        e["broadcaster_user_name"] = "Cool_User";
        return (JsonObject)e.DeepClone();
    }

    [Fact]
    public async Task Signed_in_with_the_chat_scopes_chat_is_subscribed_as_the_bot_and_read_over_eventsub()
    {
        var (harness, session) = await ChatOverEventSubAsync();
        await using var _ = harness;

        var chatTypes = harness.Helix.SubscriptionRequests.Where(r => r.Json!["type"]!.GetValue<string>().StartsWith("channel.chat.", StringComparison.Ordinal)).ToList();
        Assert.Equal(["channel.chat.clear", "channel.chat.clear_user_messages", "channel.chat.message", "channel.chat.message_delete", "channel.chat.notification"],
            chatTypes.Select(r => r.Json!["type"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.All(chatTypes, r =>
        {
            Assert.Equal("1337", r.Json!["condition"]!["broadcaster_user_id"]!.GetValue<string>());
            Assert.Equal("900", r.Json!["condition"]!["user_id"]!.GetValue<string>());
        });

        var own = FixtureChatEvent();
        own.Remove("source_broadcaster_user_id");
        own["message_id"] = "own-1";
        await session.SendNotificationAsync("channel.chat.message", "1", own);
        await harness.WaitUntilAsync(() => harness.Events.Of<ChatMessage>().Any(m => m.Id == "own-1"), "the chat line");

        var line = harness.Events.Of<ChatMessage>().Single();
        Assert.Equal(("cool_user", "viewer32", "Hi chat"), (line.Channel, line.Author.Name, line.Text));
        Assert.Equal(ViewerRoles.Moderator | ViewerRoles.Subscriber, line.Author.Roles);
        Assert.True(line.TakesPart);
    }

    [Fact]
    public async Task Replies_go_through_helix_send_chat_message_and_a_reply_to_a_partner_line_stays_in_our_room()
    {
        var (harness, session) = await ChatOverEventSubAsync();
        await using var _ = harness;
        await session.SendNotificationAsync("channel.chat.message", "1", FixtureChatEvent()); // a Shared Chat partner's viewer
        await harness.WaitUntilAsync(() => harness.Events.Of<ChatMessage>().Count == 1, "the partner line");
        var partnerLine = harness.Events.Of<ChatMessage>().Single();
        Assert.Equal(new SharedChatSource("112233", "streamer33", "e03f6d5d-8ec8-4c63-b473-9e5fe61e289b"), partnerLine.SharedFrom);

        var sender = harness.Get<TwitchChatSender>();
        await sender.SendAsync(new ChatReply(Platform.Twitch, "cool_user", "hello there", partnerLine.Id), CancellationToken.None);
        await sender.SendAsync(new ChatReply(Platform.Twitch, "cool_user", "hello everyone"), CancellationToken.None);

        var sent = harness.Helix.ChatMessages;
        Assert.Equal(2, sent.Count);
        Assert.Equal("1337", sent[0].Json!["broadcaster_id"]!.GetValue<string>());
        Assert.Equal("900", sent[0].Json!["sender_id"]!.GetValue<string>());
        Assert.Equal("hello there", sent[0].Json!["message"]!.GetValue<string>());
        Assert.Equal(partnerLine.Id, sent[0].Json!["reply_parent_message_id"]!.GetValue<string>());
        Assert.True(sent[0].Json!["for_source_only"]!.GetValue<bool>());
        Assert.Null(sent[1].Json!["for_source_only"]);
        Assert.Null(sent[1].Json!["reply_parent_message_id"]);
        Assert.Equal(2, harness.Counters.Value("twitch.chat.sent"));
    }

    [Fact]
    public async Task A_message_twitch_drops_is_counted_and_logged_not_counted_as_sent()
    {
        var (harness, _) = await ChatOverEventSubAsync();
        await using var __ = harness;
        harness.Helix.DropChatMessages = ("msg_duplicate", "Your message is identical to the one you sent within the last 30 seconds.");

        await harness.Get<TwitchChatSender>().SendAsync(new ChatReply(Platform.Twitch, "cool_user", "again"), CancellationToken.None);

        Assert.Single(harness.Helix.ChatMessages);
        Assert.Equal(0, harness.Counters.Value("twitch.chat.sent"));
        Assert.Equal(1, harness.Counters.Value("twitch.chat.send_dropped"));
    }

    [Fact]
    public async Task A_revoked_chat_subscription_is_created_again_on_its_own()
    {
        var (harness, session) = await ChatOverEventSubAsync();
        await using var _ = harness;
        int ChatMessageSubscriptions() => harness.Helix.SubscriptionRequests.Count(r => r.Json!["type"]!.GetValue<string>() == "channel.chat.message");
        Assert.Equal(1, ChatMessageSubscriptions());

        await session.SendRevocationAsync("channel.chat.message", "1", "authorization_revoked");
        await harness.WaitUntilAsync(() => (harness.Board.Get(EventSubClient.StatusName)?.Detail ?? "").Contains("subscribed again", StringComparison.Ordinal),
            "the subscription created again");

        Assert.Equal(2, ChatMessageSubscriptions());
        await session.SendNotificationAsync("channel.chat.message", "1", FixtureChatEvent());
        await harness.WaitUntilAsync(() => harness.Events.Of<ChatMessage>().Count == 1, "chat after the recovery");
    }

    [Fact]
    public async Task Shared_chat_begin_update_and_end_say_who_we_share_chat_with()
    {
        var (harness, session) = await ChatOverEventSubAsync();
        await using var _ = harness;
        JsonObject Body(params string[] partners) => new()
        {
            ["session_id"] = "2b64a92a-dbb8-424e-b1c3-304423ba1b6f",
            ["broadcaster_user_id"] = "1337", ["broadcaster_user_login"] = "cool_user", ["broadcaster_user_name"] = "Cool_User",
            ["host_broadcaster_user_id"] = "1337", ["host_broadcaster_user_login"] = "cool_user", ["host_broadcaster_user_name"] = "Cool_User",
            ["participants"] = new JsonArray(new[] { "cool_user" }.Concat(partners).Select((login, i) => (JsonNode)new JsonObject
            {
                ["broadcaster_user_id"] = i == 0 ? "1337" : $"20{i}", ["broadcaster_user_login"] = login, ["broadcaster_user_name"] = login,
            }).ToArray()),
        };

        await session.SendNotificationAsync("channel.shared_chat.begin", "1", Body("streamer33"));
        await harness.WaitUntilAsync(() => (harness.Board.Get(EventSubClient.SharedChatStatus)?.Detail ?? "").Contains("streamer33", StringComparison.Ordinal), "begin");
        await session.SendNotificationAsync("channel.shared_chat.update", "1", Body("streamer33", "another_one"));
        await harness.WaitUntilAsync(() => harness.Board.Get(EventSubClient.SharedChatStatus)?.Detail == "cool_user: sharing chat with streamer33, another_one", "update");
        var end = Body();
        end.Remove("participants");
        await session.SendNotificationAsync("channel.shared_chat.end", "1", end);
        await harness.WaitUntilAsync(() => harness.Board.Get(EventSubClient.SharedChatStatus)?.State == SourceState.Disabled, "end");
        // The status changes before the notice reaches the pipeline: wait for the third notice, do not race it.
        await harness.WaitUntilAsync(() => harness.Events.Of<ChannelNotice>().Count == 3, "three notices");

        Assert.Equal(["shared_chat.begin", "shared_chat.update", "shared_chat.end"], harness.Events.Of<ChannelNotice>().Select(n => n.Kind));
    }

    [Fact]
    public async Task Session_reconnect_in_the_middle_of_a_flood_loses_and_repeats_nothing()
    {
        var (harness, first) = await ChatOverEventSubAsync();
        await using var _ = harness;
        const int Lines = 2_000;
        JsonObject Line(int n)
        {
            var e = FixtureChatEvent();
            e.Remove("source_broadcaster_user_id");
            e["message_id"] = $"flood-{n}";
            e["message"] = new JsonObject { ["text"] = $"line {n}", ["fragments"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = $"line {n}" }) };
            return e;
        }
        // Frames are built before the clock starts, so the rate measured is the client's, not the test's JSON building.
        var onFirst = Enumerable.Range(0, Lines / 2 + 200).Select(n => EventSubFrames.Notification($"m-{n}", "channel.chat.message", "1", first.Id, Line(n))).ToArray();
        var onSecond = Enumerable.Range(0, Lines).Select(n => n < Lines / 2 + 100 ? "" : EventSubFrames.Notification($"m-{n}", "channel.chat.message", "1", "AgoQfake2", Line(n))).ToArray();
        var started = DateTime.UtcNow;

        // Half goes out on the first connection; then Twitch says session_reconnect and keeps talking there until the
        // new connection is welcomed, and the new one repeats 100 of those (as a redelivery would).
        for (var n = 0; n < Lines / 2; n++) await first.SendAsync(onFirst[n]);
        harness.EventSub.AutoWelcome = false;
        await first.SendReconnectAsync(harness.EventSub.ReconnectUrl());
        var second = await harness.EventSub.WaitForSessionAsync(2, TwitchApiHarness.Patience);
        for (var n = Lines / 2; n < Lines / 2 + 200; n++) await first.SendAsync(onFirst[n]);
        await second.SendWelcomeAsync();
        for (var n = Lines / 2 + 100; n < Lines; n++) await second.SendAsync(onSecond[n]);
        await harness.WaitUntilAsync(() => harness.Events.Of<ChatMessage>().Count >= Lines, "every line");
        var seconds = (DateTime.UtcNow - started).TotalSeconds;
        await first.Closed.WaitAsync(TwitchApiHarness.Patience);

        var ids = harness.Events.Of<ChatMessage>().Select(m => m.Id).ToList();
        Assert.Equal(Lines, ids.Count);
        Assert.Equal(Lines, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(100, harness.Counters.Value("twitch.eventsub.duplicates"));
        Assert.Equal(0, harness.Counters.Value("pipeline.duplicates"));
        // The rate is reported, not asserted: a shared CI box must not make this test flaky (docs/performance.md has runs).
        output.WriteLine($"{Lines} lines with a session_reconnect in the middle in {seconds:F2} s: {Lines / seconds:F0} lines/s");
        // No resubscribe on a reconnect: the subscriptions moved with the session.
        Assert.Equal(EventSubSubscriptions.PerChannel + 5, harness.Helix.SubscriptionRequests.Count);
    }
}
