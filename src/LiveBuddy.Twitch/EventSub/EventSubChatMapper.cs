using System.Globalization;
using System.Text;
using System.Text.Json;
using LiveBuddy.Core.Events;
using LiveBuddy.Twitch.Chat;

namespace LiveBuddy.Twitch.EventSub;

/// <summary>
/// Turns EventSub chat notifications (<c>channel.chat.message</c>, <c>.notification</c>, <c>.message_delete</c>,
/// <c>.clear</c>, <c>.clear_user_messages</c>) into the same Core events the IRC mapper makes of the same chat: the
/// same ids (a chat line's <c>message_id</c> is its IRC <c>id</c>), author, roles, badges, emotes by position, bits,
/// replies, first-time chatter and Shared Chat source. Golden tests hold the two mappers to that.
/// </summary>
internal static class EventSubChatMapper
{
    /// <summary>Alert origin for chat notifications read over EventSub (IRC's are <c>irc</c>, other EventSub alerts <c>eventsub</c>).</summary>
    public const string Origin = "eventsub-chat";

    public static readonly IReadOnlySet<string> Types = new HashSet<string>(StringComparer.Ordinal)
    {
        "channel.chat.message", "channel.chat.notification", "channel.chat.message_delete",
        "channel.chat.clear", "channel.chat.clear_user_messages",
    };

    private static readonly EventSubJsonContext Json = EventSubJsonContext.Default;

    /// <summary>Adds the events for one chat notification; false when the body is not what the type promises.</summary>
    public static bool TryMap(string type, DateTimeOffset sentAt, DateTimeOffset receivedAt, JsonElement body, List<StreamEvent> output)
    {
        try
        {
            switch (type)
            {
                case "channel.chat.message":
                    Message(EventSubMapper.Read(body, Json.ChatMessageEvent), sentAt, receivedAt, output);
                    return true;
                case "channel.chat.notification":
                    output.Add(Notification(EventSubMapper.Read(body, Json.ChatNotificationEvent), sentAt, receivedAt));
                    return true;
                case "channel.chat.message_delete":
                    output.Add(Deleted(EventSubMapper.Read(body, Json.ChatMessageDeleteEvent), sentAt, receivedAt));
                    return true;
                case "channel.chat.clear":
                case "channel.chat.clear_user_messages":
                    output.Add(Cleared(EventSubMapper.Read(body, Json.ChatClearEvent), sentAt, receivedAt, type.EndsWith("user_messages", StringComparison.Ordinal)));
                    return true;
                default:
                    return false;
            }
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            return false;
        }
    }

    private static void Message(ChatMessageEvent e, DateTimeOffset sentAt, DateTimeOffset receivedAt, List<StreamEvent> output)
    {
        var id = Required(e.MessageId);
        var channel = EventSubMapper.Channel(e.BroadcasterUserLogin);
        var author = Author(e.ChatterUserId, e.ChatterUserLogin, e.ChatterUserName, e.Color, e.Badges);
        var raw = (e.Message?.Text ?? "").AsSpan();
        var isAction = TwitchChatMapper.StripAction(ref raw);
        var text = raw.ToString();
        var bits = e.Cheer?.Bits ?? 0;
        var sharedFrom = e.SourceBroadcasterUserId is { Length: > 0 } source && !string.Equals(source, e.BroadcasterUserId, StringComparison.Ordinal)
            ? new SharedChatSource(source, e.SourceBroadcasterUserLogin?.ToLowerInvariant(), EmptyToNull(e.SourceMessageId))
            : null;
        output.Add(new ChatMessage
        {
            Platform = Platform.Twitch,
            Id = id,
            Channel = channel,
            SentAt = sentAt,
            ReceivedAt = receivedAt,
            Author = author,
            Text = text,
            Fragments = Fragments(text, e.Message?.Fragments),
            IsAction = isAction,
            IsFirstMessage = e.MessageType is "user_intro",
            ReplyToId = EmptyToNull(e.Reply?.ParentMessageId),
            Bits = bits,
            SharedFrom = sharedFrom,
        });
        // Bits cheered in a Shared Chat partner's room went to that channel: not our alert.
        if (bits > 0 && sharedFrom is null) output.Add(TwitchChatMapper.BitsAlert(id, channel, sentAt, receivedAt, author, bits, text, Origin));
    }

    /// <summary>
    /// Text and emote pieces as IRC's <c>emotes</c> tag gives them: mentions and cheermotes are text, so runs of
    /// non-emote fragments join into one text piece. Without fragments the whole text is one piece.
    /// </summary>
    private static IReadOnlyList<MessageFragment> Fragments(string text, IReadOnlyList<ChatFragment>? fragments)
    {
        if (text.Length == 0) return [];
        if (fragments is null || !fragments.Any(f => f?.Emote is { Id.Length: > 0 })) return [new MessageFragment(text)];
        var pieces = new List<MessageFragment>(fragments.Count);
        var run = new StringBuilder();
        foreach (var fragment in fragments)
        {
            if (fragment is null) continue;
            if (fragment.Emote is { Id: { Length: > 0 } emoteId } && fragment.Text is { Length: > 0 } name)
            {
                if (run.Length > 0) pieces.Add(new MessageFragment(run.ToString()));
                run.Clear();
                pieces.Add(pieces.FirstOrDefault(p => p.Emote?.Id == emoteId && p.Text == name) ?? TwitchChatMapper.NewEmoteFragment(emoteId, name));
            }
            else
            {
                run.Append(fragment.Text);
            }
        }
        if (run.Length > 0) pieces.Add(new MessageFragment(run.ToString()));
        return pieces;
    }

    private static StreamEvent Notification(ChatNotificationEvent e, DateTimeOffset sentAt, DateTimeOffset receivedAt)
    {
        var id = EmptyToNull(e.MessageId) ?? throw new FormatException("no message id");
        var channel = EventSubMapper.Channel(e.BroadcasterUserLogin);
        var text = EmptyToNull(e.Message?.Text);
        var systemText = EmptyToNull(e.SystemMessage);
        var notice = e.NoticeType ?? throw new FormatException("no notice type");

        if (notice.StartsWith("shared_chat_", StringComparison.Ordinal))
        {
            // Shared Chat relays another channel's sub/raid/announcement: worth knowing, not this stream's alert (as on IRC).
            return new ChannelNotice
            {
                Platform = Platform.Twitch,
                Id = id,
                Channel = channel,
                SentAt = sentAt,
                ReceivedAt = receivedAt,
                Kind = "sharedchatnotice:" + IrcNoticeName(notice["shared_chat_".Length..]),
                Text = systemText is null ? text ?? "" : text is null ? systemText : string.Concat(systemText, " ", text),
            };
        }

        var author = e.ChatterIsAnonymous ? Core.Events.Author.Anonymous : Author(e.ChatterUserId, e.ChatterUserLogin, e.ChatterUserName, e.Color, e.Badges);
        var key = e.ChatterIsAnonymous ? "anon" : author.Id;
        var alert = TwitchChatMapper.NoticeAlert(id, channel, sentAt, receivedAt, author, text, systemText, Origin);
        return notice switch
        {
            // A new sub is the first month, which is what IRC's cumulative-months says of it.
            "sub" => alert with { Kind = AlertKind.Subscription, Tier = Tier(e.Sub?.IsPrime, e.Sub?.SubTier), Count = 1, DedupeKey = "sub:" + author.Id },
            "resub" => alert with
            {
                Kind = AlertKind.Resubscription,
                Tier = Tier(e.Resub?.IsPrime, e.Resub?.SubTier),
                Count = e.Resub is { CumulativeMonths: > 0 } r ? r.CumulativeMonths : null,
                DedupeKey = "sub:" + author.Id,
            },
            "sub_gift" => alert with
            {
                Kind = AlertKind.GiftSubscription,
                Tier = TwitchChatMapper.Tier(e.SubGift?.SubTier),
                Count = 1,
                Recipient = e.SubGift is { } gift ? Person(gift.RecipientUserId, gift.RecipientUserLogin, gift.RecipientUserName) : null,
                GiftBombId = EmptyToNull(e.SubGift?.CommunityGiftId),
                DedupeKey = $"gift:{key}:1",
            },
            "community_sub_gift" => alert with
            {
                Kind = AlertKind.GiftBomb,
                Tier = TwitchChatMapper.Tier(e.CommunitySubGift?.SubTier),
                Count = Math.Max(1, e.CommunitySubGift?.Total ?? 1),
                // The single gifts that follow carry this id; without one the bomb still folds with itself.
                GiftBombId = EmptyToNull(e.CommunitySubGift?.Id) ?? id,
                DedupeKey = $"gift:{key}:{Math.Max(1, e.CommunitySubGift?.Total ?? 1).ToString(CultureInfo.InvariantCulture)}",
            },
            "gift_paid_upgrade" or "prime_paid_upgrade" => alert with { Kind = AlertKind.GiftUpgrade, DedupeKey = "upgrade:" + author.Id },
            "raid" => alert with { Kind = AlertKind.Raid, Count = e.Raid?.ViewerCount ?? 0, DedupeKey = "raid:" + author.Id },
            "announcement" => alert with { Kind = AlertKind.Announcement },
            _ => alert,
        };
    }

    private static MessageDeleted Deleted(ChatMessageDeleteEvent e, DateTimeOffset sentAt, DateTimeOffset receivedAt)
    {
        var target = Required(e.MessageId);
        return new MessageDeleted
        {
            Platform = Platform.Twitch,
            Id = "clearmsg:" + target, // the id IRC's CLEARMSG gets, so both transports fold into one
            Channel = EventSubMapper.Channel(e.BroadcasterUserLogin),
            SentAt = sentAt,
            ReceivedAt = receivedAt,
            TargetMessageId = target,
            TargetAuthorName = e.TargetUserLogin,
        };
    }

    /// <summary>
    /// <c>clear</c> is IRC's CLEARCHAT without a user; <c>clear_user_messages</c> is CLEARCHAT with one. EventSub does
    /// not say how long a timeout lasts, so it reads as a ban (<see cref="UserCleared.Duration"/> null), with that said in the reason.
    /// </summary>
    private static StreamEvent Cleared(ChatClearEvent e, DateTimeOffset sentAt, DateTimeOffset receivedAt, bool oneUser)
    {
        var channel = EventSubMapper.Channel(e.BroadcasterUserLogin);
        var room = e.BroadcasterUserId ?? channel;
        var ts = sentAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        if (!oneUser)
            return new ChatCleared { Platform = Platform.Twitch, Id = TwitchChatMapper.SyntheticId("clearchat", room, ts, "", receivedAt), Channel = channel, SentAt = sentAt, ReceivedAt = receivedAt };
        var targetId = Required(e.TargetUserId);
        var login = (e.TargetUserLogin ?? "").ToLowerInvariant();
        return new UserCleared
        {
            Platform = Platform.Twitch,
            Id = TwitchChatMapper.SyntheticId("clearchat", room, ts, targetId, receivedAt),
            Channel = channel,
            SentAt = sentAt,
            ReceivedAt = receivedAt,
            Target = new Author { Id = targetId, Name = login, DisplayName = login },
        };
    }

    /// <summary>A chatter as IRC's tags describe them: lower-case login, display name, colour, badges with their info, roles from the badges.</summary>
    internal static Author Author(string? id, string? login, string? name, string? color, IReadOnlyList<ChatBadge>? badges)
    {
        var lower = (login ?? "").ToLowerInvariant();
        var parsed = (badges ?? []).Where(b => b is { SetId.Length: > 0, Id.Length: > 0 })
            .Select(b => new Badge(b.SetId!, b.Id!) { Info = EmptyToNull(b.Info) }).ToArray();
        var roles = ViewerRoles.None;
        foreach (var badge in parsed) roles |= TwitchChatMapper.RoleOf(badge.Name);
        return new Author
        {
            Id = id ?? "",
            Name = lower,
            DisplayName = string.IsNullOrWhiteSpace(name) ? lower : name.Trim(),
            Color = EmptyToNull(color),
            Badges = parsed,
            Roles = roles,
        };
    }

    private static Author Person(string? id, string? login, string? name)
    {
        var lower = (login ?? "").ToLowerInvariant();
        return new Author { Id = id ?? "", Name = lower, DisplayName = string.IsNullOrEmpty(name) ? lower : name };
    }

    // EventSub's notice names for the IRC msg-ids the IRC mapper sees in source-msg-id.
    private static string IrcNoticeName(string notice) => notice switch
    {
        "sub_gift" => "subgift",
        "community_sub_gift" => "submysterygift",
        "gift_paid_upgrade" => "giftpaidupgrade",
        "prime_paid_upgrade" => "primepaidupgrade",
        "pay_it_forward" => "standardpayforward",
        "bits_badge_tier" => "bitsbadgetier",
        "charity_donation" => "charitydonation",
        _ => notice,
    };

    private static string? Tier(bool? prime, string? tier) => prime == true ? "Prime" : TwitchChatMapper.Tier(tier);

    private static string Required(string? value) =>
        string.IsNullOrEmpty(value) ? throw new FormatException("missing id") : value;

    private static string? EmptyToNull(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
