using Newtonsoft.Json;

namespace LiveBuddy.YouTube.Api;

// Wire shapes of deletions, retractions and bans (chat events and liveChatBans).
// Google's JSON encodes 64-bit numbers (amountMicros, banDurationSeconds, concurrentViewers) as strings, so they
// stay strings here and are parsed (invariant, counted when bad) by the mapper. Timestamps stay strings too.

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
