using LiveBuddy.Core.Events;
using LiveBuddy.Twitch.Chat;

namespace LiveBuddy.Twitch.Tests.Chat;

public sealed class TwitchChatMapperTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> AllFixtureLines()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in IrcFixtures.TwitchLines()) data.Add(name);
        return data;
    }

    private static List<StreamEvent> Map(string raw, DateTimeOffset? at = null)
    {
        var events = new List<StreamEvent>();
        var result = TwitchChatMapper.Map(raw, at ?? Now, events);
        Assert.Equal(IrcMapResult.Mapped, result);
        return events;
    }

    private static T Single<T>(string raw) where T : StreamEvent => Assert.IsType<T>(Assert.Single(Map(raw)));

    [Fact]
    public void Both_twitch_captures_are_read_completely()
    {
        Assert.Equal(62 + 110, IrcFixtures.TwitchLines().Count());
    }

    [Theory]
    [MemberData(nameof(AllFixtureLines))]
    public void Every_captured_line_maps_to_the_event_a_streamer_expects(string name)
    {
        var raw = IrcFixtures.TwitchLines().Single(l => l.Name == name).Raw;
        Assert.True(IrcMessage.TryParse(raw, out var message));
        var command = message.Command.ToString();
        var events = new List<StreamEvent>();

        var result = TwitchChatMapper.Map(message, Now, events);

        switch (command)
        {
            case "PRIVMSG":
                Assert.Equal(IrcMapResult.Mapped, result);
                var chat = Assert.IsType<ChatMessage>(events[0]);
                Assert.Equal(string.Concat(chat.Fragments.Select(f => f.Text)), chat.Text);
                Assert.All(chat.Fragments.Where(f => f.IsEmote), f => Assert.StartsWith("https://static-cdn.jtvnw.net/emoticons/v2/", f.Emote!.ImageUrl, StringComparison.Ordinal));
                Assert.NotEqual("", chat.Author.Name);
                if (chat.Bits > 0) Assert.IsType<Alert>(events[1]);
                else Assert.Single(events);
                break;
            case "USERNOTICE":
                Assert.Equal(IrcMapResult.Mapped, result);
                var e = Assert.Single(events);
                if (raw.Contains("msg-id=sharedchatnotice", StringComparison.Ordinal)) Assert.IsType<ChannelNotice>(e);
                else Assert.Equal("irc", Assert.IsType<Alert>(e).Origin);
                break;
            case "CLEARCHAT":
                Assert.Equal(IrcMapResult.Mapped, result);
                Assert.True(Assert.Single(events) is UserCleared or ChatCleared);
                break;
            case "CLEARMSG":
                Assert.Equal(IrcMapResult.Mapped, result);
                Assert.IsType<MessageDeleted>(Assert.Single(events));
                break;
            case "NOTICE" or "ROOMSTATE":
                Assert.Equal(IrcMapResult.Mapped, result);
                Assert.IsType<ChannelNotice>(Assert.Single(events));
                break;
            default:
                Assert.Equal(IrcMapResult.Ignored, result);
                Assert.Empty(events);
                break;
        }
        Assert.All(events, ev =>
        {
            Assert.Equal(Platform.Twitch, ev.Platform);
            Assert.NotEqual("", ev.Id);
            Assert.DoesNotContain('#', ev.Channel);
            Assert.Equal(Now, ev.ReceivedAt);
        });
    }

    [Fact]
    public void A_shared_vocabulary_changes_no_event()
    {
        var vocabulary = new TwitchChatVocabulary(capacity: 64);
        foreach (var (name, raw) in IrcFixtures.TwitchLines().Concat(IrcFixtures.TwitchLines()))
        {
            var plain = new List<StreamEvent>();
            var shared = new List<StreamEvent>();
            TwitchChatMapper.Map(raw, Now, plain);
            TwitchChatMapper.Map(raw, Now, shared, vocabulary);

            Assert.True(Json(plain) == Json(shared), name);
        }
    }

    private static string Json(List<StreamEvent> events) =>
        System.Text.Json.JsonSerializer.Serialize(events.Select(e => (object)e).ToList());

    [Fact]
    public void Repeated_emotes_and_badges_are_shared_between_messages()
    {
        var vocabulary = new TwitchChatVocabulary();
        var line = IrcFixtures.Line("emote-emoji.json");
        var first = new List<StreamEvent>();
        var second = new List<StreamEvent>();

        TwitchChatMapper.Map(line, Now, first, vocabulary);
        TwitchChatMapper.Map(line, Now, second, vocabulary);

        var a = (ChatMessage)first[0];
        var b = (ChatMessage)second[0];
        Assert.Same(a.Fragments[0], b.Fragments[0]);
        Assert.Same(a.Author.Badges, b.Author.Badges);
        Assert.Same(a.Channel, b.Channel);
        Assert.NotSame(a.Text, b.Text);
    }

    [Theory]
    [InlineData("badges=vip/1;color=#FF0000;display-name=Ann;mod=0")]   // unchanged: same author
    [InlineData("badges=vip/1;color=#00FF00;display-name=Ann;mod=0")]   // new colour
    [InlineData("badges=;color=#FF0000;display-name=Ann;mod=0")]        // badge gone
    [InlineData("badges=vip/1;color=#FF0000;display-name=ANN;mod=0")]   // display name changed
    [InlineData("badges=vip/1;color=#FF0000;display-name=Ann;mod=1")]   // made moderator
    [InlineData("badges=vip/1;badge-info=subscriber/3;color=#FF0000;display-name=Ann;mod=0")]
    public void A_repeat_chatter_shares_one_author_until_a_tag_it_is_built_from_changes(string tags)
    {
        const string first = "@badges=vip/1;color=#FF0000;display-name=Ann;mod=0;user-id=7;id=1 :ann!ann@ann.tmi.twitch.tv PRIVMSG #c :hi";
        var second = "@" + tags + ";user-id=7;id=2 :ann!ann@ann.tmi.twitch.tv PRIVMSG #c :hi";
        var vocabulary = new TwitchChatVocabulary();
        var events = new List<StreamEvent>();

        TwitchChatMapper.Map(first, Now, events, vocabulary);
        TwitchChatMapper.Map(second, Now, events, vocabulary);

        var a = ((ChatMessage)events[0]).Author;
        var b = ((ChatMessage)events[1]).Author;
        var fresh = Single<ChatMessage>(second).Author;
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(fresh), System.Text.Json.JsonSerializer.Serialize(b));
        Assert.Equal(tags.StartsWith("badges=vip/1;color=#FF0000;display-name=Ann;mod=0", StringComparison.Ordinal), ReferenceEquals(a, b));
    }

    [Fact]
    public void A_changed_login_for_the_same_user_id_builds_a_new_author()
    {
        var vocabulary = new TwitchChatVocabulary();
        var events = new List<StreamEvent>();

        TwitchChatMapper.Map("@user-id=7;id=1 :ann!ann@ann.tmi.twitch.tv PRIVMSG #c :hi", Now, events, vocabulary);
        TwitchChatMapper.Map("@user-id=7;id=2 :bea!bea@bea.tmi.twitch.tv PRIVMSG #c :hi", Now, events, vocabulary);

        Assert.Equal("bea", ((ChatMessage)events[1]).Author.Name);
    }

    [Fact]
    public void Emote_ranges_count_code_points_so_emoji_do_not_shift_them()
    {
        var chat = Single<ChatMessage>(IrcFixtures.Line("emote-emoji.json"));

        Assert.Equal("Kappa 😂 Kappa", chat.Text);
        Assert.Equal(["Kappa", " 😂 ", "Kappa"], chat.Fragments.Select(f => f.Text));
        Assert.Equal([true, false, true], chat.Fragments.Select(f => f.IsEmote));
        Assert.Equal("https://static-cdn.jtvnw.net/emoticons/v2/25/default/dark/1.0", chat.Fragments[0].Emote!.ImageUrl);
    }

    [Fact]
    public void Emotes_between_surrogate_pairs_land_on_their_text()
    {
        var chat = Single<ChatMessage>(IrcFixtures.Line("src/message/commands/privmsg.rs", "483:2-3,7-8,12-13"));

        Assert.Equal(["👉 ", "<3", " 👉 ", "<3", " 👉 ", "<3"], chat.Fragments.Select(f => f.Text));
        Assert.Equal("483", chat.Fragments[1].Emote!.Id);
    }

    [Fact]
    public void An_emote_range_past_the_end_is_clamped_not_thrown()
    {
        var clamped = Single<ChatMessage>(IrcFixtures.Line("src/message/commands/privmsg.rs", "emotes=25:41-45"));
        var outside = Single<ChatMessage>(IrcFixtures.Line("src/message/commands/privmsg.rs", "emotes=25:45-49"));

        Assert.Equal("ppa", clamped.Fragments[^1].Text);
        Assert.True(clamped.Fragments[^1].IsEmote);
        Assert.Equal(clamped.Text, Assert.Single(outside.Fragments).Text);
    }

    [Fact]
    public void Emote_ranges_given_out_of_order_are_placed_by_position_and_the_first_of_two_at_one_place_wins()
    {
        // Twitch groups ranges by emote, so across emotes they come out of order; two emotes claiming one place is
        // hostile or broken input, and the tag's first claim is the one shown.
        var chat = Single<ChatMessage>("@id=x;emotes=1902:12-16/25:0-4,18-22/99:0-4 :a!a@a.tmi.twitch.tv PRIVMSG #c :Kappa great Keepo Kappa");

        Assert.Equal(["Kappa", " great ", "Keepo", " ", "Kappa"], chat.Fragments.Select(f => f.Text));
        Assert.Equal(["25", null, "1902", null, "25"], chat.Fragments.Select(f => f.Emote?.Id));
    }

    [Theory]
    [InlineData("25:04")]
    [InlineData("25:4-0")]
    [InlineData("25:x-y")]
    [InlineData(":0-4")]
    [InlineData("25:0-4,2-3")]
    [InlineData("25:9999999999-1")]
    [InlineData("/,:-")]
    public void Unreadable_emote_ranges_leave_the_text_whole(string emotes)
    {
        var chat = Single<ChatMessage>($"@id=x;emotes={emotes} :a!a@a.tmi.twitch.tv PRIVMSG #c :Kappa hi");

        Assert.Equal("Kappa hi", string.Concat(chat.Fragments.Select(f => f.Text)));
    }

    [Fact]
    public void Badges_give_roles_and_badge_info()
    {
        var chat = Single<ChatMessage>(IrcFixtures.Line("emote-emoji.json"));

        Assert.Equal(ViewerRoles.Broadcaster | ViewerRoles.Subscriber | ViewerRoles.Verified, chat.Author.Roles);
        Assert.Equal(["broadcaster", "subscriber", "partner"], chat.Author.Badges.Select(b => b.Name));
        Assert.Equal("80", chat.Author.Badges[1].Info);
        Assert.Equal("#CC44FF", chat.Author.Color);
        Assert.Equal("11148817", chat.Author.Id);
        Assert.Equal("pajlada", chat.Author.Name);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1662204423418), chat.SentAt);
        Assert.Equal("44f85d39-b5fb-475d-8555-f4244f2f7e82", chat.Id);
        Assert.Equal("pajlada", chat.Channel);
    }

    [Fact]
    public void A_malformed_badge_is_skipped()
    {
        var chat = Single<ChatMessage>(IrcFixtures.Line("badges-invalid.json"));

        Assert.Empty(chat.Author.Badges);
    }

    [Fact]
    public void Moderator_and_vip_badges_are_roles()
    {
        var mod = Single<ChatMessage>(IrcFixtures.Line("src/message/commands/privmsg.rs", "display-name=테스트계정420"));
        var vip = Single<ChatMessage>("@badges=vip/1;id=v :v!v@v.tmi.twitch.tv PRIVMSG #c :hi");

        Assert.Equal(ViewerRoles.Moderator | ViewerRoles.Subscriber, mod.Author.Roles);
        Assert.Equal("테스트계정420", mod.Author.DisplayName);
        Assert.Equal("testaccount_420", mod.Author.Name);
        Assert.Equal(ViewerRoles.Vip, vip.Author.Roles);
    }

    [Fact]
    public void Display_names_are_unescaped()
    {
        var chat = Single<ChatMessage>(IrcFixtures.Line("src/message/commands/privmsg.rs", "Riot\\sGames"));

        Assert.Equal("Riot Games", chat.Author.DisplayName);
    }

    [Fact]
    public void Slash_me_is_an_action_without_the_ctcp_wrapping()
    {
        var chat = Single<ChatMessage>(IrcFixtures.Line("action.json"));

        Assert.True(chat.IsAction);
        Assert.Equal("Kappa", chat.Text);
        Assert.True(Assert.Single(chat.Fragments).IsEmote);
    }

    [Fact]
    public void Bits_make_a_chat_message_and_a_bits_alert()
    {
        var events = Map(IrcFixtures.Line("src/message/commands/privmsg.rs", "bits=1;"));

        var chat = Assert.IsType<ChatMessage>(events[0]);
        var alert = Assert.IsType<Alert>(events[1]);
        Assert.Equal(1, chat.Bits);
        Assert.Equal(AlertKind.Bits, alert.Kind);
        Assert.Equal(1m, alert.Amount);
        Assert.Equal("BITS", alert.Currency);
        Assert.Equal("irc", alert.Origin);
        Assert.Equal("bits:36175310:1", alert.DedupeKey);
        Assert.Equal("trihard1", alert.Message);
        Assert.NotEqual(chat.Id, alert.Id);
    }

    [Fact]
    public void A_reply_names_the_message_it_answers()
    {
        var chat = Single<ChatMessage>(IrcFixtures.Line("reply-child.json"));

        Assert.Equal("474f19ab-a1b0-410a-877a-5b0e2ae8be6d", chat.ReplyToId);
    }

    [Fact]
    public void First_message_is_flagged()
    {
        var chat = Single<ChatMessage>("@first-msg=1;id=f :a!a@a.tmi.twitch.tv PRIVMSG #c :hello");

        Assert.True(chat.IsFirstMessage);
    }

    [Fact]
    public void A_line_without_a_nick_still_names_its_author()
    {
        var chat = Single<ChatMessage>(IrcFixtures.Line("no-nick.json"));

        Assert.Equal("nerixyz", chat.Author.Name);
    }

    [Fact]
    public void A_message_without_an_id_gets_a_stable_one()
    {
        var raw = IrcFixtures.Line("no-tags.json");

        var first = Single<ChatMessage>(raw);
        var again = Assert.IsType<ChatMessage>(Assert.Single(Map(raw, Now.AddSeconds(5))));

        Assert.Equal(first.Id, again.Id);
    }

    [Fact]
    public void New_sub_and_resub_share_the_sub_dedupe_key()
    {
        var sub = Single<Alert>(IrcFixtures.Line("sub-first-time.json"));
        var resub = Single<Alert>(IrcFixtures.Line("src/message/commands/usernotice.rs", "display-name=Gutrin"));

        Assert.Equal(AlertKind.Subscription, sub.Kind);
        Assert.Equal("Prime", sub.Tier);
        Assert.Equal("sub:131956000", sub.DedupeKey);
        Assert.Equal(AlertKind.Resubscription, resub.Kind);
        Assert.Equal("1000", resub.Tier);
        Assert.Equal(2, resub.Count);
        Assert.Equal("sub:21156217", resub.DedupeKey);
        Assert.Equal("Gutrin subscribed at Tier 1. They've subscribed for 2 months, currently on a 2 month streak!", resub.SystemText);
    }

    [Fact]
    public void A_resub_keeps_the_viewers_message()
    {
        var resub = Single<Alert>(IrcFixtures.Line("sub-message.json"));

        Assert.Equal("Great stream -- keep it up!", resub.Message);
        Assert.Equal(6, resub.Count);
    }

    [Fact]
    public void Gift_bomb_is_announced_once()
    {
        const string bomb = "@badges=;display-name=Gifter;id=b1;login=gifter;msg-id=submysterygift;msg-param-mass-gift-count=3;msg-param-community-gift-id=777;msg-param-sub-plan=1000;room-id=1;system-msg=Gifter\\sis\\sgifting\\s3;tmi-sent-ts=1700000000000;user-id=42 :tmi.twitch.tv USERNOTICE #chan";
        static string Single(int n) => $"@display-name=Gifter;id=g{n};login=gifter;msg-id=subgift;msg-param-community-gift-id=777;msg-param-recipient-id=10{n};msg-param-recipient-user-name=r{n};msg-param-recipient-display-name=R{n};msg-param-sub-plan=1000;room-id=1;tmi-sent-ts=1700000000001;user-id=42 :tmi.twitch.tv USERNOTICE #chan";
        var events = new List<StreamEvent>();

        foreach (var line in new[] { bomb, Single(1), Single(2), Single(3) }) TwitchChatMapper.Map(line, Now, events);

        var alerts = events.Cast<Alert>().ToList();
        var announced = Assert.Single(alerts, a => a.Kind == AlertKind.GiftBomb);
        Assert.Equal(3, announced.Count);
        Assert.Equal("gift:42:3", announced.DedupeKey);
        Assert.Equal("777", announced.GiftBombId);
        var singles = alerts.Where(a => a.Kind == AlertKind.GiftSubscription).ToList();
        Assert.Equal(3, singles.Count);
        Assert.All(singles, s => Assert.Equal("777", s.GiftBombId));
        Assert.Equal(["r1", "r2", "r3"], singles.Select(s => s.Recipient!.Name));
    }

    [Fact]
    public void A_captured_gift_bomb_counts_its_gifts()
    {
        var bomb = Single<Alert>(IrcFixtures.Line("src/message/commands/usernotice.rs", "display-name=AdamAtReflectStudios;emotes=;flags=;id=049e6371"));
        var anon = Single<Alert>(IrcFixtures.Line("src/message/commands/usernotice.rs", "msg-id=anonsubmysterygift"));

        Assert.Equal(AlertKind.GiftBomb, bomb.Kind);
        Assert.Equal(20, bomb.Count);
        Assert.Equal("gift:211711554:20", bomb.DedupeKey);
        Assert.Equal("gift:anon:15", anon.DedupeKey);
        Assert.Same(Author.Anonymous, anon.Author);
    }

    [Fact]
    public void A_single_gift_names_its_recipient()
    {
        var gift = Single<Alert>(IrcFixtures.Line("sub-gift-02.json"));
        var lone = Single<Alert>(IrcFixtures.Line("sub-gift.json"));

        Assert.Equal(AlertKind.GiftSubscription, gift.Kind);
        Assert.Equal("4645652708379472175", gift.GiftBombId);
        Assert.Equal("rustafur", gift.Recipient!.Name);
        Assert.Equal("gift:11148817:1", gift.DedupeKey);
        Assert.Null(lone.GiftBombId);
        Assert.Equal("mr_woodchuck", lone.Recipient!.Name);
        Assert.Equal("Mr_Woodchuck", lone.Recipient.DisplayName);
        Assert.Equal(1, lone.Count);
    }

    [Fact]
    public void A_raid_counts_its_viewers()
    {
        var raid = Single<Alert>(IrcFixtures.Line("src/message/commands/usernotice.rs", "msg-id=raid"));

        Assert.Equal(AlertKind.Raid, raid.Kind);
        Assert.Equal(430, raid.Count);
        Assert.Equal("raid:155874595", raid.DedupeKey);
        Assert.Equal("iamelisabete", raid.Author!.Name);
        Assert.Equal("xqcow", raid.Channel);
    }

    [Fact]
    public void An_announcement_carries_its_text()
    {
        var alert = Single<Alert>(IrcFixtures.Line("src/message/commands/usernotice.rs", "msg-id=announcement"));

        Assert.Equal(AlertKind.Announcement, alert.Kind);
        Assert.Equal("hello pajs pajaH Kappa Keepo", alert.Message);
    }

    [Fact]
    public void Other_user_notices_are_other_alerts_with_the_system_text()
    {
        var alert = Single<Alert>(IrcFixtures.Line("watch-streak.json"));

        Assert.Equal(AlertKind.Other, alert.Kind);
        Assert.Equal("IMrLazyI watched 10 consecutive streams and sparked a watch streak!", alert.SystemText);
    }

    [Fact]
    public void A_gift_upgrade_is_its_own_kind()
    {
        var alert = Single<Alert>(IrcFixtures.Line("src/message/commands/usernotice.rs", "msg-id=giftpaidupgrade"));

        Assert.Equal(AlertKind.GiftUpgrade, alert.Kind);
    }

    [Fact]
    public void Shared_chat_notices_from_another_channel_are_notices_not_alerts()
    {
        var notice = Single<ChannelNotice>(IrcFixtures.Line("shared-chat-announcement.json"));

        Assert.Equal("sharedchatnotice:announcement", notice.Kind);
        Assert.Equal("hi this is an announcement from 1", notice.Text);
    }

    [Fact]
    public void A_timeout_has_its_duration()
    {
        var cleared = Single<UserCleared>(IrcFixtures.Line("src/message/commands/clearchat.rs", "ban-duration=1;"));

        Assert.Equal(TimeSpan.FromSeconds(1), cleared.Duration);
        Assert.False(cleared.IsBan);
        Assert.Equal("fabzeef", cleared.Target.Name);
        Assert.Equal("148973258", cleared.Target.Id);
    }

    [Fact]
    public void A_clear_without_duration_is_a_ban()
    {
        var cleared = Single<UserCleared>(IrcFixtures.Line("src/message/commands/clearchat.rs", "target-user-id=70948394"));

        Assert.True(cleared.IsBan);
        Assert.Equal("weeb123", cleared.Target.Name);
    }

    [Fact]
    public void A_clear_without_target_clears_the_chat()
    {
        var cleared = Single<ChatCleared>(IrcFixtures.Line("src/message/commands/clearchat.rs", "#randers"));

        Assert.Equal("randers", cleared.Channel);
    }

    [Fact]
    public void Events_without_an_id_tag_get_the_same_id_on_every_delivery()
    {
        var raw = IrcFixtures.Line("src/message/commands/clearchat.rs", "ban-duration=1;");
        var room = IrcFixtures.Line("src/message/commands/roomstate.rs", "slow=5 ");

        Assert.Equal(Single<UserCleared>(raw).Id, Assert.Single(Map(raw, Now.AddSeconds(30))).Id);
        Assert.Equal(Single<ChannelNotice>(room).Id, Assert.Single(Map(room, Now.AddSeconds(30))).Id);
        Assert.NotEqual(Single<UserCleared>(raw).Id, Single<UserCleared>(IrcFixtures.Line("src/message/commands/clearchat.rs", "target-user-id=70948394")).Id);
    }

    [Fact]
    public void A_deleted_message_names_its_target()
    {
        var deleted = Single<MessageDeleted>(IrcFixtures.Line("src/message/commands/clearmsg.rs", "ACTION"));

        Assert.Equal("15e5164d-f8e6-4aec-baf4-2d6a330760c4", deleted.TargetMessageId);
        Assert.Equal("randers", deleted.TargetAuthorName);
        Assert.Equal("test", deleted.TargetText);
        Assert.False(deleted.Retracted);
    }

    [Fact]
    public void Notices_and_room_state_are_channel_notices()
    {
        var notice = Single<ChannelNotice>(IrcFixtures.Line("src/message/commands/notice.rs", "msg_banned"));
        var room = Single<ChannelNotice>(IrcFixtures.Line("src/message/commands/roomstate.rs", "@room-id=40286300;slow=5 "));

        Assert.Equal("msg_banned", notice.Kind);
        Assert.Equal("You are permanently banned from talking in forsen.", notice.Text);
        Assert.Equal("forsen", notice.Channel);
        Assert.Equal("roomstate", room.Kind);
        Assert.Equal("slow=5", room.Text);
    }

    [Theory]
    [InlineData("PRIVMSG #chan")]
    [InlineData("PRIVMSG")]
    [InlineData("@target-msg-id= :tmi.twitch.tv CLEARMSG #c :x")]
    [InlineData(":tmi.twitch.tv USERNOTICE")]
    [InlineData(":tmi.twitch.tv CLEARCHAT")]
    [InlineData("@a=b")]
    public void Lines_missing_what_their_command_needs_are_malformed(string line)
    {
        var events = new List<StreamEvent>();

        Assert.Equal(IrcMapResult.Malformed, TwitchChatMapper.Map(line, Now, events));
        Assert.Empty(events);
    }
}
