using LiveBuddy.Twitch.Helix;

namespace LiveBuddy.Twitch.EventSub;

/// <summary>The EventSub subscriptions LiveBuddy creates for each channel on every new session.</summary>
internal static class EventSubSubscriptions
{
    private enum ConditionShape { Broadcaster, BroadcasterAndModerator, RaidTarget, BroadcasterAndUser }

    private static readonly (string Type, string Version, ConditionShape Shape)[] Wanted =
    [
        ("channel.follow", "2", ConditionShape.BroadcasterAndModerator),
        ("channel.subscribe", "1", ConditionShape.Broadcaster),
        ("channel.subscription.gift", "1", ConditionShape.Broadcaster),
        ("channel.subscription.message", "1", ConditionShape.Broadcaster),
        ("channel.cheer", "1", ConditionShape.Broadcaster),
        ("channel.raid", "1", ConditionShape.RaidTarget),
        ("channel.channel_points_custom_reward_redemption.add", "1", ConditionShape.Broadcaster),
        // A redemption of ours fulfilled or refunded on Twitch itself leaves our queue.
        ("channel.channel_points_custom_reward_redemption.update", "1", ConditionShape.Broadcaster),
        ("channel.poll.begin", "1", ConditionShape.Broadcaster),
        ("channel.poll.progress", "1", ConditionShape.Broadcaster),
        ("channel.poll.end", "1", ConditionShape.Broadcaster),
        ("channel.prediction.begin", "1", ConditionShape.Broadcaster),
        ("channel.prediction.progress", "1", ConditionShape.Broadcaster),
        ("channel.prediction.end", "1", ConditionShape.Broadcaster),
        ("channel.hype_train.begin", "2", ConditionShape.Broadcaster),
        ("channel.hype_train.progress", "2", ConditionShape.Broadcaster),
        ("channel.hype_train.end", "2", ConditionShape.Broadcaster),
        ("stream.online", "1", ConditionShape.Broadcaster),
        ("stream.offline", "1", ConditionShape.Broadcaster),
        ("channel.shared_chat.begin", "1", ConditionShape.Broadcaster),
        ("channel.shared_chat.update", "1", ConditionShape.Broadcaster),
        ("channel.shared_chat.end", "1", ConditionShape.Broadcaster),
    ];

    // Chat over EventSub: read as the bot (user_id), which needs user:read:chat.
    private static readonly (string Type, string Version, ConditionShape Shape)[] Chat =
    [
        ("channel.chat.message", "1", ConditionShape.BroadcasterAndUser),
        ("channel.chat.notification", "1", ConditionShape.BroadcasterAndUser),
        ("channel.chat.message_delete", "1", ConditionShape.BroadcasterAndUser),
        ("channel.chat.clear", "1", ConditionShape.BroadcasterAndUser),
        ("channel.chat.clear_user_messages", "1", ConditionShape.BroadcasterAndUser),
    ];

    // Bans and timeouts with their length while chat runs over EventSub (EventSubModeration), as the token's account moderating.
    private static readonly (string Type, string Version, ConditionShape Shape)[] Moderation =
    [
        ("channel.moderate", "2", ConditionShape.BroadcasterAndModerator),
    ];

    /// <summary>Types the mapper turns into Core events.</summary>
    public static readonly IReadOnlySet<string> Mapped = new HashSet<string>(StringComparer.Ordinal)
    {
        "channel.follow", "channel.subscribe", "channel.subscription.gift", "channel.subscription.message",
        "channel.cheer", "channel.raid", "channel.channel_points_custom_reward_redemption.add", "channel.channel_points_custom_reward_redemption.update",
        "channel.poll.begin", "channel.poll.end", "channel.prediction.begin", "channel.prediction.end",
        "channel.hype_train.begin", "channel.hype_train.progress", "channel.hype_train.end", "stream.online", "stream.offline",
        "channel.update", "channel.ban", "channel.moderate", "channel.chat.notification",
    };

    public static int PerChannel => Wanted.Length;

    /// <summary>
    /// Requests for one channel, with the chat subscriptions when <paramref name="chat"/> (chat runs over EventSub) and
    /// <c>channel.moderate</c> when <paramref name="moderation"/>. <paramref name="tokenUserId"/> is the signed-in account, which must be the
    /// broadcaster or one of their moderators (channel.follow v2 and channel.moderate ask for the moderator explicitly).
    /// </summary>
    public static IEnumerable<EventSubSubscriptionRequest> For(string broadcasterId, string tokenUserId, string sessionId, bool chat = false, bool moderation = false)
    {
        var transport = new EventSubTransport("websocket", sessionId);
        var wanted = Wanted.AsEnumerable();
        if (chat) wanted = wanted.Concat(Chat);
        if (moderation) wanted = wanted.Concat(Moderation);
        foreach (var (type, version, shape) in wanted)
        {
            var condition = shape switch
            {
                ConditionShape.BroadcasterAndModerator => new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["broadcaster_user_id"] = broadcasterId,
                    ["moderator_user_id"] = tokenUserId,
                },
                ConditionShape.BroadcasterAndUser => new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["broadcaster_user_id"] = broadcasterId,
                    ["user_id"] = tokenUserId,
                },
                ConditionShape.RaidTarget => new Dictionary<string, string>(StringComparer.Ordinal) { ["to_broadcaster_user_id"] = broadcasterId },
                _ => new Dictionary<string, string>(StringComparer.Ordinal) { ["broadcaster_user_id"] = broadcasterId },
            };
            yield return new EventSubSubscriptionRequest(type, version, condition, transport);
        }
    }
}
