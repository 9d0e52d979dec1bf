namespace LiveBuddy.Twitch.Auth;

/// <summary>What the bot account asks the streamer to allow: chat, moderation, native polls, channel-point rewards, the EventSub alerts, stream markers and clips, who is in chat (presence points), and moderation events (timeouts with their length).</summary>
public static class TwitchScopes
{
    public static IReadOnlyList<string> Requested { get; } =
    [
        "chat:read", "chat:edit", "user:read:chat", "user:write:chat",
        "moderator:manage:banned_users", "moderator:manage:chat_messages", "moderator:manage:announcements",
        "moderator:manage:shoutouts", "moderator:manage:warnings", "moderator:read:followers",
        "channel:read:subscriptions", "bits:read", "channel:read:redemptions",
        "channel:manage:polls", "channel:manage:predictions", "channel:read:hype_train", "channel:manage:redemptions",
        // Stream markers at moments and !marker (the broadcaster's or an editor's account), clips for !clip and Reports:AutoClip.
        "channel:manage:broadcast", "clips:edit",
        "moderator:read:chatters",
        // channel.moderate v2 over EventSub chat, so a timeout is told from a ban (EventSub/EventSubModeration).
        "moderator:read:blocked_terms", "moderator:read:chat_settings", "moderator:read:unban_requests",
        "moderator:read:moderators", "moderator:read:vips",
    ];
}
