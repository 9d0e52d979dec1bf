using Newtonsoft.Json;

namespace LiveBuddy.YouTube.Api;

// Wire shapes of liveChatMessages.list and .insert (text), written from Google's reference pages.
// Google's JSON encodes 64-bit numbers (amountMicros, banDurationSeconds, concurrentViewers) as strings, so they
// stay strings here and are parsed (invariant, counted when bad) by the mapper. Timestamps stay strings too.

/// <summary>Response of <c>liveChatMessages.list</c>.</summary>
public sealed record LiveChatMessageListResponse
{
    [JsonProperty("kind")] public string? Kind { get; init; }
    [JsonProperty("etag")] public string? ETag { get; init; }
    [JsonProperty("nextPageToken")] public string? NextPageToken { get; init; }
    [JsonProperty("pollingIntervalMillis")] public long? PollingIntervalMillis { get; init; }
    [JsonProperty("offlineAt")] public string? OfflineAt { get; init; }
    [JsonProperty("items")] public IReadOnlyList<LiveChatMessage>? Items { get; init; }
    /// <summary>The chat's running native poll, with its current tallies, while one is open.</summary>
    [JsonProperty("activePollItem")] public LiveChatMessage? ActivePollItem { get; init; }
}

/// <summary>One <c>liveChatMessage</c> resource.</summary>
public sealed record LiveChatMessage
{
    [JsonProperty("kind")] public string? Kind { get; init; }
    [JsonProperty("etag")] public string? ETag { get; init; }
    [JsonProperty("id")] public string? Id { get; init; }
    [JsonProperty("snippet")] public LiveChatMessageSnippet? Snippet { get; init; }
    [JsonProperty("authorDetails")] public LiveChatMessageAuthorDetails? AuthorDetails { get; init; }
}

public sealed record LiveChatMessageSnippet
{
    [JsonProperty("type")] public string? Type { get; init; }
    [JsonProperty("liveChatId")] public string? LiveChatId { get; init; }
    [JsonProperty("authorChannelId")] public string? AuthorChannelId { get; init; }
    [JsonProperty("publishedAt")] public string? PublishedAt { get; init; }
    [JsonProperty("hasDisplayContent")] public bool? HasDisplayContent { get; init; }
    [JsonProperty("displayMessage")] public string? DisplayMessage { get; init; }
    [JsonProperty("textMessageDetails")] public TextMessageDetails? TextMessageDetails { get; init; }
    [JsonProperty("messageDeletedDetails")] public MessageDeletedDetails? MessageDeletedDetails { get; init; }
    [JsonProperty("messageRetractedDetails")] public MessageRetractedDetails? MessageRetractedDetails { get; init; }
    [JsonProperty("userBannedDetails")] public UserBannedDetails? UserBannedDetails { get; init; }
    [JsonProperty("memberMilestoneChatDetails")] public MemberMilestoneChatDetails? MemberMilestoneChatDetails { get; init; }
    [JsonProperty("newSponsorDetails")] public NewSponsorDetails? NewSponsorDetails { get; init; }
    [JsonProperty("superChatDetails")] public SuperChatDetails? SuperChatDetails { get; init; }
    [JsonProperty("superStickerDetails")] public SuperStickerDetails? SuperStickerDetails { get; init; }
    [JsonProperty("membershipGiftingDetails")] public MembershipGiftingDetails? MembershipGiftingDetails { get; init; }
    [JsonProperty("giftMembershipReceivedDetails")] public GiftMembershipReceivedDetails? GiftMembershipReceivedDetails { get; init; }
    [JsonProperty("pollDetails")] public PollDetails? PollDetails { get; init; }
    [JsonProperty("giftDetails")] public GiftDetails? GiftDetails { get; init; }
    /// <summary>The first published name of <see cref="GiftDetails"/>; streams from before the rename still send it.</summary>
    [JsonProperty("giftEventDetails")] public GiftDetails? GiftEventDetails { get; init; }
}

public sealed record LiveChatMessageAuthorDetails
{
    [JsonProperty("channelId")] public string? ChannelId { get; init; }
    [JsonProperty("channelUrl")] public string? ChannelUrl { get; init; }
    [JsonProperty("displayName")] public string? DisplayName { get; init; }
    [JsonProperty("profileImageUrl")] public string? ProfileImageUrl { get; init; }
    [JsonProperty("isVerified")] public bool? IsVerified { get; init; }
    [JsonProperty("isChatOwner")] public bool? IsChatOwner { get; init; }
    [JsonProperty("isChatSponsor")] public bool? IsChatSponsor { get; init; }
    [JsonProperty("isChatModerator")] public bool? IsChatModerator { get; init; }
}

public sealed record TextMessageDetails
{
    [JsonProperty("messageText")] public string? MessageText { get; init; }
}

public sealed record ChannelProfileDetails
{
    [JsonProperty("channelId")] public string? ChannelId { get; init; }
    [JsonProperty("channelUrl")] public string? ChannelUrl { get; init; }
    [JsonProperty("displayName")] public string? DisplayName { get; init; }
    [JsonProperty("profileImageUrl")] public string? ProfileImageUrl { get; init; }
}

/// <summary>Body of <c>liveChatMessages.insert</c>.</summary>
public sealed record LiveChatMessageInsert
{
    [JsonProperty("snippet")] public required LiveChatMessageInsertSnippet Snippet { get; init; }
}

public sealed record LiveChatMessageInsertSnippet
{
    [JsonProperty("liveChatId")] public required string LiveChatId { get; init; }
    [JsonProperty("type")] public string Type { get; init; } = "textMessageEvent";
    [JsonProperty("textMessageDetails")] public required TextMessageDetails TextMessageDetails { get; init; }
}
