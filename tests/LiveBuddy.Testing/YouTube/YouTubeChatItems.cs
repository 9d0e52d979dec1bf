using System.Globalization;
using System.Text.Json.Nodes;

namespace LiveBuddy.Testing.YouTube;

/// <summary>A chat participant as <c>authorDetails</c> describes them.</summary>
public sealed record FakeYouTubeAuthor(string ChannelId, string DisplayName, bool Owner = false, bool Moderator = false, bool Member = false, bool Verified = false)
{
    public JsonObject ToJson() => new()
    {
        ["channelId"] = ChannelId,
        ["channelUrl"] = "http://www.youtube.com/channel/" + ChannelId,
        ["displayName"] = DisplayName,
        ["profileImageUrl"] = "https://yt3.ggpht.com/" + ChannelId,
        ["isVerified"] = Verified,
        ["isChatOwner"] = Owner,
        ["isChatSponsor"] = Member,
        ["isChatModerator"] = Moderator,
    };
}

/// <summary>
/// <c>liveChatMessage</c> resources of every <c>snippet.type</c>, shaped as Google's reference page shows them
/// (amountMicros and banDurationSeconds as strings; memberMonth, tier and giftMembershipsCount as numbers).
/// </summary>
public static class YouTubeChatItems
{
    public static JsonObject Text(string id, string liveChatId, FakeYouTubeAuthor author, string text, DateTimeOffset at) =>
        Item(id, liveChatId, "textMessageEvent", author, at, text, s => s["textMessageDetails"] = new JsonObject { ["messageText"] = text });

    public static JsonObject SuperChat(string id, string liveChatId, FakeYouTubeAuthor author, string amountMicros, string currency, string display,
        string? comment, int tier, DateTimeOffset at) =>
        Item(id, liveChatId, "superChatEvent", author, at, $"{display} from {author.DisplayName}: \"{comment}\"", s => s["superChatDetails"] = new JsonObject
        {
            ["amountMicros"] = amountMicros,
            ["currency"] = currency,
            ["amountDisplayString"] = display,
            ["userComment"] = comment,
            ["tier"] = tier,
        });

    public static JsonObject SuperSticker(string id, string liveChatId, FakeYouTubeAuthor author, string amountMicros, string currency, string display,
        string altText, int tier, DateTimeOffset at) =>
        Item(id, liveChatId, "superStickerEvent", author, at, $"Super Sticker {display} from {author.DisplayName}", s => s["superStickerDetails"] = new JsonObject
        {
            ["superStickerMetadata"] = new JsonObject { ["stickerId"] = "sticker-1", ["altText"] = altText, ["language"] = "en" },
            ["amountMicros"] = amountMicros,
            ["currency"] = currency,
            ["amountDisplayString"] = display,
            ["tier"] = tier,
        });

    public static JsonObject NewMember(string id, string liveChatId, FakeYouTubeAuthor author, string level, bool isUpgrade, DateTimeOffset at) =>
        Item(id, liveChatId, "newSponsorEvent", author, at, $"Welcome to {level}!", s => s["newSponsorDetails"] = new JsonObject
        {
            ["memberLevelName"] = level,
            ["isUpgrade"] = isUpgrade,
        });

    public static JsonObject Milestone(string id, string liveChatId, FakeYouTubeAuthor author, int months, string level, string? comment, DateTimeOffset at) =>
        Item(id, liveChatId, "memberMilestoneChatEvent", author, at, comment ?? "", s => s["memberMilestoneChatDetails"] = new JsonObject
        {
            ["userComment"] = comment,
            ["memberMonth"] = months,
            ["memberLevelName"] = level,
        });

    public static JsonObject Gifting(string id, string liveChatId, FakeYouTubeAuthor author, int count, string level, DateTimeOffset at) =>
        Item(id, liveChatId, "membershipGiftingEvent", author, at, $"Gifted {count} {level} memberships", s => s["membershipGiftingDetails"] = new JsonObject
        {
            ["giftMembershipsCount"] = count,
            ["giftMembershipsLevelName"] = level,
        });

    public static JsonObject GiftReceived(string id, string liveChatId, FakeYouTubeAuthor recipient, string gifterChannelId, string giftingMessageId, string level, DateTimeOffset at) =>
        Item(id, liveChatId, "giftMembershipReceivedEvent", recipient, at, $"Received a gift membership", s => s["giftMembershipReceivedDetails"] = new JsonObject
        {
            ["memberLevelName"] = level,
            ["gifterChannelId"] = gifterChannelId,
            ["associatedMembershipGiftingMessageId"] = giftingMessageId,
        });

    public static JsonObject Deleted(string id, string liveChatId, FakeYouTubeAuthor moderator, string deletedMessageId, DateTimeOffset at) =>
        Item(id, liveChatId, "messageDeletedEvent", moderator, at, null, s => s["messageDeletedDetails"] = new JsonObject { ["deletedMessageId"] = deletedMessageId });

    public static JsonObject Retracted(string id, string liveChatId, FakeYouTubeAuthor author, string retractedMessageId, DateTimeOffset at) =>
        Item(id, liveChatId, "messageRetractedEvent", author, at, null, s => s["messageRetractedDetails"] = new JsonObject { ["retractedMessageId"] = retractedMessageId });

    /// <summary>A ban: <paramref name="seconds"/> set makes it temporary (banDurationSeconds as a string), else permanent.</summary>
    public static JsonObject Banned(string id, string liveChatId, FakeYouTubeAuthor moderator, FakeYouTubeAuthor banned, long? seconds, DateTimeOffset at) =>
        Item(id, liveChatId, "userBannedEvent", moderator, at, null, s =>
        {
            var details = new JsonObject
            {
                ["bannedUserDetails"] = new JsonObject
                {
                    ["channelId"] = banned.ChannelId,
                    ["channelUrl"] = "http://www.youtube.com/channel/" + banned.ChannelId,
                    ["displayName"] = banned.DisplayName,
                    ["profileImageUrl"] = "https://yt3.ggpht.com/" + banned.ChannelId,
                },
                ["banType"] = seconds is null ? "permanent" : "temporary",
            };
            if (seconds is { } sec) details["banDurationSeconds"] = sec.ToString(CultureInfo.InvariantCulture);
            s["userBannedDetails"] = details;
        });

    public static JsonObject Poll(string id, string liveChatId, FakeYouTubeAuthor author, string question, DateTimeOffset at) =>
        Poll(id, liveChatId, author, question, [("Yes", 3), ("No", 1)], "active", at);

    /// <summary>A native poll with its tallies (int64, so strings) and status (<c>active</c>/<c>closed</c>) on pollDetails.</summary>
    public static JsonObject Poll(string id, string liveChatId, FakeYouTubeAuthor author, string question,
        IReadOnlyList<(string Text, long Tally)> options, string status, DateTimeOffset at) =>
        Item(id, liveChatId, "pollEvent", author, at, null, s => s["pollDetails"] = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["questionText"] = question,
                ["options"] = new JsonArray(options.Select(o => (JsonNode)new JsonObject
                {
                    ["optionText"] = o.Text,
                    ["tally"] = o.Tally.ToString(CultureInfo.InvariantCulture),
                }).ToArray()),
            },
            ["status"] = status,
        });

    /// <summary>
    /// A gift bought with Jewels (<c>giftEvent</c>). <paramref name="legacyName"/> sends the details under their first
    /// published name <c>giftEventDetails</c>, as streams from before the rename to <c>giftDetails</c> do.
    /// </summary>
    public static JsonObject Gift(string id, string liveChatId, FakeYouTubeAuthor author, string giftName, string giftUrl, long jewels, int combo,
        DateTimeOffset at, bool legacyName = false) =>
        Item(id, liveChatId, "giftEvent", author, at, $"{author.DisplayName} sent {giftName} x{combo}", s => s[legacyName ? "giftEventDetails" : "giftDetails"] = new JsonObject
        {
            ["giftName"] = giftName,
            ["giftUrl"] = giftUrl,
            ["altText"] = giftName,
            ["comboCount"] = combo,
            ["jewelsCount"] = jewels.ToString(CultureInfo.InvariantCulture),
            ["hasVisualEffect"] = true,
            ["language"] = "en",
        });

    public static JsonObject ChatEnded(string id, string liveChatId, DateTimeOffset at) =>
        new()
        {
            ["kind"] = "youtube#liveChatMessage",
            ["etag"] = "etag-" + id,
            ["id"] = id,
            ["snippet"] = new JsonObject
            {
                ["type"] = "chatEndedEvent",
                ["liveChatId"] = liveChatId,
                ["publishedAt"] = FakeYouTubeApi.Time(at),
                ["hasDisplayContent"] = false,
            },
        };

    public static JsonObject Tombstone(string id, string liveChatId, DateTimeOffset at) =>
        new()
        {
            ["kind"] = "youtube#liveChatMessage",
            ["etag"] = "etag-" + id,
            ["id"] = id,
            ["snippet"] = new JsonObject
            {
                ["type"] = "tombstone",
                ["liveChatId"] = liveChatId,
                ["publishedAt"] = FakeYouTubeApi.Time(at),
                ["hasDisplayContent"] = false,
            },
        };

    /// <summary>A message of any type, for unknown-type and malformed-input tests.</summary>
    public static JsonObject Raw(string id, string liveChatId, string type, FakeYouTubeAuthor author, DateTimeOffset at) =>
        Item(id, liveChatId, type, author, at, "?", _ => { });

    private static JsonObject Item(string id, string liveChatId, string type, FakeYouTubeAuthor author, DateTimeOffset at, string? display, Action<JsonObject> details)
    {
        var snippet = new JsonObject
        {
            ["type"] = type,
            ["liveChatId"] = liveChatId,
            ["authorChannelId"] = author.ChannelId,
            ["publishedAt"] = FakeYouTubeApi.Time(at),
            ["hasDisplayContent"] = display is not null,
        };
        if (display is not null) snippet["displayMessage"] = display;
        details(snippet);
        return new JsonObject
        {
            ["kind"] = "youtube#liveChatMessage",
            ["etag"] = "etag-" + id,
            ["id"] = id,
            ["snippet"] = snippet,
            ["authorDetails"] = author.ToJson(),
        };
    }
}
