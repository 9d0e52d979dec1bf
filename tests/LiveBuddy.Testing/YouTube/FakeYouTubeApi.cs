using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.Testing.YouTube;

/// <summary>One request the fake received, with the time it arrived (real clock) for spacing checks.</summary>
public sealed record FakeYouTubeRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, string? Authorization, DateTimeOffset At)
{
    public string? this[string name] => Query.TryGetValue(name, out var v) ? v : null;
}

/// <summary>
/// A fake YouTube Data API v3 on 127.0.0.1 (port 0): videos.list, liveBroadcasts.list, liveChatMessages
/// list/insert/delete, liveChatBans insert/delete and an OAuth token endpoint. JSON shapes follow Google's
/// reference pages: 64-bit numbers (amountMicros, banDurationSeconds, concurrentViewers) are strings, errors are
/// <c>{"error":{"code","message","errors":[{"domain","reason","message"}]}}</c>.
/// </summary>
public sealed class FakeYouTubeApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, FakeLiveChat> _chats = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> _videos = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> _broadcasts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, string Reason, string Message)>> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FakeYouTubeRequest> _requests = new();
    private readonly ConcurrentQueue<JsonObject> _inserted = new();
    private readonly ConcurrentQueue<JsonObject> _bans = new();
    private readonly ConcurrentQueue<string> _deletedMessages = new();
    private readonly ConcurrentQueue<string> _deletedBans = new();
    private readonly ConcurrentQueue<string> _transitions = new();
    private int _banIds;

    private FakeYouTubeApi(WebApplication app) => _app = app;

    /// <summary>Base URL to put in <c>YouTube:ApiUrl</c>, ending in <c>/youtube/v3/</c>.</summary>
    public string ApiUrl { get; private set; } = "";
    /// <summary>OAuth token endpoint (<c>YouTube:TokenUrl</c>).</summary>
    public string TokenUrl { get; private set; } = "";
    /// <summary>OAuth authorization endpoint (<c>YouTube:AuthUrl</c>); never visited by tests, only built into the URL.</summary>
    public string AuthUrl { get; private set; } = "";

    /// <summary>When set, every API call must carry <c>key=</c> this value or a Bearer token; else 400 keyInvalid.</summary>
    public string? RequiredApiKey { get; set; }
    /// <summary>Access token the token endpoint hands out and API calls accept as <c>Authorization: Bearer</c>.</summary>
    public string AccessToken { get; set; } = "ya29.fake-access-token";
    public string RefreshToken { get; set; } = "1//fake-refresh-token";
    /// <summary>The authorization code the token endpoint accepts.</summary>
    public string AuthorizationCode { get; set; } = "fake-auth-code";

    /// <summary>The streamList gRPC server over the same chats (<c>YouTube:StreamUrl</c> is its <see cref="FakeStreamList.Url"/>).</summary>
    public FakeStreamList Streams { get; private set; } = null!;

    public IReadOnlyList<FakeYouTubeRequest> Requests => _requests.ToArray();
    public IReadOnlyList<JsonObject> InsertedMessages => _inserted.ToArray();
    public IReadOnlyList<JsonObject> Bans => _bans.ToArray();
    public IReadOnlyList<string> DeletedMessageIds => _deletedMessages.ToArray();
    public IReadOnlyList<string> DeletedBanIds => _deletedBans.ToArray();
    /// <summary>Ids of polls closed with liveChatMessages.transition.</summary>
    public IReadOnlyList<string> ClosedPolls => _transitions.ToArray();

    public static async Task<FakeYouTubeApi> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeYouTubeApi(app);
        fake.Map(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Urls.First().TrimEnd('/');
        fake.ApiUrl = address + "/youtube/v3/";
        fake.TokenUrl = address + "/token";
        fake.AuthUrl = address + "/o/oauth2/auth";
        fake.Streams = await FakeStreamList.StartAsync(fake, cancellationToken).ConfigureAwait(false);
        return fake;
    }

    /// <summary>A video; with <paramref name="liveChatId"/> it is live and has an active chat.</summary>
    public void SetVideo(string videoId, string? liveChatId, string? concurrentViewers = null, string title = "Live stream",
        DateTimeOffset? actualStartTime = null, DateTimeOffset? actualEndTime = null, string? likeCount = null)
    {
        // The video resource's statistics part: unsigned longs as strings; likeCount is absent when the owner hides it.
        var statistics = new JsonObject { ["viewCount"] = "0", ["favoriteCount"] = "0", ["commentCount"] = "0" };
        if (likeCount is not null) statistics["likeCount"] = likeCount;
        var live = new JsonObject();
        if (actualStartTime is { } start) live["actualStartTime"] = Time(start);
        if (actualEndTime is { } end) live["actualEndTime"] = Time(end);
        if (concurrentViewers is not null) live["concurrentViewers"] = concurrentViewers;
        if (liveChatId is not null) live["activeLiveChatId"] = liveChatId;
        _videos[videoId] = new JsonObject
        {
            ["kind"] = "youtube#video",
            ["etag"] = "etag-" + videoId,
            ["id"] = videoId,
            ["snippet"] = new JsonObject { ["title"] = title, ["channelId"] = "UCcreator", ["liveBroadcastContent"] = liveChatId is null ? "none" : "live" },
            ["liveStreamingDetails"] = live,
            ["statistics"] = statistics,
        };
    }

    /// <summary>An active broadcast of the signed-in channel (liveBroadcasts.list?broadcastStatus=active).</summary>
    public void SetActiveBroadcast(string broadcastId, string liveChatId, string title = "My stream") =>
        _broadcasts[broadcastId] = new JsonObject
        {
            ["kind"] = "youtube#liveBroadcast",
            ["etag"] = "etag-" + broadcastId,
            ["id"] = broadcastId,
            ["snippet"] = new JsonObject { ["title"] = title, ["channelId"] = "UCcreator", ["liveChatId"] = liveChatId },
        };

    public void EndBroadcast(string broadcastId) => _broadcasts.TryRemove(broadcastId, out _);

    /// <summary>The scripted chat with this id (created on first use).</summary>
    public FakeLiveChat Chat(string liveChatId) => _chats.GetOrAdd(liveChatId, id => new FakeLiveChat(id));

    internal bool TryGetChat(string liveChatId, out FakeLiveChat chat) => _chats.TryGetValue(liveChatId, out chat!);

    /// <summary>
    /// The next <paramref name="times"/> calls to <paramref name="resource"/> (<c>liveChat/messages</c>, <c>videos</c>,
    /// <c>liveBroadcasts</c>, <c>liveChat/bans</c>) fail with this status and reason.
    /// </summary>
    public void FailNext(string resource, int status, string reason, string message, int times = 1)
    {
        var queue = _failures.GetOrAdd(resource, _ => new ConcurrentQueue<(int, string, string)>());
        for (var i = 0; i < times; i++) queue.Enqueue((status, reason, message));
    }

    public int CountRequests(string path) => _requests.Count(r => string.Equals(r.Path, path, StringComparison.Ordinal));

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
            _requests.Enqueue(new FakeYouTubeRequest(context.Request.Method, context.Request.Path.Value ?? "", query,
                context.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null, DateTimeOffset.UtcNow));
            await next(context).ConfigureAwait(false);
        });
        var api = app.MapGroup("/youtube/v3");
        api.MapGet("/videos", (HttpContext c) => Guarded(c, "videos", () => ListVideos(c)));
        api.MapGet("/liveBroadcasts", (HttpContext c) => Guarded(c, "liveBroadcasts", () =>
            c.Request.Headers.Authorization.Count == 0
                ? Error(401, "authError", "Login Required.", "global")
                : Json(new JsonObject { ["kind"] = "youtube#liveBroadcastListResponse", ["items"] = new JsonArray(_broadcasts.Values.Select(b => (JsonNode)b.DeepClone()).ToArray()) })));
        api.MapGet("/liveChat/messages", (HttpContext c) => Guarded(c, "liveChat/messages", () => ListMessages(c)));
        api.MapPost("/liveChat/messages", (HttpContext c, CancellationToken _) => GuardedAsync(c, "liveChat/messages", async () =>
        {
            var body = await ReadBodyAsync(c).ConfigureAwait(false);
            _inserted.Enqueue(body);
            if (body["snippet"]?["type"]?.GetValue<string>() == "pollEvent") return InsertPoll(c, body);
            var reply = (JsonObject)body.DeepClone();
            reply["kind"] = "youtube#liveChatMessage";
            reply["id"] = "sent-" + _inserted.Count.ToString(CultureInfo.InvariantCulture);
            return Json(reply);
        }));
        api.MapPost("/liveChat/messages/transition", (HttpContext c) => Guarded(c, "liveChat/messages", () => TransitionPoll(c)));
        api.MapDelete("/liveChat/messages", (HttpContext c) => Guarded(c, "liveChat/messages", () =>
        {
            _deletedMessages.Enqueue(c.Request.Query["id"].ToString());
            return Results.NoContent();
        }));
        api.MapPost("/liveChat/bans", (HttpContext c, CancellationToken _) => GuardedAsync(c, "liveChat/bans", async () =>
        {
            var body = await ReadBodyAsync(c).ConfigureAwait(false);
            _bans.Enqueue(body);
            var reply = (JsonObject)body.DeepClone();
            reply["kind"] = "youtube#liveChatBan";
            reply["id"] = "ban-" + Interlocked.Increment(ref _banIds).ToString(CultureInfo.InvariantCulture);
            return Json(reply);
        }));
        api.MapDelete("/liveChat/bans", (HttpContext c) => Guarded(c, "liveChat/bans", () =>
        {
            _deletedBans.Enqueue(c.Request.Query["id"].ToString());
            return Results.NoContent();
        }));
        app.MapPost("/token", async (HttpContext c, CancellationToken ct) =>
        {
            var form = await c.Request.ReadFormAsync(ct).ConfigureAwait(false);
            var grant = form["grant_type"].ToString();
            var ok = grant switch
            {
                "authorization_code" => string.Equals(form["code"], AuthorizationCode, StringComparison.Ordinal),
                "refresh_token" => string.Equals(form["refresh_token"], RefreshToken, StringComparison.Ordinal),
                _ => false,
            };
            if (!ok) return Results.Json(new JsonObject { ["error"] = "invalid_grant", ["error_description"] = "Bad Request" }, statusCode: 400);
            return Json(new JsonObject
            {
                ["access_token"] = AccessToken,
                ["expires_in"] = 3599,
                ["refresh_token"] = RefreshToken,
                ["scope"] = "https://www.googleapis.com/auth/youtube.force-ssl",
                ["token_type"] = "Bearer",
            });
        });
    }

    // Google's client gzips request bodies (GZipEnabled), as Google's servers accept.
    private static async Task<JsonObject> ReadBodyAsync(HttpContext c)
    {
        var gzip = c.Request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip) return (await JsonNode.ParseAsync(c.Request.Body, cancellationToken: c.RequestAborted).ConfigureAwait(false))!.AsObject();
        await using var unzipped = new GZipStream(c.Request.Body, CompressionMode.Decompress, leaveOpen: true);
        return (await JsonNode.ParseAsync(unzipped, cancellationToken: c.RequestAborted).ConfigureAwait(false))!.AsObject();
    }

    private IResult Guarded(HttpContext c, string resource, Func<IResult> handle) =>
        Check(c, resource) ?? handle();

    private async Task<IResult> GuardedAsync(HttpContext c, string resource, Func<Task<IResult>> handle) =>
        Check(c, resource) ?? await handle().ConfigureAwait(false);

    private IResult? Check(HttpContext c, string resource)
    {
        if (_failures.TryGetValue(resource, out var queue) && queue.TryDequeue(out var failure))
            return Error(failure.Status, failure.Reason, failure.Message, DomainOf(failure.Reason));
        var bearer = c.Request.Headers.Authorization.ToString();
        if (bearer.Length > 0 && !string.Equals(bearer, "Bearer " + AccessToken, StringComparison.Ordinal))
            return Error(401, "authError", "Invalid Credentials", "global");
        if (RequiredApiKey is not null && bearer.Length == 0 && !string.Equals(c.Request.Query["key"], RequiredApiKey, StringComparison.Ordinal))
            return Error(400, "keyInvalid", "Bad Request", "usageLimits");
        return null;
    }

    private IResult ListVideos(HttpContext c)
    {
        var ids = c.Request.Query["id"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
        // As the reference says, the response holds only the parts asked for (id, kind and etag always).
        var parts = c.Request.Query["part"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) return Error(400, "required", "Required parameter: part", "global");
        var items = ids.Where(_videos.ContainsKey).Select(id =>
        {
            var video = (JsonObject)_videos[id].DeepClone();
            foreach (var part in video.Select(p => p.Key).Where(k => k is not ("kind" or "etag" or "id") && !parts.Contains(k)).ToList()) video.Remove(part);
            return (JsonNode)video;
        }).ToArray();
        return Json(new JsonObject
        {
            ["kind"] = "youtube#videoListResponse",
            ["etag"] = "etag-videos",
            ["items"] = new JsonArray(items),
            ["pageInfo"] = new JsonObject { ["totalResults"] = items.Length, ["resultsPerPage"] = items.Length },
        });
    }

    private IResult ListMessages(HttpContext c)
    {
        var id = c.Request.Query["liveChatId"].ToString();
        if (!_chats.TryGetValue(id, out var chat))
            return Error(404, "liveChatNotFound", "The live chat that you are trying to retrieve cannot be found.", "youtube.liveChat");
        return Json(chat.Page(c.Request.Query["pageToken"].ToString()));
    }

    /// <summary>
    /// A native poll, per liveChatMessages.insert's reference page: the channel owner only (a Bearer token here),
    /// 2–4 options of up to 35 characters, a question of up to 100, no tally or status set, one active poll per chat.
    /// </summary>
    private IResult InsertPoll(HttpContext c, JsonObject body)
    {
        if (c.Request.Headers.Authorization.Count == 0)
            return Error(403, "forbidden", "Only the channel owner can start a poll.", "youtube.liveChat");
        var snippet = body["snippet"]!.AsObject();
        var chatId = snippet["liveChatId"]?.GetValue<string>() ?? "";
        if (!_chats.TryGetValue(chatId, out var chat))
            return Error(404, "liveChatNotFound", "The live chat that you are trying to insert a message into cannot be found.", "youtube.liveChat");
        var metadata = snippet["pollDetails"]?["metadata"] as JsonObject;
        var question = metadata?["questionText"]?.GetValue<string>() ?? "";
        var options = (metadata?["options"] as JsonArray)?.Select(o => o?["optionText"]?.GetValue<string>() ?? "").ToList() ?? [];
        if (question.Length is 0 or > 100 || options.Count is < 2 or > 4 || options.Any(o => o.Length is 0 or > 35)
            || (metadata?["options"] as JsonArray)!.Any(o => o?["tally"] is not null) || snippet["pollDetails"]?["status"] is not null)
            return Error(400, "invalidPollMetadata", "The poll metadata is invalid.", "youtube.liveChat");
        if (chat.ActivePoll is not null)
            return Error(400, "pollAlreadyActive", "The live chat already has an active poll.", "youtube.liveChat");
        var id = "poll-" + Interlocked.Increment(ref _banIds).ToString(CultureInfo.InvariantCulture);
        chat.StartPoll(id, question, options);
        return Json(chat.ActivePoll!);
    }

    private IResult TransitionPoll(HttpContext c)
    {
        if (c.Request.Headers.Authorization.Count == 0)
            return Error(403, "forbidden", "Only the channel owner can close a poll.", "youtube.liveChat");
        var id = c.Request.Query["id"].ToString();
        if (!string.Equals(c.Request.Query["status"], "closed", StringComparison.Ordinal))
            return Error(400, "invalidStatus", "The only supported status is closed.", "youtube.liveChat");
        var chat = _chats.Values.FirstOrDefault(ch => ch.ActivePoll?["id"]?.GetValue<string>() == id);
        if (chat is null)
            return Error(400, "pollNotActive", "The poll is not active.", "youtube.liveChat");
        _transitions.Enqueue(id);
        return Json(chat.ClosePoll());
    }

    internal static string DomainOf(string reason) => reason switch
    {
        "quotaExceeded" => "youtube.quota",
        "rateLimitExceeded" or "userRateLimitExceeded" => "usageLimits",
        "liveChatNotFound" or "liveChatEnded" or "liveChatDisabled" => "youtube.liveChat",
        _ => "global",
    };

    /// <summary>Google's error body.</summary>
    public static IResult Error(int status, string reason, string message, string domain) =>
        Results.Content(new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = status,
                ["message"] = message,
                ["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["domain"] = domain, ["reason"] = reason }),
            },
        }.ToJsonString(), "application/json; charset=UTF-8", statusCode: status);

    private static IResult Json(JsonObject body) => Results.Content(body.ToJsonString(), "application/json; charset=UTF-8");

    internal static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await Streams.DisposeAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>
/// A scripted live chat. Page 0 (no pageToken) is the backlog; token <c>pN</c> returns page N. Past the last page
/// the chat answers empty pages with the same token, plus <c>offlineAt</c> once <see cref="EndAt"/> is set.
/// </summary>
public sealed class FakeLiveChat(string liveChatId)
{
    private readonly List<JsonObject[]> _pages = [];
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset? _endAt;

    public string LiveChatId { get; } = liveChatId;
    public long PollingIntervalMillis { get; set; } = 2000;

    /// <summary>When set, the chat has gone offline: list pages past the last carry <c>offlineAt</c>, streams end with it.</summary>
    public DateTimeOffset? EndAt
    {
        get => _endAt;
        set
        {
            _endAt = value;
            Signal();
        }
    }

    private JsonObject? _activePoll;

    /// <summary>The running native poll (a pollEvent message with tallies), as pages show it in <c>activePollItem</c>.</summary>
    public JsonObject? ActivePoll
    {
        get { lock (_lock) return _activePoll; }
    }

    internal void StartPoll(string id, string question, IReadOnlyList<string> options)
    {
        lock (_lock)
            _activePoll = YouTubeChatItems.Poll(id, LiveChatId, new FakeYouTubeAuthor("UCcreator", "Creator", Owner: true), question,
                options.Select(o => (o, 0L)).ToList(), "active", DateTimeOffset.UtcNow);
    }

    /// <summary>Viewers voted in the native poll: the next page (and an open stream at once) shows the new tallies.</summary>
    public void SetPollTallies(params long[] tallies)
    {
        lock (_lock)
        {
            var options = (JsonArray)_activePoll!["snippet"]!["pollDetails"]!["metadata"]!["options"]!;
            for (var i = 0; i < options.Count && i < tallies.Length; i++) options[i]!["tally"] = tallies[i].ToString(CultureInfo.InvariantCulture);
            _pages.Add([]);
        }
        Signal();
    }

    internal JsonObject ClosePoll()
    {
        lock (_lock)
        {
            var closed = (JsonObject)_activePoll!.DeepClone();
            closed["snippet"]!["pollDetails"]!["status"] = "closed";
            _activePoll = null;
            return closed;
        }
    }

    /// <summary>Completes at the next <see cref="AddPage"/> (or <see cref="EndAt"/>): what open streams wait on.</summary>
    internal Task Changed
    {
        get { lock (_lock) return _changed.Task; }
    }

    /// <summary>Adds the next page. Items may repeat ones from earlier pages (the API's page overlap).</summary>
    public FakeLiveChat AddPage(params JsonObject[] items)
    {
        lock (_lock) _pages.Add(items);
        Signal();
        return this;
    }

    public int PageCount
    {
        get { lock (_lock) return _pages.Count; }
    }

    private void Signal()
    {
        TaskCompletionSource done;
        lock (_lock)
        {
            done = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        done.TrySetResult();
    }

    internal bool TryGetPage(int index, out JsonObject[] items)
    {
        lock (_lock)
        {
            items = index < _pages.Count ? _pages[index] : [];
            return index < _pages.Count;
        }
    }

    /// <summary>Page index of a token: none is page 0 (the backlog), <c>pN</c> is page N, anything else -1.</summary>
    internal static int PageIndex(string? token) =>
        string.IsNullOrEmpty(token) ? 0
        : token.StartsWith('p') && int.TryParse(token.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;

    internal JsonObject Page(string? token)
    {
        lock (_lock)
        {
            var index = PageIndex(token);
            if (index < 0)
                return new JsonObject { ["error"] = "bad token" };
            var items = index < _pages.Count ? _pages[index] : [];
            var next = index < _pages.Count ? index + 1 : index;
            var page = new JsonObject
            {
                ["kind"] = "youtube#liveChatMessageListResponse",
                ["etag"] = "etag-" + LiveChatId + "-" + index.ToString(CultureInfo.InvariantCulture),
                ["nextPageToken"] = "p" + next.ToString(CultureInfo.InvariantCulture),
                ["pollingIntervalMillis"] = PollingIntervalMillis,
                ["pageInfo"] = new JsonObject { ["totalResults"] = items.Length, ["resultsPerPage"] = items.Length },
                ["items"] = new JsonArray(items.Select(i => (JsonNode)i.DeepClone()).ToArray()),
            };
            if (_activePoll is not null) page["activePollItem"] = _activePoll.DeepClone();
            if (EndAt is { } end && index >= _pages.Count) page["offlineAt"] = FakeYouTubeApi.Time(end);
            return page;
        }
    }
}
