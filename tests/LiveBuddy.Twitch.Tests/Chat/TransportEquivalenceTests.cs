using System.Globalization;
using System.Text.Json;
using LiveBuddy.Core.Events;
using LiveBuddy.Twitch.Chat;
using LiveBuddy.Twitch.EventSub;
using LiveBuddy.Twitch.Tests.EventSub;

namespace LiveBuddy.Twitch.Tests.Chat;

/// <summary>
/// Golden IRC-vs-EventSub equivalence: the same chat read over either transport becomes the same Core events, field
/// by field (ids, author, roles, badges, emotes by position, bits, replies, first-time chatter, Shared Chat source).
/// Fields one protocol does not carry are left out and named: a timeout's length (chat's clear_user_messages lacks it; channel.moderate
/// has it, checked on its own below), the deleted text and the /me flag
/// (IRC only), the partner channel's login (EventSub only), and which connection reported an alert.
/// </summary>
public sealed class TransportEquivalenceTests
{
    private static readonly DateTimeOffset Received = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    private static List<string> OverIrc(string raw)
    {
        var events = new List<StreamEvent>();
        TwitchChatMapper.Map(raw, Received, events);
        return events.Select(Describe).ToList();
    }

    private static List<string> OverEventSub(string frameJson)
    {
        using var doc = JsonDocument.Parse(frameJson);
        var metadata = doc.RootElement.GetProperty("metadata");
        var type = metadata.GetProperty("subscription_type").GetString()!;
        var sentAt = metadata.GetProperty("message_timestamp").GetDateTimeOffset();
        var events = new List<StreamEvent>();
        Assert.True(EventSubChatMapper.TryMap(type, sentAt, Received, doc.RootElement.GetProperty("payload").GetProperty("event"), events), $"{type} did not map");
        return events.Select(Describe).ToList();
    }

    public static TheoryData<string, string> IrcFixtureLines()
    {
        var data = new TheoryData<string, string>();
        foreach (var (name, raw) in IrcFixtures.TwitchLines())
        {
            if (IrcToEventSub.Convert(raw, "AgoQgolden") is null) continue;
            data.Add(name, raw);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(IrcFixtureLines))]
    public void Every_irc_fixture_line_and_its_eventsub_notification_make_the_same_events(string name, string raw)
    {
        var frame = IrcToEventSub.Convert(raw, "AgoQgolden")!;
        Assert.True(name.Length > 0);
        Assert.Equal(string.Join("\n--\n", OverIrc(raw)), string.Join("\n--\n", OverEventSub(frame.Json)));
    }

    [Fact]
    public void The_golden_set_covers_every_chat_kind()
    {
        var kinds = IrcFixtureLines().Select(row => IrcToEventSub.Convert((string)row[1], "x")!).Select(f => f.Type).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(["channel.chat.clear", "channel.chat.clear_user_messages", "channel.chat.message", "channel.chat.message_delete", "channel.chat.notification"], kinds);
        var lines = IrcFixtureLines().Select(row => (string)row[1]).ToList();
        Assert.Contains(lines, l => l.Contains("first-msg=1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("reply-parent-msg-id=", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(";bits=", StringComparison.Ordinal) || l.StartsWith("@bits=", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("source-room-id=", StringComparison.Ordinal));
        Assert.True(lines.Count(l => l.Contains("emotes=", StringComparison.Ordinal) && !l.Contains("emotes=;", StringComparison.Ordinal)) > 10);
    }

    // The captured EventSub frames, each with the IRC line Twitch sends for the same chat (same ids, names, badges, time).
    public static TheoryData<string, string> EventSubFixturePairs() => new()
    {
        { "channel.chat.message.json",
          @"@badge-info=subscriber/16;badges=moderator/1,subscriber/12,sub-gifter/1;color=#00FF7F;display-name=viewer32;emotes=;first-msg=0;id=cc106a89-1814-919d-454c-f4f2f970aae7;mod=1;room-id=1971641;source-badge-info=subscriber/3;source-badges=subscriber/3;source-id=e03f6d5d-8ec8-4c63-b473-9e5fe61e289b;source-room-id=112233;subscriber=1;tmi-sent-ts=1715689907995;user-id=4145994 :viewer32!viewer32@viewer32.tmi.twitch.tv PRIVMSG #streamer :Hi chat" },
        { "channel.chat.notification-resub.json",
          @"@badge-info=subscriber/2;badges=subscriber/2;color=;display-name=someone1;emotes=;id=101ab672-fcde-4d71-8011-ac2859786cea;login=someone1;mod=0;msg-id=resub;msg-param-cumulative-months=2;msg-param-sub-plan=1000;msg-param-was-gifted=true;room-id=1337;system-msg=someone1\ssubscribed\sat\sTier\s1.\sThey've\ssubscribed\sfor\s2\smonths!;tmi-sent-ts=1715689907995;user-id=5678 :tmi.twitch.tv USERNOTICE #cool_user" },
        { "channel.chat.notification-resub-2.json",
          @"@badge-info=;badges=;color=;display-name=viewer23;emotes=;id=d62235c8-47ff-a4f4--84e8-5a29a65a9c03;login=viewer23;mod=0;msg-id=resub;msg-param-cumulative-months=10;msg-param-sub-plan=1000;room-id=1971641;system-msg=viewer23\ssubscribed\sat\sTier\s1.\sThey've\ssubscribed\sfor\s10\smonths!;tmi-sent-ts=1715689907995;user-id=49912639 :tmi.twitch.tv USERNOTICE #streamer" },
        { "channel.chat.notification-resub-msg.json",
          @"@badge-info=subscriber/58;badges=moderator/1,subscriber/48,partner/1;color=#FA6E02;display-name=justinfan;emotes=;id=aaa15585-0f43-4c32-8c48-56d58e9567a7;login=justinfan;mod=1;msg-id=resub;msg-param-cumulative-months=58;msg-param-sub-plan=1000;room-id=67931625;system-msg=justinfan\ssubscribed\sat\sTier\s1.\sThey've\ssubscribed\sfor\s58\smonths!;tmi-sent-ts=1715689907995;user-id=101572475 :tmi.twitch.tv USERNOTICE #amar :GIB MIR DEN POKAL" },
        { "channel.chat.notification-community-sub-gift.json",
          @"@badge-info=;badges=;color=;display-name=AnAnonymousGifter;emotes=;id=fa2135ca-34da-413f-1337-4efa3c9a6bac;login=ananonymousgifter;mod=0;msg-id=anonsubmysterygift;msg-param-community-gift-id=12111455614691086753;msg-param-mass-gift-count=1;msg-param-sub-plan=1000;room-id=1337;system-msg=An\sanonymous\suser\sis\sgifting\s1\sTier\s1\sSubs\sto\sCool_User's\scommunity!;tmi-sent-ts=1715689907995;user-id=274598607 :tmi.twitch.tv USERNOTICE #cool_user" },
        { "channel.chat.notification-pay-it-forward.json",
          @"@badge-info=subscriber/12;badges=subscriber/12;color=#0000FF;display-name=Kecogluali5;emotes=;id=573a20ff-8f88-499e-be2b-c7079eb76f6c;login=kecogluali5;mod=0;msg-id=communitypayforward;msg-param-prior-gifter-display-name=CasinoZEBERUS;msg-param-prior-gifter-user-name=casinozeberus;room-id=165080419;system-msg=Kecogluali5\sis\spaying\sforward\sthe\sGift\sthey\sgot\sfrom\sCasinoZEBERUS\sto\sthe\scommunity!;tmi-sent-ts=1715689907995;user-id=425829220 :tmi.twitch.tv USERNOTICE #elraenn" },
        { "channel.chat.notification-shared-chat-resub.json",
          @"@badge-info=;badges=;color=;display-name=viewer23;emotes=;id=d62235c8-47ff-a4f4--84e8-5a29a65a9c03;login=viewer23;mod=0;msg-id=sharedchatnotice;msg-param-cumulative-months=10;msg-param-sub-plan=1000;room-id=1971641;source-badge-info=subscriber/3;source-badges=subscriber/3;source-id=2be7193d-0366-4453-b6ec-b288ce9f2c39;source-msg-id=resub;source-room-id=112233;system-msg=viewer23\ssubscribed\sat\sTier\s1.\sThey've\ssubscribed\sfor\s10\smonths!;tmi-sent-ts=1715689907995;user-id=49912639 :tmi.twitch.tv USERNOTICE #streamer" },
    };

    [Theory]
    [MemberData(nameof(EventSubFixturePairs))]
    public void Every_eventsub_fixture_and_the_irc_line_of_the_same_chat_make_the_same_events(string fixture, string raw)
    {
        Assert.Equal(string.Join("\n--\n", OverIrc(raw)), string.Join("\n--\n", OverEventSub(File.ReadAllText(EventSubFixtures.PathOf(fixture)))));
    }

    /// <summary>
    /// A timeout's length: IRC's CLEARCHAT carries <c>ban-duration</c>; over EventSub it comes from <c>channel.moderate</c> v2 (the
    /// captured frame, moved to the IRC line's channel, target and time, expiring 600 s later), and both make the same event, length included.
    /// </summary>
    [Fact]
    public void A_timeout_over_irc_and_over_eventsub_channel_moderate_is_the_same_event_with_the_same_length()
    {
        const string raw = "@ban-duration=600;room-id=1337;target-user-id=4242;tmi-sent-ts=1800000000123 :tmi.twitch.tv CLEARCHAT #cool_user rude_viewer";
        var sentAt = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_123);
        var frame = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(EventSubFixtures.PathOf("channel.moderate-timeout.json")))!;
        var e = frame["payload"]!["event"]!;
        (e["broadcaster_user_id"], e["broadcaster_user_login"], e["broadcaster_user_name"]) = ("1337", "cool_user", "Cool_User");
        (e["timeout"]!["user_id"], e["timeout"]!["user_login"], e["timeout"]!["user_name"]) = ("4242", "rude_viewer", "Rude_Viewer");
        // Twitch's expires_at has sub-millisecond digits; IRC rounds the length to whole seconds.
        e["timeout"]!["expires_at"] = sentAt.AddSeconds(600).AddTicks(2_781).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        using var body = JsonDocument.Parse(e.ToJsonString());

        var overIrc = new List<StreamEvent>();
        TwitchChatMapper.Map(raw, Received, overIrc);
        var overEventSub = new EventSubMapper(new LiveBuddy.Core.Pipeline.Counters()).Map("m-1", "channel.moderate", sentAt, Received, body.RootElement);

        var irc = Assert.IsType<UserCleared>(Assert.Single(overIrc));
        var eventSub = Assert.IsType<UserCleared>(overEventSub);
        Assert.Equal(Describe(irc), Describe(eventSub));
        Assert.Equal((TimeSpan.FromSeconds(600), "rude_viewer"), (irc.Duration!.Value, irc.Target.DisplayName));
        Assert.Equal((irc.Duration, irc.Target.DisplayName), (eventSub.Duration, eventSub.Target.DisplayName));
    }

    /// <summary>One event as the fields both protocols carry, one per line so a difference reads as a diff.</summary>
    private static string Describe(StreamEvent e)
    {
        var head = $"{e.GetType().Name} id={e.Id} channel={e.Channel} sent={e.SentAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}";
        return e switch
        {
            ChatMessage m => string.Join("\n", head, Person(m.Author), $"text={m.Text} first={m.IsFirstMessage} reply={m.ReplyToId} bits={m.Bits}",
                "fragments=" + string.Join(" | ", m.Fragments.Select(f => f.Emote is { } em ? $"[{em.Id}:{em.Name}:{em.ImageUrl}]" : f.Text)),
                $"shared={m.SharedFrom?.ChannelId}/{m.SharedFrom?.MessageId} takesPart={m.TakesPart}"),
            Alert a => string.Join("\n", head, $"kind={a.Kind} amount={a.Amount} {a.Currency} count={a.Count} tier={a.Tier} dedupe={a.DedupeKey} bomb={a.GiftBombId}",
                a.Author is null ? "author=" : Person(a.Author), a.Recipient is null ? "recipient=" : "recipient " + Person(a.Recipient),
                $"message={a.Message}", $"system={a.SystemText}"),
            MessageDeleted d => $"{head} target={d.TargetMessageId} by={d.TargetAuthorName}",
            UserCleared u => $"{head} target={u.Target.Id}/{u.Target.Name}",
            ChannelNotice n => $"{head} kind={n.Kind} text={n.Text}",
            _ => head,
        };
    }

    private static string Person(Author a) =>
        $"author id={a.Id} name={a.Name} display={a.DisplayName} color={a.Color} roles={a.Roles} badges="
        + string.Join(",", a.Badges.Select(b => $"{b.Name}/{b.Version}/{b.Info}"));
}
