using Newtonsoft.Json;

namespace LiveBuddy.YouTube.Api;

// Wire shapes of videos.list and liveBroadcasts.list: where a stream's chat id and its live numbers come from.
// Google's JSON encodes 64-bit numbers (amountMicros, banDurationSeconds, concurrentViewers) as strings, so they
// stay strings here and are parsed (invariant, counted when bad) by the mapper. Timestamps stay strings too.

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
    [JsonProperty("statistics")] public VideoStatistics? Statistics { get; init; }
}

/// <summary>The video's counters (part <c>statistics</c>): strings on the wire, like every 64-bit number.</summary>
public sealed record VideoStatistics
{
    [JsonProperty("viewCount")] public string? ViewCount { get; init; }
    /// <summary>Absent when the owner hides the likes.</summary>
    [JsonProperty("likeCount")] public string? LikeCount { get; init; }
    [JsonProperty("commentCount")] public string? CommentCount { get; init; }
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
