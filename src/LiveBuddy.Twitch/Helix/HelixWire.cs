using System.Text.Json.Serialization;

namespace LiveBuddy.Twitch.Helix;

// Helix request and response bodies (dev.twitch.tv/docs/api/reference). Snake case on the wire.

/// <summary>A Twitch account as Helix <c>GET /users</c> returns it.</summary>
public sealed record HelixUser(string Id, string Login, string DisplayName);

/// <summary>
/// A channel as Helix <c>GET /channels</c> (Get Channel Information) returns it: <see cref="GameName"/> is the category
/// the broadcaster is streaming or last streamed, empty when they never set one.
/// </summary>
public sealed record HelixChannel(string BroadcasterId, string BroadcasterLogin, string BroadcasterName, string? GameName, string? Title);

/// <summary>A live stream as Helix <c>GET /streams</c> returns it (only live streams are returned).</summary>
public sealed record HelixStream(string Id, string UserId, string UserLogin, string? Type, string? Title, int ViewerCount, DateTimeOffset? StartedAt,
    string? GameName = null);

/// <summary>A native Twitch poll as created or ended through Helix.</summary>
public sealed record HelixPoll(string Id, string Title, string Status, IReadOnlyList<HelixPollChoice>? Choices);

/// <summary>One choice of a native poll with its votes so far.</summary>
public sealed record HelixPollChoice(string? Id, string Title, int Votes);

/// <summary>A native Twitch prediction as created or ended through Helix.</summary>
public sealed record HelixPrediction(string Id, string Title, string Status, IReadOnlyList<HelixPredictionOutcome>? Outcomes);

/// <summary>One outcome viewers can bet channel points on.</summary>
public sealed record HelixPredictionOutcome(string? Id, string Title);

/// <summary>Body of <c>POST /eventsub/subscriptions</c>.</summary>
public sealed record EventSubSubscriptionRequest(string Type, string Version, IReadOnlyDictionary<string, string> Condition, EventSubTransport Transport);

/// <summary>Where Twitch delivers a subscription's events: <c>websocket</c> and the session id from the welcome.</summary>
public sealed record EventSubTransport(string Method, string SessionId);

/// <summary>A subscription Helix created (status <c>enabled</c>) or lists.</summary>
public sealed record EventSubSubscriptionCreated(string Id, string Type, string Version, string Status);

/// <summary>Send Chat Message's answer: whether Twitch delivered it, and why not.</summary>
public sealed record HelixSentMessage(string? MessageId, bool IsSent, HelixDropReason? DropReason);

public sealed record HelixDropReason(string? Code, string? Message);

internal sealed record SendChatMessageBody(
    string BroadcasterId, string SenderId, string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ReplyParentMessageId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? ForSourceOnly);

internal sealed record HelixData<T>(IReadOnlyList<T>? Data);

/// <summary>One account connected to a channel's chat (Get Chatters).</summary>
public sealed record HelixChatter(string UserId, string UserLogin, string UserName);

/// <summary>A page of Get Chatters: the chatters, the cursor of the next page (absent on the last) and the total.</summary>
internal sealed record HelixChattersPage(IReadOnlyList<HelixChatter>? Data, HelixPagination? Pagination, int Total);

internal sealed record HelixPagination(string? Cursor);

internal sealed record HelixError(string? Error, int Status, string? Message);

internal sealed record BanBody(BanData Data);

internal sealed record BanData(string UserId, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Duration, string Reason);

internal sealed record WarnBody(WarnData Data);

internal sealed record WarnData(string UserId, string Reason);

internal sealed record AnnouncementBody(string Message, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Color);

internal sealed record TitleOnly(string Title);

internal sealed record CreatePollBody(string BroadcasterId, string Title, IReadOnlyList<TitleOnly> Choices, int Duration);

internal sealed record CreatePredictionBody(string BroadcasterId, string Title, IReadOnlyList<TitleOnly> Outcomes, int PredictionWindow);

internal sealed record EndPollBody(string BroadcasterId, string Id, string Status);

internal sealed record EndPredictionBody(
    string BroadcasterId, string Id, string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? WinningOutcomeId);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(HelixData<HelixUser>))]
[JsonSerializable(typeof(HelixData<HelixStream>))]
[JsonSerializable(typeof(HelixData<HelixChannel>))]
[JsonSerializable(typeof(HelixData<HelixPoll>))]
[JsonSerializable(typeof(HelixData<HelixPrediction>))]
[JsonSerializable(typeof(HelixData<EventSubSubscriptionCreated>))]
[JsonSerializable(typeof(EventSubSubscriptionRequest))]
[JsonSerializable(typeof(HelixError))]
[JsonSerializable(typeof(HelixChattersPage))]
[JsonSerializable(typeof(HelixData<HelixSentMessage>))]
[JsonSerializable(typeof(SendChatMessageBody))]
[JsonSerializable(typeof(BanBody))]
[JsonSerializable(typeof(WarnBody))]
[JsonSerializable(typeof(AnnouncementBody))]
[JsonSerializable(typeof(CreatePollBody))]
[JsonSerializable(typeof(CreatePredictionBody))]
[JsonSerializable(typeof(EndPollBody))]
[JsonSerializable(typeof(EndPredictionBody))]
[JsonSerializable(typeof(CreateMarkerBody))]
[JsonSerializable(typeof(HelixData<HelixStreamMarker>))]
[JsonSerializable(typeof(HelixData<HelixClip>))]
internal sealed partial class HelixJsonContext : JsonSerializerContext;
