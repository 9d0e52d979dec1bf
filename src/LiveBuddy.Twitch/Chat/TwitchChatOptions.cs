namespace LiveBuddy.Twitch.Chat;

/// <summary>
/// The <c>Twitch:Chat</c> section: how the IRC connection keeps itself alive. The defaults suit Twitch;
/// tests shorten them.
/// </summary>
public sealed record TwitchChatOptions
{
    public const string Section = "Twitch:Chat";

    /// <summary>After this long without a line from Twitch we send our own PING.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>No line at all this long after our PING: the socket is dead and is replaced.</summary>
    public TimeSpan PongTimeout { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>How long connecting and signing in may take before we try again.</summary>
    public TimeSpan LoginTimeout { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>First wait after a drop; doubles per failure (with jitter) up to <see cref="ReconnectDelayMax"/>.</summary>
    public TimeSpan ReconnectDelayMin { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan ReconnectDelayMax { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>After Twitch says RECONNECT, the old connection keeps reading until the new one has joined, at most this long.</summary>
    public TimeSpan HandoverTimeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Longer lines are skipped and counted (Twitch's own lines stay under 8 KB of tags plus 500 characters).</summary>
    public int MaxLineBytes { get; init; } = 16 * 1024;
}
