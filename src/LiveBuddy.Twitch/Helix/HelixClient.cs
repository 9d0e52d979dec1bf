using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Twitch.Auth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace LiveBuddy.Twitch.Helix;

/// <summary>
/// The Twitch Helix API with the signed-in account's token. Honours the rate-limit bucket
/// (<c>Ratelimit-Remaining</c>/<c>Ratelimit-Reset</c>): waits when it is empty and retries a 429 after the reset (Polly).
/// A rejected token is refreshed once. Failures throw <see cref="HelixException"/> with Twitch's message.
/// </summary>
public sealed partial class HelixClient
{
    private const int MaxAttempts = 4;
    private static readonly HelixJsonContext Json = HelixJsonContext.Default;

    private readonly HttpClient _http;
    private readonly TwitchCredentials _credentials;
    private readonly TwitchOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Counter _rateLimitWaits;
    private readonly Counter _requests;
    private readonly ConcurrentDictionary<string, HelixUser> _usersByLogin = new(StringComparer.Ordinal);
    private readonly Lock _bucketLock = new();
    private int? _remaining;
    private DateTimeOffset _resetAt;
    private readonly ResiliencePipeline<HttpResponseMessage> _rateLimited;

    public HelixClient(HttpClient http, TwitchCredentials credentials, IOptions<TwitchOptions> options, TimeProvider time,
        Counters counters, ILogger<HelixClient> logger)
    {
        _http = http;
        _credentials = credentials;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _rateLimitWaits = counters.Get("twitch.helix.rate_limit_waits");
        _requests = counters.Get("twitch.helix.requests");
        _http.BaseAddress ??= new Uri(_options.HelixUrl.TrimEnd('/') + "/");
        _rateLimited = RateLimitPipeline();
    }

    /// <summary>Looks up accounts by login (up to 100 per call; cached).</summary>
    public async Task<IReadOnlyList<HelixUser>> GetUsersAsync(IEnumerable<string> logins, CancellationToken cancellationToken)
    {
        var wanted = logins.Select(l => l.Trim().ToLowerInvariant()).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var missing = wanted.Where(l => !_usersByLogin.ContainsKey(l)).ToList();
        foreach (var chunk in missing.Chunk(100))
        {
            var query = string.Join('&', chunk.Select(l => "login=" + Uri.EscapeDataString(l)));
            var users = await GetDataAsync($"users?{query}", Json.HelixDataHelixUser, cancellationToken).ConfigureAwait(false);
            foreach (var user in users)
                _usersByLogin[user.Login.ToLowerInvariant()] = user;
        }
        return wanted.Select(l => _usersByLogin.GetValueOrDefault(l)).OfType<HelixUser>().ToList();
    }

    public async Task<HelixUser?> GetUserAsync(string login, CancellationToken cancellationToken) =>
        (await GetUsersAsync([login], cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    /// <summary>The live streams among these channels (offline channels are absent).</summary>
    public async Task<IReadOnlyList<HelixStream>> GetStreamsAsync(IEnumerable<string> logins, CancellationToken cancellationToken)
    {
        var result = new List<HelixStream>();
        foreach (var chunk in logins.Distinct(StringComparer.OrdinalIgnoreCase).Chunk(100))
        {
            var query = string.Join('&', chunk.Select(l => "user_login=" + Uri.EscapeDataString(l.ToLowerInvariant())));
            result.AddRange(await GetDataAsync($"streams?{query}&type=live", Json.HelixDataHelixStream, cancellationToken).ConfigureAwait(false));
        }
        return result;
    }

    /// <summary>A channel's current title and category (Get Channel Information), or null when Twitch does not know it.</summary>
    public async Task<HelixChannel?> GetChannelAsync(string broadcasterId, CancellationToken cancellationToken) =>
        (await GetChannelsAsync([broadcasterId], cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    /// <summary>Channel information (last category, title) of broadcasters by id, up to 100 per call (Get Channel Information).</summary>
    public async Task<IReadOnlyList<HelixChannel>> GetChannelsAsync(IEnumerable<string> broadcasterIds, CancellationToken cancellationToken)
    {
        var result = new List<HelixChannel>();
        foreach (var chunk in broadcasterIds.Distinct(StringComparer.Ordinal).Chunk(100))
        {
            var query = string.Join('&', chunk.Select(id => "broadcaster_id=" + Uri.EscapeDataString(id)));
            result.AddRange(await GetDataAsync($"channels?{query}", Json.HelixDataHelixChannel, cancellationToken).ConfigureAwait(false));
        }
        return result;
    }

    /// <summary>
    /// Everyone connected to a channel's chat (Get Chatters), read by the signed-in account as the broadcaster or one of
    /// their moderators (scope <c>moderator:read:chatters</c>); 1,000 per page, every page. Twitch answers 403 when the
    /// account is not a moderator there and 401 when the token lacks the scope.
    /// </summary>
    public async Task<IReadOnlyList<HelixChatter>> GetChattersAsync(string broadcasterId, CancellationToken cancellationToken)
    {
        var query = ModeratorQuery(broadcasterId, await ModeratorIdAsync(cancellationToken).ConfigureAwait(false)) + "&first=1000";
        var chatters = new List<HelixChatter>();
        string? cursor = null;
        do
        {
            var path = "chat/chatters?" + query + (cursor is null ? "" : "&after=" + Uri.EscapeDataString(cursor));
            using var response = await SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
            var page = await response.Content.ReadFromJsonAsync(Json.HelixChattersPage, cancellationToken).ConfigureAwait(false);
            chatters.AddRange(page?.Data ?? []);
            // An empty page ends it too: a cursor that never runs out must not keep us asking.
            cursor = page?.Data is { Count: > 0 } && page.Pagination?.Cursor is { Length: > 0 } next ? next : null;
        }
        while (cursor is not null);
        return chatters;
    }

    /// <summary>Bans a viewer, or times them out when <paramref name="duration"/> is set (1 s to 14 days).</summary>
    public async Task BanAsync(string broadcasterId, string userId, TimeSpan? duration, string reason, CancellationToken cancellationToken)
    {
        int? seconds = duration is { } d ? (int)Math.Clamp(Math.Ceiling(d.TotalSeconds), 1, 1_209_600) : null;
        var body = new BanBody(new BanData(userId, seconds, Truncate(reason, 500)));
        using var _ = await SendAsync(HttpMethod.Post, $"moderation/bans?{ModeratorQuery(broadcasterId, await ModeratorIdAsync(cancellationToken).ConfigureAwait(false))}",
            () => JsonContent.Create(body, Json.BanBody), cancellationToken).ConfigureAwait(false);
    }

    public async Task UnbanAsync(string broadcasterId, string userId, CancellationToken cancellationToken)
    {
        var moderator = await ModeratorIdAsync(cancellationToken).ConfigureAwait(false);
        using var _ = await SendAsync(HttpMethod.Delete, $"moderation/bans?{ModeratorQuery(broadcasterId, moderator)}&user_id={Uri.EscapeDataString(userId)}",
            null, cancellationToken).ConfigureAwait(false);
    }

    public async Task WarnAsync(string broadcasterId, string userId, string reason, CancellationToken cancellationToken)
    {
        var moderator = await ModeratorIdAsync(cancellationToken).ConfigureAwait(false);
        var body = new WarnBody(new WarnData(userId, Truncate(reason, 500)));
        using var _ = await SendAsync(HttpMethod.Post, $"moderation/warnings?{ModeratorQuery(broadcasterId, moderator)}",
            () => JsonContent.Create(body, Json.WarnBody), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes one chat message (within 6 hours of sending).</summary>
    public async Task DeleteChatMessageAsync(string broadcasterId, string messageId, CancellationToken cancellationToken)
    {
        var moderator = await ModeratorIdAsync(cancellationToken).ConfigureAwait(false);
        using var _ = await SendAsync(HttpMethod.Delete, $"moderation/chat?{ModeratorQuery(broadcasterId, moderator)}&message_id={Uri.EscapeDataString(messageId)}",
            null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends an announcement; <paramref name="color"/> is blue, green, orange, purple or primary.</summary>
    public async Task SendAnnouncementAsync(string broadcasterId, string message, string? color, CancellationToken cancellationToken)
    {
        var moderator = await ModeratorIdAsync(cancellationToken).ConfigureAwait(false);
        var body = new AnnouncementBody(Truncate(message, 500), color);
        using var _ = await SendAsync(HttpMethod.Post, $"chat/announcements?{ModeratorQuery(broadcasterId, moderator)}",
            () => JsonContent.Create(body, Json.AnnouncementBody), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Twitch's native shoutout (Send a Shoutout). Twitch allows one every 2 minutes per channel and one per hour per
    /// target; over that it answers 429 while the rate-limit bucket still has room, which is not retried.
    /// </summary>
    public async Task SendShoutoutAsync(string fromBroadcasterId, string toBroadcasterId, CancellationToken cancellationToken)
    {
        var moderator = await ModeratorIdAsync(cancellationToken).ConfigureAwait(false);
        using var _ = await SendAsync(HttpMethod.Post,
            $"chat/shoutouts?from_broadcaster_id={Uri.EscapeDataString(fromBroadcasterId)}&to_broadcaster_id={Uri.EscapeDataString(toBroadcasterId)}&moderator_id={Uri.EscapeDataString(moderator)}",
            null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a native poll (2–5 choices, 15–1800 s).</summary>
    public async Task<HelixPoll> CreatePollAsync(string broadcasterId, string title, IReadOnlyList<string> choices, TimeSpan duration, CancellationToken cancellationToken)
    {
        var body = new CreatePollBody(broadcasterId, title, choices.Select(c => new TitleOnly(c)).ToList(),
            (int)Math.Clamp(duration.TotalSeconds, 15, 1800));
        return await SingleAsync(HttpMethod.Post, "polls", () => JsonContent.Create(body, Json.CreatePollBody), Json.HelixDataHelixPoll, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends a native poll: shown with its results (<c>TERMINATED</c>) or hidden (<c>ARCHIVED</c>).</summary>
    public async Task<HelixPoll> EndPollAsync(string broadcasterId, string pollId, bool archive, CancellationToken cancellationToken)
    {
        var body = new EndPollBody(broadcasterId, pollId, archive ? "ARCHIVED" : "TERMINATED");
        return await SingleAsync(HttpMethod.Patch, "polls", () => JsonContent.Create(body, Json.EndPollBody), Json.HelixDataHelixPoll, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a prediction (2–10 outcomes, window 30–1800 s).</summary>
    public async Task<HelixPrediction> CreatePredictionAsync(string broadcasterId, string title, IReadOnlyList<string> outcomes, TimeSpan window, CancellationToken cancellationToken)
    {
        var body = new CreatePredictionBody(broadcasterId, title, outcomes.Select(o => new TitleOnly(o)).ToList(),
            (int)Math.Clamp(window.TotalSeconds, 30, 1800));
        return await SingleAsync(HttpMethod.Post, "predictions", () => JsonContent.Create(body, Json.CreatePredictionBody), Json.HelixDataHelixPrediction, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Resolves (<c>RESOLVED</c> with a winner), cancels (<c>CANCELED</c>) or locks (<c>LOCKED</c>) a prediction.</summary>
    public async Task<HelixPrediction> EndPredictionAsync(string broadcasterId, string predictionId, string status, string? winningOutcomeId, CancellationToken cancellationToken)
    {
        var body = new EndPredictionBody(broadcasterId, predictionId, status, winningOutcomeId);
        return await SingleAsync(HttpMethod.Patch, "predictions", () => JsonContent.Create(body, Json.EndPredictionBody), Json.HelixDataHelixPrediction, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a chat message as <paramref name="senderId"/> (Helix Send Chat Message, <c>user:write:chat</c>), as a
    /// reply when <paramref name="replyParentMessageId"/> is set; <paramref name="forSourceOnly"/> keeps it in the
    /// broadcaster's own room during a Shared Chat. Twitch may still drop it (<see cref="HelixSentMessage.DropReason"/>).
    /// </summary>
    public async Task<HelixSentMessage> SendChatMessageAsync(string broadcasterId, string senderId, string message, string? replyParentMessageId,
        bool forSourceOnly, CancellationToken cancellationToken)
    {
        var body = new SendChatMessageBody(broadcasterId, senderId, message, replyParentMessageId, forSourceOnly ? true : null);
        try
        {
            return await SingleAsync(HttpMethod.Post, "chat/messages", () => JsonContent.Create(body, Json.SendChatMessageBody), Json.HelixDataHelixSentMessage, cancellationToken).ConfigureAwait(false);
        }
        catch (HelixException ex) when (forSourceOnly && ex.Status == HttpStatusCode.BadRequest)
        {
            // Twitch documents for_source_only for app tokens; a user token may be refused for it. Sending to the whole
            // Shared Chat beats not answering at all, and the log says why.
            LogSourceOnlyRefused(ex.Message);
            return await SingleAsync(HttpMethod.Post, "chat/messages", () => JsonContent.Create(body with { ForSourceOnly = null }, Json.SendChatMessageBody),
                Json.HelixDataHelixSentMessage, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<EventSubSubscriptionCreated> CreateEventSubSubscriptionAsync(EventSubSubscriptionRequest request, CancellationToken cancellationToken) =>
        await SingleAsync(HttpMethod.Post, "eventsub/subscriptions", () => JsonContent.Create(request, Json.EventSubSubscriptionRequest),
            Json.HelixDataEventSubSubscriptionCreated, cancellationToken).ConfigureAwait(false);

    private async Task<string> ModeratorIdAsync(CancellationToken cancellationToken) =>
        (await _credentials.GetAsync(cancellationToken).ConfigureAwait(false))?.UserId
        ?? throw new HelixException(HttpStatusCode.Unauthorized, "Twitch is not signed in");

    private static string ModeratorQuery(string broadcasterId, string moderatorId) =>
        $"broadcaster_id={Uri.EscapeDataString(broadcasterId)}&moderator_id={Uri.EscapeDataString(moderatorId)}";

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    private async Task<IReadOnlyList<T>> GetDataAsync<T>(string path, JsonTypeInfo<HelixData<T>> info, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        var data = await response.Content.ReadFromJsonAsync(info, cancellationToken).ConfigureAwait(false);
        return data?.Data ?? [];
    }

    private async Task<T> SingleAsync<T>(HttpMethod method, string path, Func<HttpContent> content, JsonTypeInfo<HelixData<T>> info, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, content, cancellationToken).ConfigureAwait(false);
        var data = await response.Content.ReadFromJsonAsync(info, cancellationToken).ConfigureAwait(false);
        return data?.Data is [var first, ..] ? first : throw new HelixException(response.StatusCode, "Twitch returned no data");
    }

    /// <summary>
    /// A 429 is retried (up to three times) once the bucket refills at <c>Ratelimit-Reset</c>. Only 429: it means
    /// Twitch did nothing, so even a POST is safe to send again. A 429 while <c>Ratelimit-Remaining</c> still shows room
    /// is an endpoint's own limit (a shoutout's cooldown), not the bucket: waiting for the reset would not help. Transient network faults and 5xx on reads are the
    /// standard resilience handler's job on the HttpClient.
    /// </summary>
    private ResiliencePipeline<HttpResponseMessage> RateLimitPipeline() =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>().HandleResult(r => r.StatusCode == HttpStatusCode.TooManyRequests
                    && !(TryHeader(r, "Ratelimit-Remaining", out var left) && left > 0)),
                MaxRetryAttempts = MaxAttempts - 1,
                DelayGenerator = args =>
                {
                    var now = _time.GetUtcNow();
                    var reset = args.Outcome.Result is { } r && TryHeader(r, "Ratelimit-Reset", out var at) ? DateTimeOffset.FromUnixTimeSeconds(at) : now.AddSeconds(1);
                    lock (_bucketLock)
                    {
                        _remaining = 0;
                        _resetAt = reset > now ? reset : now.AddSeconds(1);
                    }
                    return ValueTask.FromResult<TimeSpan?>(TimeSpan.Zero); // the bucket wait in the next attempt does the waiting
                },
                OnRetry = args =>
                {
                    LogRateLimited(args.Outcome.Result?.RequestMessage?.Method.Method ?? "?", args.Outcome.Result?.RequestMessage?.RequestUri?.AbsolutePath ?? "?");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Func<HttpContent>? content, CancellationToken cancellationToken)
    {
        var clientId = _options.ClientId ?? throw new HelixException(HttpStatusCode.Unauthorized, "Twitch:ClientId is not configured");
        var response = await _rateLimited.ExecuteAsync(async ct => await SendOnceAsync(method, path, content, clientId, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode) return response;
        using (response)
            throw await ErrorAsync(response, method, path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One request with the current token; a rejected token is refreshed once and the request sent again.</summary>
    private async Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, string path, Func<HttpContent>? content, string clientId, CancellationToken cancellationToken)
    {
        await WaitForBucketAsync(cancellationToken).ConfigureAwait(false);
        var signIn = await _credentials.GetAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new HelixException(HttpStatusCode.Unauthorized, "Twitch is not signed in");
        var response = await RequestAsync(signIn.AccessToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized) return response;
        if (await _credentials.RefreshAfterRejectionAsync(signIn.AccessToken, cancellationToken).ConfigureAwait(false) is not { } refreshed) return response;
        response.Dispose();
        return await RequestAsync(refreshed.AccessToken).ConfigureAwait(false);

        async Task<HttpResponseMessage> RequestAsync(string token)
        {
            using var request = new HttpRequestMessage(method, path) { Content = content?.Invoke() };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("Client-Id", clientId);
            _requests.Increment();
            var sent = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            ObserveBucket(sent);
            return sent;
        }
    }

    private async Task<HelixException> ErrorAsync(HttpResponseMessage response, HttpMethod method, string path, CancellationToken cancellationToken)
    {
        string message;
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var error = body.Length == 0 ? null : JsonSerializer.Deserialize(body, Json.HelixError);
            message = error?.Message ?? error?.Error ?? response.ReasonPhrase ?? "Twitch request failed";
        }
        catch (JsonException)
        {
            message = response.ReasonPhrase ?? "Twitch request failed";
        }
        LogFailed(method.Method, PathOnly(path), (int)response.StatusCode, message);
        return new HelixException(response.StatusCode, message);
    }

    private static string PathOnly(string path) => path.Split('?', 2)[0];

    private async Task WaitForBucketAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset resetAt;
        lock (_bucketLock)
        {
            if (_remaining is not 0) return;
            resetAt = _resetAt;
        }
        var wait = resetAt - _time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            _rateLimitWaits.Increment();
            LogWaiting(wait.TotalSeconds);
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
        lock (_bucketLock)
        {
            // The bucket refilled at the reset time; the next response tells the real count.
            if (_resetAt <= _time.GetUtcNow()) _remaining = null;
        }
    }

    private void ObserveBucket(HttpResponseMessage response)
    {
        if (!TryHeader(response, "Ratelimit-Remaining", out var remaining)) return;
        lock (_bucketLock)
        {
            _remaining = (int)Math.Max(0, remaining);
            if (TryHeader(response, "Ratelimit-Reset", out var reset))
                _resetAt = DateTimeOffset.FromUnixTimeSeconds(reset);
        }
    }

    private static bool TryHeader(HttpResponseMessage response, string name, out long value)
    {
        value = 0;
        return response.Headers.TryGetValues(name, out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twitch refused for_source_only ({TwitchMessage}); the reply goes to the whole Shared Chat")]
    private partial void LogSourceOnlyRefused(string twitchMessage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Helix rate limit reached; waiting {Seconds:F1} s for the bucket to refill")]
    private partial void LogWaiting(double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Helix {Method} {Path} was rate limited (429); retrying after the reset")]
    private partial void LogRateLimited(string method, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Helix {Method} {Path} failed with {Status}: {TwitchMessage}")]
    private partial void LogFailed(string method, string path, int status, string twitchMessage);
}
