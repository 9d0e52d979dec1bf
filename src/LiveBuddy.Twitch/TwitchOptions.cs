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

    public bool Enabled => Channels.Count > 0;
}
