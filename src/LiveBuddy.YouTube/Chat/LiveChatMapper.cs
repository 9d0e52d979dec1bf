using System.Globalization;
using LiveBuddy.Core.Events;
using LiveBuddy.YouTube.Api;

namespace LiveBuddy.YouTube.Chat;

/// <summary>Why one liveChatMessage did not become an event.</summary>
internal enum SkipReason { None, Malformed, UnknownType, Tombstone }

/// <summary>
/// Turns one <c>liveChatMessage</c> into a Core event (Platform.YouTube, Channel = liveChatId, Id = message id,
/// SentAt = snippet.publishedAt). Pure: no clock, no I/O, so the page benchmark and tests call it directly.
/// </summary>
internal static class LiveChatMapper
{
    public const string Origin = "youtube";

    public static StreamEvent? Map(LiveChatMessage message, string liveChatId, DateTimeOffset receivedAt, out SkipReason skip)
    {
        skip = SkipReason.Malformed;
        var snippet = message.Snippet;
        if (string.IsNullOrEmpty(message.Id) || snippet?.Type is not { Length: > 0 } type) return null;
        if (!TryParseTime(snippet.PublishedAt, out var sentAt)) return null;
        var channel = string.IsNullOrEmpty(snippet.LiveChatId) ? liveChatId : snippet.LiveChatId;
        var author = ToAuthor(message.AuthorDetails, snippet.AuthorChannelId);
        var id = message.Id;

        StreamEvent? result = type switch
        {
            "textMessageEvent" => TextMessage(snippet, author, id, channel, sentAt, receivedAt),
            "superChatEvent" => SuperChat(snippet, author, id, channel, sentAt, receivedAt),
            "superStickerEvent" => SuperSticker(snippet, author, id, channel, sentAt, receivedAt),
            "newSponsorEvent" => NewMember(snippet, author, id, channel, sentAt, receivedAt),
            "memberMilestoneChatEvent" => Milestone(snippet, author, id, channel, sentAt, receivedAt),
            "membershipGiftingEvent" => Gifting(snippet, author, id, channel, sentAt, receivedAt),
            "giftMembershipReceivedEvent" => GiftReceived(snippet, author, id, channel, sentAt, receivedAt),
            "giftEvent" => Gifts.GiftMapper.Map(snippet, author, id, channel, sentAt, receivedAt),
            "messageDeletedEvent" => snippet.MessageDeletedDetails?.DeletedMessageId is { Length: > 0 } deleted
                ? new MessageDeleted { Platform = Platform.YouTube, Id = id, Channel = channel, SentAt = sentAt, ReceivedAt = receivedAt, TargetMessageId = deleted }
                : null,
            "messageRetractedEvent" => snippet.MessageRetractedDetails?.RetractedMessageId is { Length: > 0 } retracted
                ? new MessageDeleted { Platform = Platform.YouTube, Id = id, Channel = channel, SentAt = sentAt, ReceivedAt = receivedAt, TargetMessageId = retracted, Retracted = true }
                : null,
            "userBannedEvent" => UserBanned(snippet, author, id, channel, sentAt, receivedAt),
            "pollEvent" => new ChannelNotice
            {
                Platform = Platform.YouTube, Id = id, Channel = channel, SentAt = sentAt, ReceivedAt = receivedAt,
                Kind = "poll",
                Text = snippet.PollDetails?.Metadata?.QuestionText ?? snippet.DisplayMessage ?? "",
            },
            "chatEndedEvent" => new StreamOffline { Platform = Platform.YouTube, Id = id, Channel = channel, SentAt = sentAt, ReceivedAt = receivedAt },
            _ => null,
        };

        if (result is not null)
        {
            skip = SkipReason.None;
            return result;
        }
        skip = type switch
        {
            // A tombstone stands in for a message that no longer exists; the deletion event already told us.
            "tombstone" => SkipReason.Tombstone,
            "textMessageEvent" or "superChatEvent" or "superStickerEvent" or "newSponsorEvent" or "memberMilestoneChatEvent"
                or "membershipGiftingEvent" or "giftMembershipReceivedEvent" or "messageDeletedEvent" or "messageRetractedEvent"
                or "userBannedEvent" or "giftEvent" => SkipReason.Malformed,
            _ => SkipReason.UnknownType,
        };
        return null;
    }

    private static ChatMessage? TextMessage(LiveChatMessageSnippet s, Author author, string id, string channel, DateTimeOffset sentAt, DateTimeOffset receivedAt)
    {
        var text = s.TextMessageDetails?.MessageText ?? s.DisplayMessage;
        if (text is null) return null;
        return new ChatMessage
        {
            Platform = Platform.YouTube, Id = id, Channel = channel, SentAt = sentAt, ReceivedAt = receivedAt,
            Author = author,
            Text = text,
            // YouTube sends emoji as Unicode and custom emoji as :shortcodes:, both plain text here.
            Fragments = text.Length == 0 ? [] : [new MessageFragment(text)],
        };
    }

    private static Alert? SuperChat(LiveChatMessageSnippet s, Author author, string id, string channel, DateTimeOffset sentAt, DateTimeOffset receivedAt)
    {
        var d = s.SuperChatDetails;
        if (d is null || !TryParseMicros(d.AmountMicros, out var amount) || string.IsNullOrEmpty(d.Currency)) return null;
        return new Alert
        {
            Platform = Platform.YouTube, Id = id, Channel = channel, SentAt = sentAt, ReceivedAt = receivedAt,
            Kind = AlertKind.SuperChat, Author = author, Amount = amount, Currency = d.Currency,
            Message = d.UserComment, Tier = d.Tier?.ToString(CultureInfo.InvariantCulture),
            SystemText = d.AmountDisplayString, DedupeKey = "superChat:" + id, Origin = Origin,
        };
    }

    private static Alert? SuperSticker(LiveChatMessageSnippet s, Author author, string id, string channel, DateTimeOffset sentAt, DateTimeOffset receivedAt)
    {
        var d = s.SuperStickerDetails;
        if (d is null || !TryParseMicros(d.AmountMicros, out var amount) || string.IsNullOrEmpty(d.Currency)) return null;
        return new Alert
        {
            Platform = Platform.YouTube, Id = id, Channel = channel, SentAt = sentAt, ReceivedAt = receivedAt,
            Kind = AlertKind.SuperSticker, Author = author, Amount = amount, Currency = d.Currency,
            Message = d.SuperStickerMetadata?.AltText, Tier = d.Tier?.ToString(CultureInfo.InvariantCulture),
            SystemText = d.AmountDisplayString, DedupeKey = "superSticker:" + id, Origin = Origin,
        };
    }

    private static Alert NewMember(LiveChatMessageSnippet s, Author author, string id, string channel, DateTimeOffset sentAt, DateTimeOffset receivedAt) =>
        new()
        {
            Platform = Platform.YouTube, Id = id, Channel = channel, SentAt = sentAt, ReceivedAt = receivedAt,
            Kind = AlertKind.Membership, Author = author, Tier = s.NewSponsorDetails?.MemberLevelName,
            SystemText = s.NewSponsorDetails?.IsUpgrade == true ? "upgrade" : s.DisplayMessage,
            DedupeKey = "membership:" + id, Origin = Origin,
        };

    private static Alert Milestone(LiveChatMessageSnippet s, Author author, string id, string channel, DateTimeOffset sentAt, DateTimeOffset receivedAt) =>
        new()
        {
            Platform = Platform.YouTube, Id = id, Channel = channel, SentAt = sentAt, ReceivedAt = receivedAt,
            Kind = AlertKind.MembershipMilestone, Author = author,
            Count = ToInt(s.MemberMilestoneChatDetails?.MemberMonth),
            Message = s.MemberMilestoneChatDetails?.UserComment,
            Tier = s.MemberMilestoneChatDetails?.MemberLevelName,
            SystemText = s.DisplayMessage, DedupeKey = "membershipMilestone:" + id, Origin = Origin,
        };

    private static Alert? Gifting(LiveChatMessageSnippet s, Author author, string id, string channel, DateTimeOffset sentAt, DateTimeOffset receivedAt)
    {
        var count = ToInt(s.MembershipGiftingDetails?.GiftMembershipsCount);
        if (count is not > 0) return null;
        return new Alert
        {
            Platform = Platform.YouTube, Id = id, Channel = channel, SentAt = sentAt, ReceivedAt = receivedAt,
            Kind = AlertKind.MembershipGift, Author = author, Count = count,
            Tier = s.MembershipGiftingDetails?.GiftMembershipsLevelName, SystemText = s.DisplayMessage,
            // The gifting message's own id is the "bomb" id its N received events point back to.
            GiftBombId = id, DedupeKey = $"membershipGift:{id}:{count}", Origin = Origin,
        };
    }

    private static Alert GiftReceived(LiveChatMessageSnippet s, Author author, string id, string channel, DateTimeOffset sentAt, DateTimeOffset receivedAt)
    {
        var d = s.GiftMembershipReceivedDetails;
        return new Alert
        {
            Platform = Platform.YouTube, Id = id, Channel = channel, SentAt = sentAt, ReceivedAt = receivedAt,
            // The author of a received event is the recipient; the alert folds into the gifting one by GiftBombId.
            Kind = AlertKind.MembershipGiftReceived, Recipient = author, Tier = d?.MemberLevelName,
            Author = d?.GifterChannelId is { Length: > 0 } gifter ? new Author { Id = gifter, Name = gifter, DisplayName = gifter } : null,
            GiftBombId = d?.AssociatedMembershipGiftingMessageId, SystemText = s.DisplayMessage,
            DedupeKey = "membershipGiftReceived:" + id, Origin = Origin,
        };
    }

    private static UserCleared? UserBanned(LiveChatMessageSnippet s, Author moderator, string id, string channel, DateTimeOffset sentAt, DateTimeOffset receivedAt)
    {
        var d = s.UserBannedDetails;
        var target = d?.BannedUserDetails;
        if (d is null || string.IsNullOrEmpty(target?.ChannelId)) return null;
        TimeSpan? duration = null;
        if (string.Equals(d.BanType, "temporary", StringComparison.Ordinal))
        {
            if (!long.TryParse(d.BanDurationSeconds, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0) return null;
            // Capped at int.MaxValue seconds (68 years): more than a TimeSpan can hold must not throw.
            duration = TimeSpan.FromSeconds(Math.Min(seconds, int.MaxValue));
        }
        else if (!string.Equals(d.BanType, "permanent", StringComparison.Ordinal))
        {
            return null;
        }
        var name = target.DisplayName ?? target.ChannelId;
        return new UserCleared
        {
            Platform = Platform.YouTube, Id = id, Channel = channel, SentAt = sentAt, ReceivedAt = receivedAt,
            Target = new Author { Id = target.ChannelId, Name = name, DisplayName = name },
            Duration = duration,
            Moderator = moderator.DisplayName.Length > 0 ? moderator.DisplayName : null,
        };
    }

    internal static Author ToAuthor(LiveChatMessageAuthorDetails? a, string? fallbackChannelId)
    {
        var channelId = a?.ChannelId ?? fallbackChannelId ?? "";
        if (a is null && channelId.Length == 0) return Author.Anonymous;
        var displayName = a?.DisplayName ?? channelId;
        var roles = ViewerRoles.None;
        var badges = new List<Badge>(2);
        if (a?.IsChatOwner == true) { roles |= ViewerRoles.Broadcaster; badges.Add(new Badge("owner", "1")); }
        if (a?.IsChatModerator == true) { roles |= ViewerRoles.Moderator; badges.Add(new Badge("moderator", "1")); }
        if (a?.IsChatSponsor == true) { roles |= ViewerRoles.Subscriber; badges.Add(new Badge("member", "1")); }
        if (a?.IsVerified == true) { roles |= ViewerRoles.Verified; badges.Add(new Badge("verified", "1")); }
        return new Author
        {
            Id = channelId,
            // YouTube has no login name; the display name (often an @handle) is what viewers type.
            Name = displayName,
            DisplayName = displayName,
            Roles = roles,
            Badges = badges,
        };
    }

    internal static bool TryParseMicros(string? micros, out decimal amount)
    {
        amount = 0;
        if (!ulong.TryParse(micros, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return false;
        amount = decimal.Round(value / 1_000_000m, 6);
        return true;
    }

    internal static bool TryParseTime(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    private static int? ToInt(long? value) => value is null ? null : (int)Math.Clamp(value.Value, 0, int.MaxValue);
}
