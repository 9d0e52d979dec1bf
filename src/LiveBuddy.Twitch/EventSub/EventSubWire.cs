using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiveBuddy.Twitch.EventSub;

// Wire shapes of EventSub WebSocket frames (dev.twitch.tv/docs/eventsub/websocket-reference) and of the
// event bodies we map. Only the fields we use are declared; the rest of each frame is ignored.

internal sealed record EventSubFrame(EventSubMetadata? Metadata, EventSubPayload? Payload);

internal sealed record EventSubMetadata(
    string? MessageId,
    string? MessageType,
    DateTimeOffset? MessageTimestamp,
    string? SubscriptionType,
    string? SubscriptionVersion);

internal sealed record EventSubPayload(EventSubSession? Session, EventSubSubscriptionInfo? Subscription, JsonElement Event);

internal sealed record EventSubSession(string? Id, string? Status, int? KeepaliveTimeoutSeconds, string? ReconnectUrl);

internal sealed record EventSubSubscriptionInfo(string? Id, string? Type, string? Version, string? Status);

internal sealed record EventSubText(string? Text);

internal sealed record FollowEvent(string? UserId, string? UserLogin, string? UserName, string? BroadcasterUserLogin, DateTimeOffset? FollowedAt);

internal sealed record SubscribeEvent(string? UserId, string? UserLogin, string? UserName, string? BroadcasterUserLogin, string? Tier, bool IsGift);

internal sealed record SubscriptionGiftEvent(
    string? UserId, string? UserLogin, string? UserName, string? BroadcasterUserLogin,
    int Total, string? Tier, int? CumulativeTotal, bool IsAnonymous);

internal sealed record SubscriptionMessageEvent(
    string? UserId, string? UserLogin, string? UserName, string? BroadcasterUserLogin,
    string? Tier, EventSubText? Message, int CumulativeMonths, int? StreakMonths, int DurationMonths);

internal sealed record CheerEvent(
    bool IsAnonymous, string? UserId, string? UserLogin, string? UserName, string? BroadcasterUserLogin,
    string? Message, int Bits);

internal sealed record RaidEvent(
    string? FromBroadcasterUserId, string? FromBroadcasterUserLogin, string? FromBroadcasterUserName,
    string? ToBroadcasterUserLogin, int Viewers);

internal sealed record RedemptionReward(string? Id, string? Title, int Cost, string? Prompt);

internal sealed record RedemptionEvent(
    string? Id, string? UserId, string? UserLogin, string? UserName, string? BroadcasterUserLogin,
    string? UserInput, string? Status, RedemptionReward? Reward, DateTimeOffset? RedeemedAt, string? BroadcasterUserId = null);

internal sealed record StreamOnlineEvent(string? Id, string? BroadcasterUserLogin, string? Type, DateTimeOffset? StartedAt);

internal sealed record BroadcasterOnlyEvent(string? BroadcasterUserLogin);

internal sealed record ChannelUpdateEvent(string? BroadcasterUserLogin, string? Title, string? CategoryName);

internal sealed record BanEvent(
    string? UserId, string? UserLogin, string? UserName, string? BroadcasterUserLogin,
    string? ModeratorUserLogin, string? Reason, DateTimeOffset? BannedAt, DateTimeOffset? EndsAt, bool IsPermanent);

internal sealed record ModerateTarget(string? UserId, string? UserLogin, string? UserName, string? Reason, DateTimeOffset? ExpiresAt);

internal sealed record ModerateDelete(string? UserId, string? UserLogin, string? UserName, string? MessageId, string? MessageBody);

internal sealed record ModerateFollowers(int FollowDurationMinutes);

internal sealed record ModerateSlow(int WaitTimeSeconds);

/// <summary>
/// <c>channel.moderate</c> (v2): one object per action, the one named by <c>action</c> set. The <c>shared_chat_*</c> actions
/// are the same as their plain ones, taken in another channel of a Shared Chat session (<c>source_broadcaster_*</c>).
/// </summary>
internal sealed record ModerateEvent(
    string? BroadcasterUserId, string? BroadcasterUserLogin, string? SourceBroadcasterUserId, string? ModeratorUserLogin, string? Action,
    ModerateTarget? Ban, ModerateTarget? Timeout, ModerateTarget? Unban, ModerateTarget? Untimeout,
    ModerateTarget? Warn, ModerateTarget? Mod, ModerateTarget? Unmod, ModerateTarget? Vip, ModerateTarget? Unvip,
    ModerateDelete? Delete, ModerateFollowers? Followers, ModerateSlow? Slow,
    ModerateTarget? SharedChatBan = null, ModerateTarget? SharedChatTimeout = null, ModerateTarget? SharedChatUnban = null,
    ModerateTarget? SharedChatUntimeout = null, ModerateDelete? SharedChatDelete = null);

internal sealed record NotificationSub(string? SubTier, bool IsPrime, int DurationMonths);

internal sealed record NotificationResub(int CumulativeMonths, int? StreakMonths, string? SubTier, bool IsPrime, bool IsGift);

internal sealed record NotificationSubGift(
    int DurationMonths, string? RecipientUserId, string? RecipientUserLogin, string? RecipientUserName,
    string? SubTier, string? CommunityGiftId);

internal sealed record NotificationCommunityGift(string? Id, int Total, string? SubTier, int? CumulativeTotal);

internal sealed record NotificationPayItForward(bool GifterIsAnonymous, string? GifterUserId, string? GifterUserLogin, string? GifterUserName);

internal sealed record NotificationRaid(string? UserId, string? UserLogin, string? UserName, int ViewerCount);

internal sealed record ChatNotificationEvent(
    string? BroadcasterUserId, string? SourceBroadcasterUserId, IReadOnlyList<ChatBadge>? Badges,
    string? BroadcasterUserLogin, string? ChatterUserId, string? ChatterUserLogin, string? ChatterUserName,
    bool ChatterIsAnonymous, string? Color, string? SystemMessage, string? MessageId, EventSubText? Message,
    string? NoticeType, NotificationSub? Sub, NotificationResub? Resub, NotificationSubGift? SubGift,
    NotificationCommunityGift? CommunitySubGift, NotificationPayItForward? PayItForward, NotificationRaid? Raid);

internal sealed record PollChoice(string? Title, int Votes);

internal sealed record PollEvent(string? Id, string? BroadcasterUserLogin, string? Title, IReadOnlyList<PollChoice>? Choices, string? Status);

internal sealed record PredictionOutcome(string? Id, string? Title, int? Users, long? ChannelPoints);

internal sealed record PredictionEvent(
    string? Id, string? BroadcasterUserLogin, string? Title, IReadOnlyList<PredictionOutcome>? Outcomes,
    string? WinningOutcomeId, string? Status);

internal sealed record HypeTrainContributionWire(string? UserId, string? UserLogin, string? UserName, string? Type, long Total);

internal sealed record HypeTrainParticipant(string? BroadcasterUserId, string? BroadcasterUserLogin, string? BroadcasterUserName);

/// <summary>
/// <c>channel.hype_train.begin</c>, <c>.progress</c> and <c>.end</c> v2 (dev.twitch.tv/docs/eventsub/reference/hype-train): begin
/// and progress carry progress/goal/expires_at, begin also the all-time highs, end carries ended_at and cooldown_ends_at.
/// </summary>
internal sealed record HypeTrainEvent(
    string? Id, string? BroadcasterUserId, string? BroadcasterUserLogin, string? Type, int Level, long Total, long Progress, long Goal,
    IReadOnlyList<HypeTrainContributionWire>? TopContributions, bool IsSharedTrain, IReadOnlyList<HypeTrainParticipant>? SharedTrainParticipants,
    DateTimeOffset? StartedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? EndedAt, DateTimeOffset? CooldownEndsAt,
    int? AllTimeHighLevel, long? AllTimeHighTotal);

internal sealed record ChatBadge(string? SetId, string? Id, string? Info);

internal sealed record ChatEmote(string? Id, string? EmoteSetId);

internal sealed record ChatCheermote(string? Prefix, int Bits, int Tier);

internal sealed record ChatFragment(string? Type, string? Text, ChatEmote? Emote, ChatCheermote? Cheermote);

internal sealed record ChatText(string? Text, IReadOnlyList<ChatFragment>? Fragments);

internal sealed record ChatCheer(int Bits);

internal sealed record ChatReplyInfo(string? ParentMessageId, string? ParentUserLogin, string? ThreadMessageId);

/// <summary><c>channel.chat.message</c> v1 (dev.twitch.tv/docs/eventsub/eventsub-subscription-types/#channelchatmessage).</summary>
internal sealed record ChatMessageEvent(
    string? BroadcasterUserId, string? BroadcasterUserLogin, string? ChatterUserId, string? ChatterUserLogin, string? ChatterUserName,
    string? MessageId, ChatText? Message, string? Color, IReadOnlyList<ChatBadge>? Badges, string? MessageType, ChatCheer? Cheer,
    ChatReplyInfo? Reply, string? SourceBroadcasterUserId, string? SourceBroadcasterUserLogin, string? SourceMessageId);

/// <summary><c>channel.chat.message_delete</c>.</summary>
internal sealed record ChatMessageDeleteEvent(string? BroadcasterUserId, string? BroadcasterUserLogin, string? TargetUserId, string? TargetUserLogin, string? MessageId);

/// <summary><c>channel.chat.clear</c> and <c>channel.chat.clear_user_messages</c> (the target only on the latter).</summary>
internal sealed record ChatClearEvent(string? BroadcasterUserId, string? BroadcasterUserLogin, string? TargetUserId, string? TargetUserLogin, string? TargetUserName);

internal sealed record SharedChatParticipant(string? BroadcasterUserId, string? BroadcasterUserLogin, string? BroadcasterUserName);

/// <summary><c>channel.shared_chat.begin</c>, <c>.update</c> and <c>.end</c> (participants absent on end).</summary>
internal sealed record SharedChatEvent(
    string? SessionId, string? BroadcasterUserId, string? BroadcasterUserLogin, string? HostBroadcasterUserLogin,
    IReadOnlyList<SharedChatParticipant>? Participants);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(EventSubFrame))]
[JsonSerializable(typeof(FollowEvent))]
[JsonSerializable(typeof(SubscribeEvent))]
[JsonSerializable(typeof(SubscriptionGiftEvent))]
[JsonSerializable(typeof(SubscriptionMessageEvent))]
[JsonSerializable(typeof(CheerEvent))]
[JsonSerializable(typeof(RaidEvent))]
[JsonSerializable(typeof(RedemptionEvent))]
[JsonSerializable(typeof(StreamOnlineEvent))]
[JsonSerializable(typeof(BroadcasterOnlyEvent))]
[JsonSerializable(typeof(ChannelUpdateEvent))]
[JsonSerializable(typeof(BanEvent))]
[JsonSerializable(typeof(ModerateEvent))]
[JsonSerializable(typeof(ChatNotificationEvent))]
[JsonSerializable(typeof(PollEvent))]
[JsonSerializable(typeof(PredictionEvent))]
[JsonSerializable(typeof(HypeTrainEvent))]
[JsonSerializable(typeof(ChatMessageEvent))]
[JsonSerializable(typeof(ChatMessageDeleteEvent))]
[JsonSerializable(typeof(ChatClearEvent))]
[JsonSerializable(typeof(SharedChatEvent))]
internal sealed partial class EventSubJsonContext : JsonSerializerContext;
