using Newtonsoft.Json;

namespace LiveBuddy.YouTube.Api;

// Wire shapes of Super Chats, Super Stickers and memberships (the alerts YouTube had before gifts).
// Google's JSON encodes 64-bit numbers (amountMicros, banDurationSeconds, concurrentViewers) as strings, so they
// stay strings here and are parsed (invariant, counted when bad) by the mapper. Timestamps stay strings too.

public sealed record SuperChatDetails
{
    [JsonProperty("amountMicros")] public string? AmountMicros { get; init; }
    [JsonProperty("currency")] public string? Currency { get; init; }
    [JsonProperty("amountDisplayString")] public string? AmountDisplayString { get; init; }
    [JsonProperty("userComment")] public string? UserComment { get; init; }
    [JsonProperty("tier")] public long? Tier { get; init; }
}

public sealed record SuperStickerDetails
{
    [JsonProperty("superStickerMetadata")] public SuperStickerMetadata? SuperStickerMetadata { get; init; }
    [JsonProperty("amountMicros")] public string? AmountMicros { get; init; }
    [JsonProperty("currency")] public string? Currency { get; init; }
    [JsonProperty("amountDisplayString")] public string? AmountDisplayString { get; init; }
    [JsonProperty("tier")] public long? Tier { get; init; }
}

public sealed record SuperStickerMetadata
{
    [JsonProperty("stickerId")] public string? StickerId { get; init; }
    [JsonProperty("altText")] public string? AltText { get; init; }
    [JsonProperty("language")] public string? Language { get; init; }
}

public sealed record NewSponsorDetails
{
    [JsonProperty("memberLevelName")] public string? MemberLevelName { get; init; }
    [JsonProperty("isUpgrade")] public bool? IsUpgrade { get; init; }
}

public sealed record MemberMilestoneChatDetails
{
    [JsonProperty("userComment")] public string? UserComment { get; init; }
    [JsonProperty("memberMonth")] public long? MemberMonth { get; init; }
    [JsonProperty("memberLevelName")] public string? MemberLevelName { get; init; }
}

public sealed record MembershipGiftingDetails
{
    [JsonProperty("giftMembershipsCount")] public long? GiftMembershipsCount { get; init; }
    [JsonProperty("giftMembershipsLevelName")] public string? GiftMembershipsLevelName { get; init; }
}

public sealed record GiftMembershipReceivedDetails
{
    [JsonProperty("memberLevelName")] public string? MemberLevelName { get; init; }
    [JsonProperty("gifterChannelId")] public string? GifterChannelId { get; init; }
    [JsonProperty("associatedMembershipGiftingMessageId")] public string? AssociatedMembershipGiftingMessageId { get; init; }
}
