namespace LiveBuddy.YouTube;

/// <summary>
/// The <c>YouTube</c> configuration section. YouTube is on when <see cref="ApiKey"/> and <see cref="VideoIds"/>
/// are set (read-only, any public stream) or when <c>login youtube</c> has stored a token (the creator's own
/// broadcasts, with replies and moderation).
/// </summary>
public sealed record YouTubeOptions
{
    public const string Section = "YouTube";
    public const string DefaultApiUrl = "https://www.googleapis.com/youtube/v3/";

    /// <summary>Base URL of the YouTube Data API v3; tests point it at a loopback fake.</summary>
    public string ApiUrl { get; init; } = DefaultApiUrl;

    /// <summary>
    /// gRPC address of <c>liveChatMessages.streamList</c>. Tests point it at a loopback fake (plain-text HTTP/2).
    /// </summary>
    public string StreamUrl { get; init; } = DefaultStreamUrl;
    public const string DefaultStreamUrl = "https://youtube.googleapis.com";

    /// <summary>
    /// How chat is read: <c>stream</c> (default: streamList, messages arrive as they are sent) or <c>poll</c>
    /// (liveChatMessages.list pages spread over the quota). A stream that YouTube refuses falls back to polling by itself.
    /// </summary>
    public string Reader { get; init; } = "stream";

    /// <summary>Google Cloud API key for reading public streams (never logged).</summary>
    public string? ApiKey { get; init; }

    /// <summary>Video ids of live streams to read in API-key mode (the part after <c>watch?v=</c>).</summary>
    public IReadOnlyList<string> VideoIds { get; init; } = [];

    /// <summary>Quota units the Google Cloud project may spend per day (resets at midnight Pacific time).</summary>
    public int DailyQuota { get; init; } = 10_000;

    /// <summary>Units kept back from reading so replies and moderation (50 units each) still work late in the stream.</summary>
    public int WriteReserve { get; init; } = 1_000;

    /// <summary>How long a stream is expected to last; the day's read budget is spread over it.</summary>
    public double ExpectedStreamHours { get; init; } = 4;

    /// <summary>How often to look for a stream that has not started yet (1 unit per look).</summary>
    public TimeSpan DiscoveryInterval { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often to sample concurrent viewers while live (1 unit per sample).</summary>
    public TimeSpan ViewerSampleInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Page size for liveChatMessages.list (200 to 2000).</summary>
    public int MaxResults { get; init; } = 2000;

    /// <summary>OAuth client of type "Desktop app" from the Google Cloud console, for <c>login youtube</c>.</summary>
    public string? ClientId { get; init; }
    /// <summary>The OAuth client's secret (for installed apps Google does not treat it as confidential; never logged anyway).</summary>
    public string? ClientSecret { get; init; }

    /// <summary>Google's OAuth endpoints; configuration so tests can use a loopback fake.</summary>
    public string AuthUrl { get; init; } = "https://accounts.google.com/o/oauth2/v2/auth";
    public string TokenUrl { get; init; } = "https://oauth2.googleapis.com/token";
    public string RevokeUrl { get; init; } = "https://oauth2.googleapis.com/revoke";

    /// <summary>True when API-key mode is configured (OAuth mode is on when a token is stored).</summary>
    public bool ApiKeyMode => !string.IsNullOrWhiteSpace(ApiKey) && VideoIds.Count > 0;

    public bool Streams => !string.Equals(Reader, "poll", StringComparison.OrdinalIgnoreCase);

    /// <summary><see cref="ApiUrl"/> with the trailing slash the request paths need.</summary>
    public string NormalizedApiUrl => ApiUrl.EndsWith('/') ? ApiUrl : ApiUrl + "/";
}
