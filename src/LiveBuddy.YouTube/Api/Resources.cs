using Newtonsoft.Json;

namespace LiveBuddy.YouTube.Api;

// Wire shapes of the YouTube Data API v3, written from Google's reference pages. Google's JSON encodes 64-bit
// numbers (amountMicros, banDurationSeconds, concurrentViewers) as strings, so they stay strings here and are
// parsed (invariant, counted when bad) by the mapper. Timestamps stay strings for the same reason.

/// <summary>Response of <c>liveChatMessages.list</c>.</summary>
public sealed record LiveChatMessageListResponse
{
    [JsonProperty("kind")] public string? Kind { get; init; }
    [JsonProperty("etag")] public string? ETag { get; init; }
    [JsonProperty("nextPageToken")] public string? NextPageToken { get; init; }
    [JsonProperty("pollingIntervalMillis")] public long? PollingIntervalMillis { get; init; }
    [JsonProperty("offlineAt")] public string? OfflineAt { get; init; }
    [JsonProperty("items")] public IReadOnlyList<LiveChatMessage>? Items { get; init; }
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

public sealed record MessageDeletedDetails
{
    [JsonProperty("deletedMessageId")] public string? DeletedMessageId { get; init; }
}

public sealed record MessageRetractedDetails
{
    [JsonProperty("retractedMessageId")] public string? RetractedMessageId { get; init; }
}

public sealed record UserBannedDetails
{
    [JsonProperty("bannedUserDetails")] public ChannelProfileDetails? BannedUserDetails { get; init; }
    [JsonProperty("banType")] public string? BanType { get; init; }
    [JsonProperty("banDurationSeconds")] public string? BanDurationSeconds { get; init; }
}

public sealed record ChannelProfileDetails
{
    [JsonProperty("channelId")] public string? ChannelId { get; init; }
    [JsonProperty("channelUrl")] public string? ChannelUrl { get; init; }
    [JsonProperty("displayName")] public string? DisplayName { get; init; }
    [JsonProperty("profileImageUrl")] public string? ProfileImageUrl { get; init; }
}

public sealed record MemberMilestoneChatDetails
{
    [JsonProperty("userComment")] public string? UserComment { get; init; }
    [JsonProperty("memberMonth")] public long? MemberMonth { get; init; }
    [JsonProperty("memberLevelName")] public string? MemberLevelName { get; init; }
}

public sealed record NewSponsorDetails
{
    [JsonProperty("memberLevelName")] public string? MemberLevelName { get; init; }
    [JsonProperty("isUpgrade")] public bool? IsUpgrade { get; init; }
}

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

public sealed record PollDetails
{
    [JsonProperty("metadata")] public PollMetadata? Metadata { get; init; }
}

public sealed record PollMetadata
{
    [JsonProperty("questionText")] public string? QuestionText { get; init; }
    [JsonProperty("status")] public string? Status { get; init; }
    [JsonProperty("options")] public IReadOnlyList<PollOption>? Options { get; init; }
}

public sealed record PollOption
{
    [JsonProperty("optionText")] public string? OptionText { get; init; }
    [JsonProperty("tally")] public string? Tally { get; init; }
}

/// <summary>Response of <c>videos.list</c>.</summary>
public sealed record VideoListResponse
{
    [JsonProperty("items")] public IReadOnlyList<Video>? Items { get; init; }
}

public sealed record Video
{
    [JsonProperty("id")] public string? Id { get; init; }
    [JsonProperty("snippet")] public VideoSnippet? Snippet { get; init; }
    [JsonProperty("liveStreamingDetails")] public VideoLiveStreamingDetails? LiveStreamingDetails { get; init; }
}

public sealed record VideoSnippet
{
    [JsonProperty("title")] public string? Title { get; init; }
    [JsonProperty("channelId")] public string? ChannelId { get; init; }
    [JsonProperty("liveBroadcastContent")] public string? LiveBroadcastContent { get; init; }
}

public sealed record VideoLiveStreamingDetails
{
    [JsonProperty("actualStartTime")] public string? ActualStartTime { get; init; }
    [JsonProperty("actualEndTime")] public string? ActualEndTime { get; init; }
    [JsonProperty("scheduledStartTime")] public string? ScheduledStartTime { get; init; }
    [JsonProperty("concurrentViewers")] public string? ConcurrentViewers { get; init; }
    [JsonProperty("activeLiveChatId")] public string? ActiveLiveChatId { get; init; }
}

/// <summary>Response of <c>liveBroadcasts.list</c>.</summary>
public sealed record LiveBroadcastListResponse
{
    [JsonProperty("items")] public IReadOnlyList<LiveBroadcast>? Items { get; init; }
}

public sealed record LiveBroadcast
{
    [JsonProperty("id")] public string? Id { get; init; }
    [JsonProperty("snippet")] public LiveBroadcastSnippet? Snippet { get; init; }
}

public sealed record LiveBroadcastSnippet
{
    [JsonProperty("title")] public string? Title { get; init; }
    [JsonProperty("channelId")] public string? ChannelId { get; init; }
    [JsonProperty("liveChatId")] public string? LiveChatId { get; init; }
    [JsonProperty("actualStartTime")] public string? ActualStartTime { get; init; }
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

/// <summary>Body and response of <c>liveChatBans.insert</c>.</summary>
public sealed record LiveChatBan
{
    [JsonProperty("id")] public string? Id { get; init; }
    [JsonProperty("snippet")] public LiveChatBanSnippet? Snippet { get; init; }
}

public sealed record LiveChatBanSnippet
{
    [JsonProperty("liveChatId")] public string? LiveChatId { get; init; }
    /// <summary><c>permanent</c> or <c>temporary</c>.</summary>
    [JsonProperty("type")] public string? Type { get; init; }
    [JsonProperty("banDurationSeconds")] public string? BanDurationSeconds { get; init; }
    [JsonProperty("bannedUserDetails")] public ChannelProfileDetails? BannedUserDetails { get; init; }
}
