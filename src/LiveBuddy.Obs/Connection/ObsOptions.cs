namespace LiveBuddy.Obs.Connection;

/// <summary>The <c>Obs</c> configuration section. OBS is off until <see cref="Enabled"/> or a password is set.</summary>
public sealed record ObsOptions
{
    /// <summary>obs-websocket's address (OBS → Tools → WebSocket Server Settings).</summary>
    public Uri Url { get; init; } = new("ws://127.0.0.1:4455");

    /// <summary>The server password OBS shows there; empty when authentication is off. A secret: never logged or shown.</summary>
    public string? Password { get; init; }

    /// <summary>Connect even without a password (OBS with authentication switched off).</summary>
    public bool Enabled { get; init; }

    /// <summary>First wait before connecting again after OBS closed or was not running; doubles up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a request (a rule's action, a replay save) waits for OBS to answer or to come back.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Save OBS's replay buffer when chat has a moment (when the buffer is running).</summary>
    public bool SaveReplayOnMoment { get; init; } = true;

    /// <summary>Rules that turn LiveBuddy events into OBS actions.</summary>
    public IReadOnlyList<Rules.ObsRule> Rules { get; init; } = [];

    public bool IsConfigured => Enabled || !string.IsNullOrEmpty(Password);
}
