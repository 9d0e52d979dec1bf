namespace LiveBuddy.Tips.Tips;

/// <summary>The <c>Tips</c> configuration section: each service is off until its token is set. Tokens are secrets.</summary>
public sealed record TipsOptions
{
    public StreamlabsOptions Streamlabs { get; init; } = new();
    public StreamElementsOptions StreamElements { get; init; } = new();
    public KoFiOptions KoFi { get; init; } = new();

    /// <summary>First wait before connecting a tip socket again; doubles up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromMinutes(2);
}

/// <summary><c>Tips:Streamlabs</c>.</summary>
public sealed record StreamlabsOptions
{
    /// <summary>Streamlabs → Settings → API Settings → API Tokens → "Your Socket API Token".</summary>
    public string? SocketToken { get; init; }

    public Uri Url { get; init; } = new("https://sockets.streamlabs.com");

    public bool IsConfigured => !string.IsNullOrWhiteSpace(SocketToken);
}

/// <summary><c>Tips:StreamElements</c>.</summary>
public sealed record StreamElementsOptions
{
    /// <summary>StreamElements → Account → Channels → Show secrets → "JWT Token".</summary>
    public string? JwtToken { get; init; }

    public Uri Url { get; init; } = new("https://realtime.streamelements.com");

    public bool IsConfigured => !string.IsNullOrWhiteSpace(JwtToken);
}

/// <summary><c>Tips:KoFi</c>.</summary>
public sealed record KoFiOptions
{
    /// <summary>Ko-fi → More → API → Webhooks → Advanced → "Verification Token".</summary>
    public string? VerificationToken { get; init; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(VerificationToken);
}
