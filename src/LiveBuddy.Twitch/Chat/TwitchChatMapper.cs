using System.Buffers;
using System.Globalization;
using LiveBuddy.Core.Events;

namespace LiveBuddy.Twitch.Chat;

/// <summary>What became of one IRC line.</summary>
public enum IrcMapResult
{
    /// <summary>One or more events were added to the output.</summary>
    Mapped,
    /// <summary>A valid line LiveBuddy has no event for (JOIN, USERSTATE, numerics…).</summary>
    Ignored,
    /// <summary>A line missing what its command needs (no channel, no target…): skipped and counted.</summary>
    Malformed,
}

/// <summary>
/// Turns Twitch IRC lines into Core events: PRIVMSG, USERNOTICE, CLEARCHAT, CLEARMSG, NOTICE and ROOMSTATE.
/// Stateless and allocation-aware: only the strings the events keep are created. Used by the live chat
/// connection and by anything that replays recorded raw lines.
/// </summary>
public static class TwitchChatMapper
{
    /// <summary>Alert origin for everything read over IRC.</summary>
    public const string Origin = "irc";

    private const string EmoteUrlPrefix = "https://static-cdn.jtvnw.net/emoticons/v2/";
    private const string EmoteUrlSuffix = "/default/dark/1.0";
    private const string ActionPrefix = "\u0001ACTION ";
    private const int StackEmoteRanges = 32;

    /// <summary>
    /// Maps one parsed line, adding its events (zero, one or two) to <paramref name="output"/>. Pass a
    /// <see cref="TwitchChatVocabulary"/> kept across lines to share repeated channels, colours, badges and emotes.
    /// </summary>
    public static IrcMapResult Map(in IrcMessage message, DateTimeOffset receivedAt, ICollection<StreamEvent> output, TwitchChatVocabulary? vocabulary = null)
    {
        var command = message.Command;
        return command switch
        {
            "PRIVMSG" => MapPrivmsg(message, receivedAt, output, vocabulary),
            "USERNOTICE" => MapUserNotice(message, receivedAt, output),
            "CLEARCHAT" => MapClearChat(message, receivedAt, output),
            "CLEARMSG" => MapClearMsg(message, receivedAt, output),
            "NOTICE" => MapNotice(message, receivedAt, output),
            "ROOMSTATE" => MapRoomState(message, receivedAt, output),
            _ => IrcMapResult.Ignored,
        };
    }

    /// <summary>Parses and maps a raw line; <see cref="IrcMapResult.Malformed"/> when it does not parse.</summary>
    public static IrcMapResult Map(ReadOnlySpan<char> line, DateTimeOffset receivedAt, ICollection<StreamEvent> output, TwitchChatVocabulary? vocabulary = null) =>
        IrcMessage.TryParse(line, out var message) ? Map(message, receivedAt, output, vocabulary) : IrcMapResult.Malformed;

    /// <summary>Channel login from a <c>#channel</c> parameter.</summary>
    public static ReadOnlySpan<char> ChannelLogin(ReadOnlySpan<char> param) =>
        param.Length > 0 && param[0] == '#' ? param[1..] : param;

    private static IrcMapResult MapPrivmsg(in IrcMessage message, DateTimeOffset receivedAt, ICollection<StreamEvent> output, TwitchChatVocabulary? vocabulary)
    {
        var p = message.Params;
        if (!p.MoveNext()) return IrcMapResult.Malformed;
        var channelParam = ChannelLogin(p.Current);
        if (channelParam.IsEmpty || !p.MoveNext()) return IrcMapResult.Malformed;
        var rawText = p.Current;

        var tags = TwitchTags.Read(message);
        var isAction = StripAction(ref rawText);
        var text = rawText.IsEmpty ? "" : new string(rawText);
        var channel = Shared(vocabulary, channelParam);
        var sentAt = SentAt(tags.SentTs, receivedAt);
        var author = ChatAuthor(message, tags, vocabulary);
        var id = tags.Id.IsEmpty ? SyntheticId("privmsg", channelParam, tags.SentTs, author.Id.Length > 0 ? author.Id : author.Name, receivedAt) : new string(tags.Id);
        var bits = ParseInt(tags.Bits);
        var sharedFrom = SharedSource(tags);

        output.Add(new ChatMessage
        {
            Platform = Platform.Twitch,
            Id = id,
            Channel = channel,
            SentAt = sentAt,
            ReceivedAt = receivedAt,
            Author = author,
            Text = text,
            Fragments = BuildFragments(text, tags.Emotes, vocabulary),
            IsAction = isAction,
            IsFirstMessage = tags.FirstMsg is "1",
            ReplyToId = tags.ReplyParentMsgId.IsEmpty ? null : new string(tags.ReplyParentMsgId),
            Bits = bits,
            SharedFrom = sharedFrom,
        });

        // Bits cheered in a Shared Chat partner's room went to that channel: not our alert.
        if (bits > 0 && sharedFrom is null) output.Add(BitsAlert(id, channel, sentAt, receivedAt, author, bits, text, Origin));
        return IrcMapResult.Mapped;
    }

    /// <summary>
    /// A chat notice's alert before its kind is known (kind <c>Other</c>; the caller sets kind, counts and dedupe key),
    /// the same whichever transport read it.
    /// </summary>
    internal static Alert NoticeAlert(string id, string channel, DateTimeOffset sentAt, DateTimeOffset receivedAt, Author author, string? text,
        string? systemText, string origin) => new()
    {
        Platform = Platform.Twitch,
        Id = id,
        Channel = channel,
        SentAt = sentAt,
        ReceivedAt = receivedAt,
        Kind = AlertKind.Other,
        Author = author,
        Message = text,
        SystemText = systemText,
        Origin = origin,
    };

    /// <summary>The bits alert of a cheering chat line, the same whichever transport read it (the line's id + <c>:bits</c>).</summary>
    internal static Alert BitsAlert(string chatId, string channel, DateTimeOffset sentAt, DateTimeOffset receivedAt, Author author, int bits, string text, string origin) => new()
    {
        Platform = Platform.Twitch,
        Id = chatId + ":bits",
        Channel = channel,
        SentAt = sentAt,
        ReceivedAt = receivedAt,
        Kind = AlertKind.Bits,
        Author = author,
        Amount = bits,
        Currency = "BITS",
        Message = text,
        DedupeKey = string.Concat("bits:", author.Id, ":", bits.ToString(CultureInfo.InvariantCulture)),
        Origin = origin,
    };

    /// <summary>
    /// Shared Chat: a line whose <c>source-room-id</c> is not this room's came from a partner channel. IRC names the
    /// partner only by id; <c>source-id</c> is the line's id in the partner's room (the same line seen there).
    /// </summary>
    private static SharedChatSource? SharedSource(in TwitchTags tags)
    {
        if (tags.SourceRoomId.IsEmpty || tags.SourceRoomId.SequenceEqual(tags.RoomId)) return null;
        return new SharedChatSource(new string(tags.SourceRoomId), null, tags.SourceId.IsEmpty ? null : new string(tags.SourceId));
    }

    private static IrcMapResult MapUserNotice(in IrcMessage message, DateTimeOffset receivedAt, ICollection<StreamEvent> output)
    {
        var p = message.Params;
        if (!p.MoveNext()) return IrcMapResult.Malformed;
        var channelParam = ChannelLogin(p.Current);
        if (channelParam.IsEmpty) return IrcMapResult.Malformed;
        var rawText = p.MoveNext() ? p.Current : default;
        StripAction(ref rawText);

        var tags = TwitchTags.Read(message);
        var channel = new string(channelParam);
        var sentAt = SentAt(tags.SentTs, receivedAt);
        var msgId = tags.MsgId;
        var id = tags.Id.IsEmpty
            ? SyntheticId("usernotice", tags.RoomId.IsEmpty ? channelParam : tags.RoomId, tags.SentTs, string.Concat(tags.UserId, ":", msgId), receivedAt)
            : new string(tags.Id);
        var text = rawText.IsEmpty ? null : new string(rawText);
        var systemText = tags.SystemMsg.IsEmpty ? null : IrcTags.Unescape(tags.SystemMsg);

        if (msgId is "sharedchatnotice")
        {
            // Shared chat relays another channel's sub/raid/announcement: worth knowing, not this stream's alert.
            output.Add(new ChannelNotice
            {
                Platform = Platform.Twitch,
                Id = id,
                Channel = channel,
                SentAt = sentAt,
                ReceivedAt = receivedAt,
                Kind = tags.SourceMsgId.IsEmpty ? "sharedchatnotice" : string.Concat("sharedchatnotice:", tags.SourceMsgId),
                Text = systemText is null ? text ?? "" : text is null ? systemText : string.Concat(systemText, " ", text),
            });
            return IrcMapResult.Mapped;
        }

        var anonymous = msgId.StartsWith("anon", StringComparison.Ordinal) || tags.Login is "ananonymousgifter";
        var author = BuildAuthor(tags.UserId, Login(message, tags), tags.DisplayName, tags.Color, tags.Badges, tags.BadgeInfo, tags.Mod);
        var alert = NoticeAlert(id, channel, sentAt, receivedAt, author, text, systemText, Origin);

        switch (msgId)
        {
            case "sub":
            case "resub":
            {
                var months = ParseInt(tags.CumulativeMonths);
                if (months == 0) months = ParseInt(tags.Months);
                if (months == 0 && msgId is "sub") months = 1; // a new sub is the first month, whether or not the line says so
                alert = alert with
                {
                    Kind = msgId is "sub" ? AlertKind.Subscription : AlertKind.Resubscription,
                    Tier = Tier(tags.SubPlan),
                    Count = months > 0 ? months : null,
                    DedupeKey = "sub:" + author.Id,
                };
                break;
            }
            case "subgift":
            case "anonsubgift":
                alert = alert with
                {
                    Kind = AlertKind.GiftSubscription,
                    Author = anonymous ? Author.Anonymous : author,
                    Tier = Tier(tags.SubPlan),
                    Count = 1,
                    Recipient = Recipient(tags),
                    GiftBombId = tags.CommunityGiftId.IsEmpty ? null : new string(tags.CommunityGiftId),
                    DedupeKey = string.Concat("gift:", anonymous ? "anon" : author.Id, ":1"),
                };
                break;
            case "submysterygift":
            case "anonsubmysterygift":
            {
                var count = Math.Max(1, ParseInt(tags.MassGiftCount));
                alert = alert with
                {
                    Kind = AlertKind.GiftBomb,
                    Author = anonymous ? Author.Anonymous : author,
                    Tier = Tier(tags.SubPlan),
                    Count = count,
                    // The single gifts that follow carry this id; without one the bomb still folds with itself.
                    GiftBombId = tags.CommunityGiftId.IsEmpty ? id : new string(tags.CommunityGiftId),
                    DedupeKey = string.Concat("gift:", anonymous ? "anon" : author.Id, ":", count.ToString(CultureInfo.InvariantCulture)),
                };
                break;
            }
            case "giftpaidupgrade":
            case "anongiftpaidupgrade":
            case "primepaidupgrade":
                alert = alert with { Kind = AlertKind.GiftUpgrade, DedupeKey = "upgrade:" + author.Id };
                break;
            case "raid":
            {
                var viewers = ParseInt(tags.ViewerCount);
                alert = alert with { Kind = AlertKind.Raid, Count = viewers, DedupeKey = "raid:" + author.Id };
                break;
            }
            case "announcement":
                alert = alert with { Kind = AlertKind.Announcement };
                break;
        }
        output.Add(alert);
        return IrcMapResult.Mapped;
    }

    private static IrcMapResult MapClearChat(in IrcMessage message, DateTimeOffset receivedAt, ICollection<StreamEvent> output)
    {
        var p = message.Params;
        if (!p.MoveNext()) return IrcMapResult.Malformed;
        var channelParam = ChannelLogin(p.Current);
        if (channelParam.IsEmpty) return IrcMapResult.Malformed;
        var target = p.MoveNext() ? p.Current : default;

        var tags = TwitchTags.Read(message);
        var room = tags.RoomId.IsEmpty ? channelParam : tags.RoomId;
        var sentAt = SentAt(tags.SentTs, receivedAt);
        if (target.IsEmpty)
        {
            output.Add(new ChatCleared
            {
                Platform = Platform.Twitch,
                Id = SyntheticId("clearchat", room, tags.SentTs, "", receivedAt),
                Channel = new string(channelParam),
                SentAt = sentAt,
                ReceivedAt = receivedAt,
            });
            return IrcMapResult.Mapped;
        }

        var login = new string(target);
        var seconds = ParseInt(tags.BanDuration);
        output.Add(new UserCleared
        {
            Platform = Platform.Twitch,
            Id = SyntheticId("clearchat", room, tags.SentTs, tags.TargetUserId.IsEmpty ? target : tags.TargetUserId, receivedAt),
            Channel = new string(channelParam),
            SentAt = sentAt,
            ReceivedAt = receivedAt,
            Target = new Author { Id = new string(tags.TargetUserId), Name = login, DisplayName = login },
            Duration = seconds > 0 ? TimeSpan.FromSeconds(seconds) : null,
        });
        return IrcMapResult.Mapped;
    }

    private static IrcMapResult MapClearMsg(in IrcMessage message, DateTimeOffset receivedAt, ICollection<StreamEvent> output)
    {
        var p = message.Params;
        if (!p.MoveNext()) return IrcMapResult.Malformed;
        var channelParam = ChannelLogin(p.Current);
        var rawText = p.MoveNext() ? p.Current : default;
        var tags = TwitchTags.Read(message);
        if (channelParam.IsEmpty || tags.TargetMsgId.IsEmpty) return IrcMapResult.Malformed;
        StripAction(ref rawText);

        var target = new string(tags.TargetMsgId);
        output.Add(new MessageDeleted
        {
            Platform = Platform.Twitch,
            Id = "clearmsg:" + target,
            Channel = new string(channelParam),
            SentAt = SentAt(tags.SentTs, receivedAt),
            ReceivedAt = receivedAt,
            TargetMessageId = target,
            TargetAuthorName = tags.Login.IsEmpty ? null : new string(tags.Login),
            TargetText = rawText.IsEmpty ? null : new string(rawText),
        });
        return IrcMapResult.Mapped;
    }

    private static IrcMapResult MapNotice(in IrcMessage message, DateTimeOffset receivedAt, ICollection<StreamEvent> output)
    {
        var p = message.Params;
        if (!p.MoveNext()) return IrcMapResult.Malformed;
        var channelParam = ChannelLogin(p.Current);
        var text = p.MoveNext() ? p.Current : default;
        var tags = TwitchTags.Read(message);
        var kind = tags.MsgId.IsEmpty ? "notice" : new string(tags.MsgId);
        var channel = channelParam is "*" ? "" : new string(channelParam);
        // NOTICE has no id or send time: the text and a five-minute window make one, so a reconnect overlap folds.
        output.Add(new ChannelNotice
        {
            Platform = Platform.Twitch,
            Id = string.Create(CultureInfo.InvariantCulture, $"notice:{channel}:{kind}:{Hash(text):x8}:{Window(receivedAt)}"),
            Channel = channel,
            SentAt = receivedAt,
            ReceivedAt = receivedAt,
            Kind = kind,
            Text = new string(text),
        });
        return IrcMapResult.Mapped;
    }

    private static IrcMapResult MapRoomState(in IrcMessage message, DateTimeOffset receivedAt, ICollection<StreamEvent> output)
    {
        var p = message.Params;
        if (!p.MoveNext()) return IrcMapResult.Malformed;
        var channelParam = ChannelLogin(p.Current);
        if (channelParam.IsEmpty) return IrcMapResult.Malformed;

        var builder = new System.Text.StringBuilder();
        var room = ReadOnlySpan<char>.Empty;
        foreach (var tag in message.Tags)
        {
            if (tag.Key is "room-id")
            {
                room = tag.Value;
                continue;
            }
            if (builder.Length > 0) builder.Append(' ');
            builder.Append(tag.Key).Append('=').Append(tag.Value);
        }
        var text = builder.ToString();
        if (room.IsEmpty) room = channelParam;
        // Twitch repeats the room state on every JOIN: same state within the window is the same event.
        output.Add(new ChannelNotice
        {
            Platform = Platform.Twitch,
            Id = string.Create(CultureInfo.InvariantCulture, $"roomstate:{room}:{Hash(text):x8}:{Window(receivedAt)}"),
            Channel = new string(channelParam),
            SentAt = receivedAt,
            ReceivedAt = receivedAt,
            Kind = "roomstate",
            Text = text,
        });
        return IrcMapResult.Mapped;
    }

    internal static bool StripAction(ref ReadOnlySpan<char> text)
    {
        if (!text.StartsWith(ActionPrefix, StringComparison.Ordinal)) return false;
        text = text[ActionPrefix.Length..];
        if (text.Length > 0 && text[^1] == '\u0001') text = text[..^1];
        return true;
    }

    private static ReadOnlySpan<char> Login(in IrcMessage message, in TwitchTags tags)
    {
        if (!tags.Login.IsEmpty) return tags.Login;
        var nick = message.Nick;
        if (!nick.IsEmpty && !nick.Contains('.')) return nick;
        // ":!user@host" still names the user after the bang.
        var source = message.Source;
        var bang = source.IndexOf('!');
        if (bang >= 0)
        {
            var user = source[(bang + 1)..];
            var at = user.IndexOf('@');
            return at >= 0 ? user[..at] : user;
        }
        return default;
    }

    // A chatter's author is the same object from line to line until a tag it is built from changes.
    private static Author ChatAuthor(in IrcMessage message, in TwitchTags tags, TwitchChatVocabulary? vocabulary)
    {
        var login = Login(message, tags);
        if (vocabulary is null) return BuildAuthor(tags.UserId, login, tags.DisplayName, tags.Color, tags.Badges, tags.BadgeInfo, tags.Mod);
        if (vocabulary.TryGetAuthor(tags, login, out var known)) return known;
        var author = BuildAuthor(tags.UserId, login, tags.DisplayName, tags.Color, tags.Badges, tags.BadgeInfo, tags.Mod, vocabulary);
        return vocabulary.AddAuthor(tags, author);
    }

    private static Author BuildAuthor(ReadOnlySpan<char> userId, ReadOnlySpan<char> login, ReadOnlySpan<char> displayName,
        ReadOnlySpan<char> color, ReadOnlySpan<char> badgesTag, ReadOnlySpan<char> badgeInfo, ReadOnlySpan<char> mod,
        TwitchChatVocabulary? vocabulary = null)
    {
        var name = login.IsEmpty ? "" : new string(login);
        string display;
        if (displayName.IsEmpty || displayName.SequenceEqual(login)) display = name;
        else
        {
            display = IrcTags.Unescape(displayName).Trim();
            if (display.Length == 0) display = name;
        }
        var roles = mod is "1" ? ViewerRoles.Moderator : ViewerRoles.None;
        IReadOnlyList<Badge> badges;
        if (vocabulary is not null && vocabulary.TryGetBadges(badgesTag, badgeInfo, out var known)) badges = known;
        else
        {
            var parsed = ParseBadges(badgesTag, badgeInfo);
            badges = vocabulary is null || parsed.Length == 0 ? parsed : vocabulary.AddBadges(badgesTag, badgeInfo, parsed);
        }
        foreach (var badge in badges) roles |= RoleOf(badge.Name);
        return new Author
        {
            Id = userId.IsEmpty ? "" : new string(userId),
            Name = name,
            DisplayName = display,
            Color = color.IsEmpty ? null : Shared(vocabulary, color),
            Badges = badges,
            Roles = roles,
        };
    }

    private static Badge[] ParseBadges(ReadOnlySpan<char> tag, ReadOnlySpan<char> info)
    {
        if (tag.IsEmpty) return [];
        var valid = 0;
        foreach (var range in tag.Split(','))
        {
            var item = tag[range];
            var slash = item.IndexOf('/');
            if (slash > 0) valid++;
        }
        if (valid == 0) return [];

        var badges = new Badge[valid];
        var n = 0;
        foreach (var range in tag.Split(','))
        {
            var item = tag[range];
            var slash = item.IndexOf('/');
            if (slash <= 0) continue; // "subscriber24": not a badge, skip it
            var nameSpan = item[..slash];
            var badgeInfo = BadgeInfo(info, nameSpan);
            badges[n++] = new Badge(BadgeName(nameSpan), SmallText(item[(slash + 1)..]))
            {
                // Info is free text for some badges (predictions/blue-1/Day\s53): unescaped like every tag value.
                Info = badgeInfo.IsEmpty ? null : badgeInfo.Contains('\\') ? IrcTags.Unescape(badgeInfo) : SmallText(badgeInfo),
            };
        }
        return badges;
    }

    private static ReadOnlySpan<char> BadgeInfo(ReadOnlySpan<char> info, ReadOnlySpan<char> name)
    {
        if (info.IsEmpty) return default;
        foreach (var range in info.Split(','))
        {
            var item = info[range];
            if (item.Length > name.Length && item[name.Length] == '/' && item.StartsWith(name, StringComparison.Ordinal))
                return item[(name.Length + 1)..];
        }
        return default;
    }

    internal static ViewerRoles RoleOf(ReadOnlySpan<char> badge) => badge switch
    {
        "broadcaster" => ViewerRoles.Broadcaster,
        "moderator" or "lead_moderator" => ViewerRoles.Moderator,
        "vip" => ViewerRoles.Vip,
        "subscriber" or "founder" => ViewerRoles.Subscriber,
        "partner" => ViewerRoles.Verified,
        "staff" or "admin" or "global_mod" => ViewerRoles.Staff,
        _ => ViewerRoles.None,
    };

    // Badge names repeat on every line: the common ones come from literals instead of new strings.
    private static string BadgeName(ReadOnlySpan<char> name) => name switch
    {
        "broadcaster" => "broadcaster",
        "moderator" => "moderator",
        "vip" => "vip",
        "subscriber" => "subscriber",
        "founder" => "founder",
        "partner" => "partner",
        "staff" => "staff",
        "premium" => "premium",
        "turbo" => "turbo",
        "bits" => "bits",
        "bits-leader" => "bits-leader",
        "sub-gifter" => "sub-gifter",
        "sub-gift-leader" => "sub-gift-leader",
        "no_audio" => "no_audio",
        "no_video" => "no_video",
        "glhf-pledge" => "glhf-pledge",
        "artist-badge" => "artist-badge",
        _ => new string(name),
    };

    private static string SmallText(ReadOnlySpan<char> value) => value switch
    {
        "0" => "0",
        "1" => "1",
        "2" => "2",
        "3" => "3",
        "6" => "6",
        "9" => "9",
        "12" => "12",
        "24" => "24",
        "100" => "100",
        "1000" => "1000",
        "2000" => "2000",
        "3000" => "3000",
        _ => new string(value),
    };

    internal static string? Tier(ReadOnlySpan<char> plan) => plan switch
    {
        "" => null,
        "Prime" => "Prime",
        "1000" => "1000",
        "2000" => "2000",
        "3000" => "3000",
        _ => new string(plan),
    };

    private static Author? Recipient(in TwitchTags tags)
    {
        if (tags.RecipientId.IsEmpty && tags.RecipientLogin.IsEmpty) return null;
        var login = new string(tags.RecipientLogin);
        var display = tags.RecipientDisplayName.IsEmpty ? login : IrcTags.Unescape(tags.RecipientDisplayName);
        return new Author { Id = new string(tags.RecipientId), Name = login, DisplayName = display };
    }

    private static DateTimeOffset SentAt(ReadOnlySpan<char> ts, DateTimeOffset fallback)
    {
        // Bounds keep a garbage timestamp from throwing: anything outside 2000..2100 is not Twitch's clock.
        if (TryParseDigits(ts, out var ms) && ms is > 946_684_800_000 and < 4_102_444_800_000)
            return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return fallback;
    }

    private static int ParseInt(ReadOnlySpan<char> value) =>
        TryParseDigits(value, out var n) && n <= int.MaxValue ? (int)n : 0;

    /// <summary>
    /// Plain decimal digits, as Twitch writes every number (what <see cref="NumberStyles.None"/> accepts), without
    /// the culture lookups of <c>long.TryParse</c>; false for anything else or past 18 significant digits.
    /// </summary>
    private static bool TryParseDigits(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        if (text.IsEmpty) return false;
        var significant = 0;
        foreach (var c in text)
        {
            var digit = (uint)(c - '0');
            if (digit > 9) return false;
            if (value != 0 || digit != 0) significant++;
            if (significant > 18) return false;
            value = value * 10 + digit;
        }
        return true;
    }

    /// <summary>For lines without an <c>id</c> tag: room, send time and target identify the event across reconnects.</summary>
    internal static string SyntheticId(string kind, ReadOnlySpan<char> room, ReadOnlySpan<char> sentTs, ReadOnlySpan<char> target, DateTimeOffset receivedAt)
    {
        return sentTs.IsEmpty
            ? string.Create(CultureInfo.InvariantCulture, $"{kind}:{room}:{receivedAt.ToUnixTimeMilliseconds()}:{target}")
            : string.Create(CultureInfo.InvariantCulture, $"{kind}:{room}:{sentTs}:{target}");
    }

    private static long Window(DateTimeOffset at) => at.ToUnixTimeSeconds() / 300;

    // FNV-1a: stable across processes, unlike string.GetHashCode.
    private static uint Hash(ReadOnlySpan<char> text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 16777619;
        }
        return hash;
    }

    private struct EmoteRange
    {
        public int Start;     // code points, inclusive
        public int End;       // code points, inclusive
        public int IdStart;   // into the emotes tag
        public int IdLength;
        public int Order;     // position in the tag: keeps the sort stable
        public int Utf16Start;
        public int Utf16End;  // exclusive
    }

    /// <summary>
    /// Splits the text into text and emote pieces from the <c>emotes</c> tag. Ranges count code points and are
    /// inclusive; ranges past the end are clamped, reversed, overlapping or unreadable ones are dropped.
    /// </summary>
    internal static IReadOnlyList<MessageFragment> BuildFragments(string text, ReadOnlySpan<char> emotesTag, TwitchChatVocabulary? vocabulary = null)
    {
        if (emotesTag.IsEmpty || text.Length == 0) return text.Length == 0 ? [] : [new MessageFragment(text)];

        EmoteRange[]? rented = null;
        // The first range takes at least five characters ("1:0-0"), every later one four (",0-0"): this many always fit.
        var capacity = emotesTag.Length / 4 + 1;
        var ranges = capacity <= StackEmoteRanges
            ? stackalloc EmoteRange[capacity]
            : (rented = ArrayPool<EmoteRange>.Shared.Rent(capacity));
        try
        {
            var count = ReadRanges(emotesTag, ranges, out var sorted);
            if (count == 0) return [new MessageFragment(text)];
            var kept = ranges[..count];
            if (!sorted) SortByStart(kept);
            count = ClampAndLocate(text, kept);
            if (count == 0) return [new MessageFragment(text)];
            return Assemble(text, emotesTag, kept[..count], vocabulary);
        }
        finally
        {
            if (rented is not null) ArrayPool<EmoteRange>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Reads <c>id:start-end,start-end/id:…</c> in one walk. A group without a colon or an id, and a range that is not
    /// two plain numbers with the end not before the start, are skipped. Returns how many ranges were read; sets
    /// <paramref name="sorted"/> when they came in order of their start, as Twitch sends them within one emote.
    /// </summary>
    private static int ReadRanges(ReadOnlySpan<char> tag, Span<EmoteRange> ranges, out bool sorted)
    {
        var n = 0;
        sorted = true;
        var i = 0;
        while (i < tag.Length)
        {
            var groupStart = i;
            while (i < tag.Length && tag[i] is not (':' or '/')) i++;
            if (i == tag.Length || tag[i] == '/' || i == groupStart)
            {
                i = SkipPast(tag, i, '/'); // no colon, or no id before it: not an emote group
                continue;
            }
            var idLength = i - groupStart;
            i++; // the colon
            while (true)
            {
                // One item runs to the next ',' or '/': a range only when it is "digits-digits" exactly.
                var itemStart = i;
                var dash = -1;
                while (i < tag.Length && tag[i] is not (',' or '/'))
                {
                    if (tag[i] == '-' && dash < 0) dash = i;
                    i++;
                }
                if (dash > itemStart && n < ranges.Length
                    && TryParseDigits(tag[itemStart..dash], out var start) && start <= int.MaxValue
                    && TryParseDigits(tag[(dash + 1)..i], out var end) && end <= int.MaxValue
                    && end >= start)
                {
                    if (n > 0 && ranges[n - 1].Start > start) sorted = false;
                    ranges[n] = new EmoteRange { Start = (int)start, End = (int)end, IdStart = groupStart, IdLength = idLength, Order = n };
                    n++;
                }
                if (i == tag.Length) break;
                var separator = tag[i++];
                if (separator == '/') break;
            }
        }
        return n;
    }

    private static int SkipPast(ReadOnlySpan<char> tag, int i, char separator)
    {
        var next = tag[i..].IndexOf(separator);
        return next < 0 ? tag.Length : i + next + 1;
    }

    /// <summary>
    /// Orders ranges by start, and ranges with the same start in the order the tag gave them (the first one is kept).
    /// An O(n log n) sort: a hostile tag of thousands of reversed ranges made insertion sort take seconds.
    /// </summary>
    private static void SortByStart(Span<EmoteRange> ranges) =>
        ranges.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Order.CompareTo(b.Order));

    /// <summary>Finds each range's UTF-16 bounds in one walk over the text; returns how many ranges survive.</summary>
    private static int ClampAndLocate(string text, Span<EmoteRange> ranges)
    {
        // Without surrogates every character is one code point: no walk needed. Most chat is like that.
        if (!text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF')) return ClampAndLocateSingleUnit(text.Length, ranges);
        var kept = 0;
        var cp = 0;      // code point index of position i
        var i = 0;       // UTF-16 index
        var previousEnd = -1;
        foreach (var r in ranges)
        {
            if (r.Start <= previousEnd) continue; // overlaps the emote before it
            while (i < text.Length && cp < r.Start) Step(text, ref i, ref cp);
            if (i >= text.Length) break; // starts past the end: so do all later ones
            var range = r;
            range.Utf16Start = i;
            while (i < text.Length && cp <= r.End) Step(text, ref i, ref cp);
            range.End = cp - 1; // clamped to the last code point when the range ran past the end
            range.Utf16End = i;
            previousEnd = range.End;
            ranges[kept++] = range;
        }
        return kept;
    }

    private static int ClampAndLocateSingleUnit(int length, Span<EmoteRange> ranges)
    {
        var kept = 0;
        var previousEnd = -1;
        foreach (var r in ranges)
        {
            if (r.Start <= previousEnd) continue; // overlaps the emote before it
            if (r.Start >= length) break;         // starts past the end: so do all later ones
            var range = r;
            range.End = Math.Min(r.End, length - 1);
            range.Utf16Start = range.Start;
            range.Utf16End = range.End + 1;
            previousEnd = range.End;
            ranges[kept++] = range;
        }
        return kept;
    }

    private static void Step(string text, ref int i, ref int cp)
    {
        i += char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
        cp++;
    }

    private static MessageFragment[] Assemble(string text, ReadOnlySpan<char> tag, ReadOnlySpan<EmoteRange> ranges, TwitchChatVocabulary? vocabulary)
    {
        var count = 0;
        var pos = 0;
        foreach (var r in ranges)
        {
            if (r.Utf16Start > pos) count++;
            count++;
            pos = r.Utf16End;
        }
        if (pos < text.Length) count++;

        var fragments = new MessageFragment[count];
        var n = 0;
        pos = 0;
        foreach (var r in ranges)
        {
            if (r.Utf16Start > pos) fragments[n++] = new MessageFragment(text[pos..r.Utf16Start]);
            var name = text.AsSpan(r.Utf16Start, r.Utf16End - r.Utf16Start);
            var id = tag.Slice(r.IdStart, r.IdLength);
            var fragment = ReuseEmote(fragments.AsSpan(0, n), id, name) ?? EmoteFragment(id, name, vocabulary);
            fragments[n++] = fragment;
            pos = r.Utf16End;
        }
        if (pos < text.Length) fragments[n] = new MessageFragment(text[pos..]);
        return fragments;
    }

    // The same emote used again in one message shares its fragment: same id, same name, same picture.
    private static MessageFragment? ReuseEmote(ReadOnlySpan<MessageFragment> earlier, ReadOnlySpan<char> id, ReadOnlySpan<char> name)
    {
        foreach (var f in earlier)
        {
            if (f.Emote is { } e && id.SequenceEqual(e.Id) && name.SequenceEqual(e.Name)) return f;
        }
        return null;
    }

    private static MessageFragment EmoteFragment(ReadOnlySpan<char> id, ReadOnlySpan<char> name, TwitchChatVocabulary? vocabulary)
    {
        if (vocabulary is null) return NewEmoteFragment(id, name);
        return vocabulary.TryGetEmote(id, name, out var known) ? known : vocabulary.AddEmote(id, NewEmoteFragment(id, name));
    }

    private static string Shared(TwitchChatVocabulary? vocabulary, ReadOnlySpan<char> value) =>
        vocabulary is null ? new string(value) : vocabulary.Word(value);

    internal static MessageFragment NewEmoteFragment(ReadOnlySpan<char> id, ReadOnlySpan<char> name)
    {
        var nameText = new string(name);
        var idText = new string(id);
        return new MessageFragment(nameText, new Emote(idText, nameText, string.Concat(EmoteUrlPrefix, idText, EmoteUrlSuffix)));
    }
}
