namespace LiveBuddy.Discord.Webhooks;

/// <summary>The <c>Discord</c> configuration section. Off until <see cref="WebhookUrl"/> is set.</summary>
public sealed record DiscordOptions
{
    /// <summary>
    /// The channel webhook (Discord → channel settings → Integrations → Webhooks → Copy Webhook URL). A secret: its
    /// path holds the webhook's token, so it is never logged or shown.
    /// </summary>
    public string? WebhookUrl { get; init; }

    /// <summary>The name the posts appear under.</summary>
    public string Username { get; init; } = "LiveBuddy";

    /// <summary>Post "live now" when a session starts.</summary>
    public bool LivePost { get; init; } = true;

    /// <summary>
    /// When a session starts from chat or from OBS, how long the "live now" post waits for a platform to say the stream's
    /// title and category (Twitch's stream.online comes some seconds after OBS starts streaming); then it posts what it has.
    /// Zero posts at once.
    /// </summary>
    public TimeSpan LivePostWait { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Post the summary with the report attached when a session ends.</summary>
    public bool SummaryPost { get; init; } = true;

    /// <summary>How many moments the summary lists.</summary>
    public int TopMoments { get; init; } = 3;

    /// <summary>Where viewers can open LiveBuddy's reports (a public address of this machine); empty: the HTML report is attached instead.</summary>
    public string? PublicUrl { get; init; }

    /// <summary>How many times a post is tried again (after a 429 or a Discord outage) before it is given up.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>First wait before trying again after a failure without <c>retry_after</c>; doubles each time.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    public bool IsConfigured => Uri.TryCreate(WebhookUrl, UriKind.Absolute, out _);
}
