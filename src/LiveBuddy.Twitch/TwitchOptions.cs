namespace LiveBuddy.Twitch;

/// <summary>The <c>Twitch</c> configuration section. Every endpoint is configuration so tests can use loopback fakes.</summary>
public sealed record TwitchOptions
{
    public const string Section = "Twitch";

    /// <summary>IRC over WebSocket.</summary>
    public string ChatUrl { get; init; } = "wss://irc-ws.chat.twitch.tv:443";
    public string EventSubUrl { get; init; } = "wss://eventsub.wss.twitch.tv/ws";
    public string HelixUrl { get; init; } = "https://api.twitch.tv/helix";
    public string AuthUrl { get; init; } = "https://id.twitch.tv/oauth2";

    /// <summary>Channel logins to read. Empty: Twitch is off (and the demo source runs when nothing else is on).</summary>
    public IReadOnlyList<string> Channels { get; init; } = [];

    /// <summary>The bot account's login. With <see cref="AccessToken"/> it signs in headless; without, chat is read anonymously.</summary>
    public string? BotLogin { get; init; }
    /// <summary>User access token (never logged). Usually comes from the device flow and the encrypted token store instead.</summary>
    public string? AccessToken { get; init; }
    public string? RefreshToken { get; init; }
    /// <summary>The registered application's client id (device flow, Helix Client-Id header).</summary>
    public string? ClientId { get; init; }

    /// <summary>
    /// How chat is read and sent: <c>auto</c> (EventSub when the bot is signed in with <c>user:read:chat</c> and
    /// <c>user:write:chat</c>, IRC when anonymous), <c>eventsub</c> or <c>irc</c>.
    /// </summary>
    public ChatTransport ChatTransport { get; init; } = ChatTransport.Auto;

    /// <summary>The <c>Twitch:SharedChat</c> section.</summary>
    public SharedChatOptions SharedChat { get; init; } = new();

    public bool Enabled => Channels.Count > 0;
}

/// <summary>Which connection carries Twitch chat (<c>Twitch:ChatTransport</c>).</summary>
public enum ChatTransport
{
    /// <summary>EventSub when signed in with the chat scopes, IRC when anonymous.</summary>
    Auto,
    /// <summary>EventSub only (needs a signed-in bot); anonymous reading waits for a sign-in.</summary>
    EventSub,
    /// <summary>IRC over WebSocket, signed in or anonymous.</summary>
    Irc,
}

/// <summary>The <c>Twitch:SharedChat</c> section: what a Shared Chat partner channel's viewers may do here.</summary>
public sealed record SharedChatOptions
{
    /// <summary>
    /// False (default): partner lines show on the chat overlay but never vote, ask, upvote, run commands, count as
    /// our chatters or meet our automatic moderation. True: they take part like our own viewers.
    /// </summary>
    public bool Participate { get; init; }
}
