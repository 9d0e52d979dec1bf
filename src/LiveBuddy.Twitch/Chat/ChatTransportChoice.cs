using LiveBuddy.Twitch.Auth;

namespace LiveBuddy.Twitch.Chat;

/// <summary>Which connection carries chat for a given sign-in: the one rule the chat service, EventSub and the sender share.</summary>
internal static class ChatTransportChoice
{
    /// <summary>The scopes EventSub chat needs from the bot's user token (read with channel.chat.*, send with Helix).</summary>
    public static readonly IReadOnlyList<string> ChatScopes = ["user:read:chat", "user:write:chat"];

    /// <summary>
    /// <c>irc</c> stays IRC; <c>eventsub</c> is EventSub (waiting for a sign-in while there is none); <c>auto</c> is
    /// EventSub when the bot is signed in with both chat scopes, else IRC (anonymous reading, or an old token
    /// without the scopes). <c>user:bot</c>/<c>channel:bot</c> are only required of app tokens, which LiveBuddy does not use.
    /// </summary>
    public static ChatTransport Resolve(ChatTransport configured, TwitchSignIn? signIn) => configured switch
    {
        ChatTransport.Irc => ChatTransport.Irc,
        ChatTransport.EventSub => ChatTransport.EventSub,
        _ => signIn is not null && HasChatScopes(signIn) ? ChatTransport.EventSub : ChatTransport.Irc,
    };

    public static bool HasChatScopes(TwitchSignIn signIn) =>
        ChatScopes.All(s => signIn.Scopes.Contains(s, StringComparer.Ordinal));
}
