using System.Globalization;
using System.Text.Json.Nodes;

namespace LiveBuddy.Testing.Twitch;

/// <summary>
/// EventSub WebSocket frames in Twitch's documented shape (dev.twitch.tv/docs/eventsub/websocket-reference),
/// and event bodies for the subscription types LiveBuddy maps, shaped like the reference examples.
/// </summary>
public static class EventSubFrames
{
    private static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static string Welcome(string sessionId, int keepaliveSeconds) => new JsonObject
    {
        ["metadata"] = Metadata(Guid.NewGuid().ToString(), "session_welcome"),
        ["payload"] = new JsonObject
        {
            ["session"] = new JsonObject
            {
                ["id"] = sessionId,
                ["status"] = "connected",
                ["connected_at"] = Now(),
                ["keepalive_timeout_seconds"] = keepaliveSeconds,
                ["reconnect_url"] = null,
            },
        },
    }.ToJsonString();

    public static string Keepalive() => new JsonObject
    {
        ["metadata"] = Metadata(Guid.NewGuid().ToString(), "session_keepalive"),
        ["payload"] = new JsonObject(),
    }.ToJsonString();

    public static string Reconnect(string sessionId, Uri reconnectUrl) => new JsonObject
    {
        ["metadata"] = Metadata(Guid.NewGuid().ToString(), "session_reconnect"),
        ["payload"] = new JsonObject
        {
            ["session"] = new JsonObject
            {
                ["id"] = sessionId,
                ["status"] = "reconnecting",
                ["keepalive_timeout_seconds"] = null,
                ["reconnect_url"] = reconnectUrl.ToString(),
                ["connected_at"] = Now(),
            },
        },
    }.ToJsonString();

    public static string Notification(string messageId, string type, string version, string sessionId, JsonObject body) => new JsonObject
    {
        ["metadata"] = Metadata(messageId, "notification", type, version),
        ["payload"] = new JsonObject
        {
            ["subscription"] = Subscription(type, version, "enabled", sessionId),
            ["event"] = body.DeepClone(),
        },
    }.ToJsonString();

    public static string Revocation(string type, string version, string status) => new JsonObject
    {
        ["metadata"] = Metadata(Guid.NewGuid().ToString(), "revocation", type, version),
        ["payload"] = new JsonObject { ["subscription"] = Subscription(type, version, status, null) },
    }.ToJsonString();

    private static JsonObject Metadata(string messageId, string messageType, string? type = null, string? version = null)
    {
        var metadata = new JsonObject
        {
            ["message_id"] = messageId,
            ["message_type"] = messageType,
            ["message_timestamp"] = Now(),
        };
        if (type is not null)
        {
            metadata["subscription_type"] = type;
            metadata["subscription_version"] = version;
        }
        return metadata;
    }

    private static JsonObject Subscription(string type, string version, string status, string? sessionId) => new()
    {
        ["id"] = Guid.NewGuid().ToString(),
        ["status"] = status,
        ["type"] = type,
        ["version"] = version,
        ["cost"] = 0,
        ["condition"] = new JsonObject { ["broadcaster_user_id"] = "1337" },
        ["transport"] = new JsonObject { ["method"] = "websocket", ["session_id"] = sessionId },
        ["created_at"] = Now(),
    };

    private static JsonObject Broadcaster(string login = "cool_user") => new()
    {
        ["broadcaster_user_id"] = "1337",
        ["broadcaster_user_login"] = login,
        ["broadcaster_user_name"] = "Cool_User",
    };

    private static JsonObject With(this JsonObject o, params (string Key, JsonNode? Value)[] fields)
    {
        foreach (var (key, value) in fields) o[key] = value;
        return o;
    }

    public static JsonObject Follow(string userId, string login) => Broadcaster().With(
        ("user_id", userId), ("user_login", login), ("user_name", login.ToUpperInvariant()),
        ("followed_at", "2023-07-15T18:16:11.17106713Z"));

    public static JsonObject Subscribe(string userId, string login, string tier = "1000", bool isGift = false) => Broadcaster().With(
        ("user_id", userId), ("user_login", login), ("user_name", login), ("tier", tier), ("is_gift", isGift));

    public static JsonObject SubscriptionGift(string? userId, string? login, int total, string tier = "1000", bool anonymous = false) => Broadcaster().With(
        ("user_id", anonymous ? null : userId), ("user_login", anonymous ? null : login), ("user_name", anonymous ? null : login),
        ("total", total), ("tier", tier), ("cumulative_total", anonymous ? null : 284), ("is_anonymous", anonymous));

    public static JsonObject SubscriptionMessage(string userId, string login, int months, string text, string tier = "1000") => Broadcaster().With(
        ("user_id", userId), ("user_login", login), ("user_name", login), ("tier", tier),
        ("message", new JsonObject { ["text"] = text, ["emotes"] = new JsonArray() }),
        ("cumulative_months", months), ("streak_months", null), ("duration_months", 1));

    public static JsonObject Cheer(string? userId, string? login, int bits, string message, bool anonymous = false) => Broadcaster().With(
        ("is_anonymous", anonymous), ("user_id", anonymous ? null : userId), ("user_login", anonymous ? null : login),
        ("user_name", anonymous ? null : login), ("message", message), ("bits", bits));

    public static JsonObject Raid(string fromUserId, string fromLogin, int viewers) => new()
    {
        ["from_broadcaster_user_id"] = fromUserId,
        ["from_broadcaster_user_login"] = fromLogin,
        ["from_broadcaster_user_name"] = fromLogin,
        ["to_broadcaster_user_id"] = "1337",
        ["to_broadcaster_user_login"] = "cool_user",
        ["to_broadcaster_user_name"] = "Cool_User",
        ["viewers"] = viewers,
    };

    /// <summary>
    /// A redemption: <c>.add</c> (status <c>unfulfilled</c>), or with <paramref name="status"/> <c>fulfilled</c> / <c>canceled</c> the
    /// <c>.update</c> Twitch sends when it is resolved (same fields, EventSub reference).
    /// </summary>
    public static JsonObject Redemption(string redemptionId, string userId, string login, string rewardTitle, string? userInput,
        string rewardId = "92af127c-7326-4483-a52b-b0da0be61c01", long cost = 100, string status = "unfulfilled") => Broadcaster().With(
        ("id", redemptionId), ("user_id", userId), ("user_login", login), ("user_name", login), ("user_input", userInput),
        ("status", status),
        ("reward", new JsonObject { ["id"] = rewardId, ["title"] = rewardTitle, ["cost"] = cost, ["prompt"] = "reward prompt" }),
        ("redeemed_at", "2020-07-15T17:16:03.17106713Z"));

    public static JsonObject StreamOnline(string streamId) => Broadcaster().With(
        ("id", streamId), ("type", "live"), ("started_at", "2020-10-11T10:11:12.123Z"));

    public static JsonObject StreamOffline() => Broadcaster();

    /// <summary>A top contribution as Twitch lists it in a hype train event: <c>type</c> is <c>bits</c>, <c>subscription</c> or <c>other</c>.</summary>
    public static JsonObject HypeTrainContribution(string userId, string login, string type, long total) => new()
    {
        ["user_id"] = userId, ["user_login"] = login, ["user_name"] = login, ["type"] = type, ["total"] = total,
    };

    /// <summary>A shared train's participant list (every channel of it, ours included); null when the train is not shared.</summary>
    public static JsonArray? SharedTrainParticipants(params string[] logins)
    {
        if (logins.Length == 0) return null;
        var list = new JsonArray(new JsonObject { ["broadcaster_user_id"] = "1337", ["broadcaster_user_login"] = "cool_user", ["broadcaster_user_name"] = "Cool_User" });
        var n = 0;
        foreach (var login in logins)
            list.Add(new JsonObject { ["broadcaster_user_id"] = (5000 + ++n).ToString(System.Globalization.CultureInfo.InvariantCulture), ["broadcaster_user_login"] = login, ["broadcaster_user_name"] = login });
        return list;
    }

    /// <summary><c>channel.hype_train.begin</c> v2 event (dev.twitch.tv/docs/eventsub/reference/hype-train).</summary>
    public static JsonObject HypeTrainBegin(string trainId, int level, long total, long progress, long goal, JsonArray contributions,
        string type = "regular", JsonArray? shared = null, string startedAt = "2026-12-07T21:00:00.1234567Z", string expiresAt = "2026-12-07T21:05:00.1234567Z",
        int allTimeHighLevel = 4, long allTimeHighTotal = 2845) => Broadcaster().With(
        ("id", trainId), ("total", total), ("progress", progress), ("goal", goal), ("top_contributions", contributions),
        ("shared_train_participants", shared), ("level", level), ("all_time_high_level", allTimeHighLevel), ("all_time_high_total", allTimeHighTotal),
        ("started_at", startedAt), ("expires_at", expiresAt), ("type", type), ("is_shared_train", shared is not null));

    /// <summary><c>channel.hype_train.progress</c> v2 event: as begin, without the all-time highs.</summary>
    public static JsonObject HypeTrainProgress(string trainId, int level, long total, long progress, long goal, JsonArray contributions,
        string type = "regular", JsonArray? shared = null, string startedAt = "2026-12-07T21:00:00.1234567Z", string expiresAt = "2026-12-07T21:06:00.1234567Z") => Broadcaster().With(
        ("id", trainId), ("total", total), ("progress", progress), ("goal", goal), ("top_contributions", contributions),
        ("shared_train_participants", shared), ("level", level), ("started_at", startedAt), ("expires_at", expiresAt), ("type", type),
        ("is_shared_train", shared is not null));

    /// <summary><c>channel.hype_train.end</c> v2 event: final level and total, ended_at and cooldown_ends_at, no progress or goal.</summary>
    public static JsonObject HypeTrainEnd(string trainId, int level, long total, JsonArray contributions, string type = "regular", JsonArray? shared = null,
        string startedAt = "2026-12-07T21:00:00.1234567Z", string endedAt = "2026-12-07T21:10:00.1234567Z", string cooldownEndsAt = "2026-12-07T22:10:00.1234567Z") => Broadcaster().With(
        ("id", trainId), ("total", total), ("top_contributions", contributions), ("shared_train_participants", shared), ("level", level),
        ("started_at", startedAt), ("ended_at", endedAt), ("cooldown_ends_at", cooldownEndsAt), ("type", type), ("is_shared_train", shared is not null));

    /// <summary><c>channel.chat.clear_user_messages</c>: a viewer's messages were cleared (a ban or a timeout: it does not say which).</summary>
    public static JsonObject ClearUserMessages(string targetId, string login) => Broadcaster().With(
        ("target_user_id", targetId), ("target_user_login", login), ("target_user_name", login));

    // channel.moderate v2's action objects (EventSub reference): the one named by "action" is set, the others null.
    private static readonly string[] ModerateActions =
    [
        "followers", "slow", "vip", "unvip", "mod", "unmod", "ban", "unban", "timeout", "untimeout", "raid", "unraid", "delete",
        "automod_terms", "unban_request", "warn", "shared_chat_ban", "shared_chat_unban", "shared_chat_timeout", "shared_chat_untimeout",
        "shared_chat_delete",
    ];

    /// <summary><c>channel.moderate</c> v2 "timeout" of a viewer by the broadcaster, ending at <paramref name="expiresAt"/>.</summary>
    public static JsonObject ModerateTimeout(string targetId, string login, DateTimeOffset expiresAt, string reason)
    {
        var e = Broadcaster().With(("source_broadcaster_user_id", null), ("source_broadcaster_user_login", null), ("source_broadcaster_user_name", null),
            ("moderator_user_id", "1337"), ("moderator_user_login", "cool_user"), ("moderator_user_name", "Cool_User"), ("action", "timeout"));
        foreach (var action in ModerateActions) e[action] = null;
        e["timeout"] = new JsonObject
        {
            ["user_id"] = targetId, ["user_login"] = login, ["user_name"] = login, ["reason"] = reason,
            ["expires_at"] = expiresAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        };
        return e;
    }
}
