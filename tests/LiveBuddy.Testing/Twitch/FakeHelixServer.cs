using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.Testing.Twitch;

/// <summary>One request the fake Helix received.</summary>
public sealed record FakeHelixRequest(string Method, string Path, IReadOnlyDictionary<string, string[]> Query, string Body, string? Authorization, string? ClientId)
{
    public string? this[string name] => Query.TryGetValue(name, out var v) ? v.FirstOrDefault() : null;
    public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);
}

/// <summary>A canned answer for the next request to a path: status, Twitch error message, rate-limit headers.</summary>
public sealed record FakeHelixResponse(int Status, string? Message = null, int? RateLimitRemaining = null, DateTimeOffset? RateLimitReset = null);

/// <summary>
/// A fake Helix API on 127.0.0.1 (port 0): users, streams, moderation bans/chat/warnings, announcements, shoutouts,
/// polls, predictions and eventsub subscriptions, checking the <c>Authorization: Bearer</c> and <c>Client-Id</c>
/// headers. Errors use Twitch's shape <c>{"error","status","message"}</c>. Put <see cref="Url"/> in <c>Twitch:HelixUrl</c>.
/// </summary>
public sealed partial class FakeHelixServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeHelixRequest> _requests = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeHelixResponse>> _canned = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Id, string Login)> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _displayNames = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string GameId, string GameName, string Title)> _channels = new(StringComparer.Ordinal);
    private readonly Lock _shoutoutLock = new();
    private readonly Dictionary<string, DateTimeOffset> _lastShoutout = new(StringComparer.Ordinal);
    private readonly Dictionary<(string From, string To), DateTimeOffset> _lastShoutoutTo = [];
    private readonly ConcurrentDictionary<string, (string StreamId, int Viewers, string Title)> _live = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Id, string Login, string Name)[]> _chatters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Broadcaster, string Moderator), bool> _moderators = new();
    private readonly SemaphoreSlim _received = new(0);
    private int _ids;

    private FakeHelixServer(WebApplication app) => _app = app;

    /// <summary><c>http://127.0.0.1:port/helix</c>.</summary>
    public string Url { get; private set; } = "";

    /// <summary>Tokens the fake accepts; any other Bearer gets 401 "Invalid OAuth token".</summary>
    public ConcurrentDictionary<string, bool> ValidTokens { get; } = new(StringComparer.Ordinal);

    public string ClientId { get; set; } = "fake-client-id";

    public IReadOnlyList<FakeHelixRequest> Requests => _requests.ToArray();

    /// <summary>The chat messages sent through <c>POST /chat/messages</c>, in order.</summary>
    public IReadOnlyList<FakeHelixRequest> ChatMessages =>
        _requests.Where(r => r.Method == "POST" && r.Path == "/helix/chat/messages").ToArray();

    /// <summary>When set, Send Chat Message answers <c>is_sent: false</c> with this drop reason (code, message).</summary>
    public (string Code, string Message)? DropChatMessages { get; set; }

    public IReadOnlyList<FakeHelixRequest> SubscriptionRequests =>
        _requests.Where(r => r.Method == "POST" && r.Path == "/helix/eventsub/subscriptions").ToArray();

    public static async Task<FakeHelixServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeHelixServer(app);
        app.Map("/helix/{**path}", fake.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        fake.Url = app.Urls.First().TrimEnd('/') + "/helix";
        return fake;
    }

    public void AddUser(string id, string login) => _users[login] = (id, login);

    /// <summary>A user whose display name differs from the login (capitals, or a localized name).</summary>
    public void AddUser(string id, string login, string displayName)
    {
        _users[login] = (id, login);
        _displayNames[login] = displayName;
    }

    /// <summary>What Get Channel Information answers for this login: the category they stream or last streamed, and the title.</summary>
    public void SetChannel(string login, string gameId, string gameName, string title) => _channels[login] = (gameId, gameName, title);

    /// <summary>The clock the shoutout cooldowns are measured on (a test's fake clock).</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Send a Shoutout answers 403 "not one of the broadcaster's moderators" while this is set.</summary>
    public bool ShoutoutModeratorRefused { get; set; }

    /// <summary>The shoutouts Twitch accepted (204), in order.</summary>
    public IReadOnlyList<FakeHelixRequest> Shoutouts { get; private set; } = [];

    public void SetLive(string login, string streamId, int viewers, string title = "Live now") => _live[login] = (streamId, viewers, title);

    public void SetOffline(string login) => _live.TryRemove(login, out _);

    /// <summary>The channel's title and category (game_name), as Get Channel Information and Get Streams report them.</summary>
    public void SetChannelInfo(string login, string title, string category) => _channels[login] = ("509658", category, title);

    /// <summary>Who Get Chatters lists as connected to the broadcaster's chat (by broadcaster id), in this order.</summary>
    public void SetChatters(string broadcasterId, IEnumerable<(string Id, string Login, string Name)> chatters) =>
        _chatters[broadcasterId] = chatters.ToArray();

    /// <summary>Makes <paramref name="moderatorId"/> one of the broadcaster's moderators (the broadcaster always is).</summary>
    public void AddModerator(string broadcasterId, string moderatorId) => _moderators[(broadcasterId, moderatorId)] = true;

    /// <summary>
    /// Whose token the requests carry and the scopes it was granted (usually the fake auth server's user and scopes, read at
    /// each request). An endpoint in <see cref="ScopeNeeded"/> answers 401 "Missing scope: …" when the token has none of its
    /// scopes, as Twitch does; the channel-points calls also need the token to be the broadcaster's. Null (default): a token
    /// with every scope, of no broadcaster.
    /// </summary>
    public Func<(string UserId, IReadOnlyCollection<string> Scopes)>? TokenOwner { get; set; }

    // The scopes each endpoint needs (any one of them), from the Authorization sections of Twitch's API reference.
    private static readonly Dictionary<(string Method, string Path), string[]> ScopeNeeded = new()
    {
        [("POST", "/streams/markers")] = ["channel:manage:broadcast"],
        [("POST", "/clips")] = ["clips:edit"],
        [("GET", "/chat/chatters")] = ["moderator:read:chatters"],
        [("GET", "/channel_points/custom_rewards")] = ["channel:read:redemptions", "channel:manage:redemptions"],
        [("POST", "/channel_points/custom_rewards")] = ["channel:manage:redemptions"],
        [("PATCH", "/channel_points/custom_rewards")] = ["channel:manage:redemptions"],
        [("PATCH", "/channel_points/custom_rewards/redemptions")] = ["channel:manage:redemptions"],
    };

    // channel.moderate (EventSub reference, "Channel Moderate V2"): the token's user is the condition's moderator, is the broadcaster
    // or one of their moderators, and holds one scope of each group Twitch lists.
    private static readonly string[][] ModerateScopes =
    [
        ["moderator:read:blocked_terms", "moderator:manage:blocked_terms"], ["moderator:read:chat_settings", "moderator:manage:chat_settings"],
        ["moderator:read:unban_requests", "moderator:manage:unban_requests"], ["moderator:read:banned_users", "moderator:manage:banned_users"],
        ["moderator:read:chat_messages", "moderator:manage:chat_messages"], ["moderator:read:warnings", "moderator:manage:warnings"],
        ["moderator:read:moderators"], ["moderator:read:vips"],
    ];

    private bool MayReadModeration(JsonObject? condition)
    {
        var broadcaster = condition?["broadcaster_user_id"]?.GetValue<string>();
        var moderator = condition?["moderator_user_id"]?.GetValue<string>();
        if (broadcaster is null || moderator is null) return false;
        if (TokenOwner?.Invoke() is { } owner && (owner.UserId != moderator || !ModerateScopes.All(group => group.Any(owner.Scopes.Contains)))) return false;
        return moderator == broadcaster || _moderators.ContainsKey((broadcaster, moderator));
    }

    private string? MissingScope(string method, string path) =>
        ScopeNeeded.TryGetValue((method, path), out var anyOf) && TokenOwner?.Invoke().Scopes is { } granted && !anyOf.Any(granted.Contains)
            ? string.Join(" or ", anyOf)
            : null;

    /// <summary>The Get Chatters requests, in order.</summary>
    public IReadOnlyList<FakeHelixRequest> ChattersRequests => _requests.Where(r => r.Path == "/helix/chat/chatters").ToArray();

    /// <summary>Answers the next request to <paramref name="path"/> (e.g. <c>/helix/moderation/bans</c>) with this instead.</summary>
    public void Enqueue(string path, FakeHelixResponse response) =>
        _canned.GetOrAdd(path, _ => new ConcurrentQueue<FakeHelixResponse>()).Enqueue(response);

    /// <summary>Waits until at least <paramref name="count"/> requests matched.</summary>
    public async Task WaitForRequestsAsync(Func<FakeHelixRequest, bool> match, int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (_requests.Count(match) < count)
            await _received.WaitAsync(cts.Token).ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.Body))
            body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        var recorded = new FakeHelixRequest(request.Method, request.Path.Value ?? "",
            request.Query.ToDictionary(q => q.Key, q => q.Value.Select(v => v ?? "").ToArray(), StringComparer.Ordinal),
            body, request.Headers.Authorization.FirstOrDefault(), request.Headers["Client-Id"].FirstOrDefault());
        _requests.Enqueue(recorded);
        _received.Release();

        if (_canned.TryGetValue(recorded.Path, out var queue) && queue.TryDequeue(out var canned))
        {
            if (canned.RateLimitRemaining is { } remaining)
                context.Response.Headers["Ratelimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
            if (canned.RateLimitReset is { } reset)
                context.Response.Headers["Ratelimit-Reset"] = reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            if (canned.Status >= 400)
            {
                await Error(context, canned.Status, canned.Message ?? "canned failure").ConfigureAwait(false);
                return;
            }
        }
        else
        {
            context.Response.Headers["Ratelimit-Limit"] = "800";
            context.Response.Headers["Ratelimit-Remaining"] = "799";
            context.Response.Headers["Ratelimit-Reset"] = DateTimeOffset.UtcNow.AddSeconds(60).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        }

        var auth = recorded.Authorization ?? "";
        if (!auth.StartsWith("Bearer ", StringComparison.Ordinal) || !ValidTokens.ContainsKey(auth["Bearer ".Length..]))
        {
            await Error(context, 401, "Invalid OAuth token").ConfigureAwait(false);
            return;
        }
        if (!string.Equals(recorded.ClientId, ClientId, StringComparison.Ordinal))
        {
            await Error(context, 401, "Client ID and OAuth token do not match").ConfigureAwait(false);
            return;
        }

        var path = recorded.Path["/helix".Length..];
        if (MissingScope(request.Method, path) is { } scope)
        {
            await Error(context, 401, "Missing scope: " + scope).ConfigureAwait(false);
            return;
        }
        if (path.StartsWith("/channel_points/", StringComparison.Ordinal))
        {
            await ChannelPointsAsync(context, recorded, path).ConfigureAwait(false);
            return;
        }
        switch (request.Method, path)
        {
            case ("GET", "/users"):
                var users = new JsonArray();
                foreach (var login in recorded.Query.GetValueOrDefault("login") ?? [])
                {
                    // Get Users (dev.twitch.tv/docs/api/reference/#get-users): every documented field; no email without the scope.
                    if (_users.TryGetValue(login, out var u))
                        users.Add(new JsonObject
                        {
                            ["id"] = u.Id, ["login"] = u.Login, ["display_name"] = _displayNames.GetValueOrDefault(u.Login, u.Login), ["type"] = "",
                            ["broadcaster_type"] = "", ["description"] = "", ["profile_image_url"] = $"https://static-cdn.jtvnw.net/jtv_user_pictures/{u.Login}-profile_image-300x300.png",
                            ["offline_image_url"] = "", ["view_count"] = 0, ["created_at"] = "2016-12-14T20:32:28Z",
                        });
                }
                await Data(context, 200, users).ConfigureAwait(false);
                return;
            case ("GET", "/streams"):
                var streams = new JsonArray();
                foreach (var login in recorded.Query.GetValueOrDefault("user_login") ?? [])
                {
                    if (_live.TryGetValue(login, out var s))
                        streams.Add(new JsonObject
                        {
                            ["id"] = s.StreamId, ["user_id"] = _users.TryGetValue(login, out var owner) ? owner.Id : "0",
                            ["user_login"] = login, ["user_name"] = login, ["type"] = "live", ["title"] = s.Title,
                            ["viewer_count"] = s.Viewers, ["started_at"] = "2026-01-01T10:00:00Z",
                            ["game_id"] = _channels.TryGetValue(login, out var info) ? info.GameId : "",
                            ["game_name"] = info.GameName ?? "",
                            ["language"] = "en", ["thumbnail_url"] = "", ["tags"] = new JsonArray(), ["is_mature"] = false,
                        });
                }
                await Data(context, 200, streams).ConfigureAwait(false);
                return;
            case ("POST", "/moderation/bans"):
                var ban = JsonNode.Parse(body)?["data"];
                await Data(context, 200, new JsonArray(new JsonObject
                {
                    ["broadcaster_id"] = recorded["broadcaster_id"], ["moderator_id"] = recorded["moderator_id"],
                    ["user_id"] = ban?["user_id"]?.GetValue<string>(), ["created_at"] = "2026-01-01T10:00:00Z",
                    ["end_time"] = ban?["duration"] is null ? null : "2026-01-01T10:10:00Z",
                })).ConfigureAwait(false);
                return;
            case ("POST", "/moderation/warnings"):
                await Data(context, 200, new JsonArray(new JsonObject { ["user_id"] = JsonNode.Parse(body)?["data"]?["user_id"]?.GetValue<string>() })).ConfigureAwait(false);
                return;
            case ("DELETE", "/moderation/bans"):
            case ("DELETE", "/moderation/chat"):
            case ("POST", "/chat/announcements"):
                context.Response.StatusCode = 204;
                return;
            case ("GET", "/channels"):
                await ChannelsAsync(context, recorded).ConfigureAwait(false);
                return;
            case ("GET", "/chat/chatters"):
                await ChattersAsync(context, recorded).ConfigureAwait(false);
                return;
            case ("POST", "/chat/shoutouts"):
                await ShoutoutAsync(context, recorded).ConfigureAwait(false);
                return;
            case ("POST", "/streams/markers"):
                await CreateStreamMarkerAsync(context, recorded).ConfigureAwait(false);
                return;
            case ("POST", "/clips"):
                await CreateClipAsync(context, recorded).ConfigureAwait(false);
                return;
            case ("POST", "/polls"):
            case ("POST", "/predictions"):
                var created = JsonNode.Parse(body)!.AsObject();
                created["id"] = $"fake-{Interlocked.Increment(ref _ids)}";
                created["status"] = "ACTIVE";
                await Data(context, 200, new JsonArray(created)).ConfigureAwait(false);
                return;
            case ("PATCH", "/polls"):
            case ("PATCH", "/predictions"):
                var ended = JsonNode.Parse(body)!.AsObject();
                ended["title"] = "ended";
                await Data(context, 200, new JsonArray(ended)).ConfigureAwait(false);
                return;
            case ("POST", "/chat/messages"):
                // Send Chat Message (dev.twitch.tv/docs/api/reference/#send-chat-message): broadcaster_id, sender_id and
                // message are required, the message at most 500 characters; the answer says whether Twitch sent it.
                var send = JsonNode.Parse(body) as JsonObject;
                var text = send?["message"]?.GetValue<string>();
                if (send?["broadcaster_id"] is null || send["sender_id"] is null || string.IsNullOrEmpty(text))
                {
                    await Error(context, 400, "Missing required parameter").ConfigureAwait(false);
                    return;
                }
                if (text.Length > 500)
                {
                    await Error(context, 400, "The message is too long").ConfigureAwait(false);
                    return;
                }
                var dropped = DropChatMessages;
                await Data(context, 200, new JsonArray(new JsonObject
                {
                    ["message_id"] = dropped is null ? Guid.NewGuid().ToString() : "",
                    ["is_sent"] = dropped is null,
                    ["drop_reason"] = dropped is { } d ? new JsonObject { ["code"] = d.Code, ["message"] = d.Message } : null,
                })).ConfigureAwait(false);
                return;
            case ("POST", "/eventsub/subscriptions"):
                var subscription = JsonNode.Parse(body)!.AsObject();
                // Chat types read as a user: their condition names the broadcaster and the user reading (EventSub reference).
                if (subscription["type"]?.GetValue<string>() is { } subType && subType.StartsWith("channel.chat.", StringComparison.Ordinal)
                    && (subscription["condition"]?["broadcaster_user_id"] is null || subscription["condition"]?["user_id"] is null))
                {
                    await Error(context, 400, "condition must include broadcaster_user_id and user_id").ConfigureAwait(false);
                    return;
                }
                if (subscription["type"]?.GetValue<string>() == "channel.moderate" && !MayReadModeration(subscription["condition"] as JsonObject))
                {
                    await Error(context, 403, "subscription missing proper authorization").ConfigureAwait(false);
                    return;
                }
                subscription["id"] = Guid.NewGuid().ToString();
                subscription["status"] = "enabled";
                subscription["cost"] = 0;
                subscription["created_at"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
                context.Response.StatusCode = 202;
                await context.Response.WriteAsync(new JsonObject
                {
                    ["data"] = new JsonArray(subscription), ["total"] = 1, ["total_cost"] = 0, ["max_total_cost"] = 10,
                }.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
                return;
            default:
                await Error(context, 404, "Not Found").ConfigureAwait(false);
                return;
        }
    }

    /// <summary>
    /// Get Channel Information (dev.twitch.tv/docs/api/reference/#get-channel-information): up to 100 <c>broadcaster_id</c>,
    /// unknown ids left out; each channel with every documented field, game and title empty when never set.
    /// </summary>
    private async Task ChannelsAsync(HttpContext context, FakeHelixRequest request)
    {
        var ids = request.Query.GetValueOrDefault("broadcaster_id") ?? [];
        if (ids.Length == 0 || ids.Any(string.IsNullOrEmpty))
        {
            await Error(context, 400, "The broadcaster_id query parameter is required.").ConfigureAwait(false);
            return;
        }
        if (ids.Length > 100)
        {
            await Error(context, 400, "The number of broadcaster_id query parameters exceeds the maximum allowed.").ConfigureAwait(false);
            return;
        }
        var channels = new JsonArray();
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            if (_users.Values.FirstOrDefault(u => u.Id == id) is not { Login: not null } user) continue;
            var channel = _channels.TryGetValue(user.Login, out var set) ? set : (GameId: "", GameName: "", Title: "");
            channels.Add(new JsonObject
            {
                ["broadcaster_id"] = user.Id, ["broadcaster_login"] = user.Login, ["broadcaster_name"] = _displayNames.GetValueOrDefault(user.Login, user.Login),
                ["broadcaster_language"] = "en", ["game_id"] = channel.GameId, ["game_name"] = channel.GameName, ["title"] = channel.Title,
                ["delay"] = 0, ["tags"] = new JsonArray(), ["content_classification_labels"] = new JsonArray(), ["is_branded_content"] = false,
            });
        }
        await Data(context, 200, channels).ConfigureAwait(false);
    }

    /// <summary>
    /// Send a Shoutout (dev.twitch.tv/docs/api/reference/#send-a-shoutout): 204 with no body, or Twitch's documented refusals
    /// (400 missing/unknown ids, to yourself, not live; 403 not a moderator; 429 within 2 minutes of the last one or within
    /// 60 minutes to the same broadcaster) measured on <see cref="Time"/>.
    /// </summary>
    private async Task ShoutoutAsync(HttpContext context, FakeHelixRequest request)
    {
        string? from = request["from_broadcaster_id"], to = request["to_broadcaster_id"], moderator = request["moderator_id"];
        if (string.IsNullOrEmpty(from)) { await Error(context, 400, "The from_broadcaster_id query parameter is required.").ConfigureAwait(false); return; }
        if (string.IsNullOrEmpty(to)) { await Error(context, 400, "The to_broadcaster_id query parameter is required.").ConfigureAwait(false); return; }
        if (string.IsNullOrEmpty(moderator)) { await Error(context, 400, "The moderator_id query parameter is required.").ConfigureAwait(false); return; }
        var sender = _users.Values.FirstOrDefault(u => u.Id == from);
        if (sender.Login is null) { await Error(context, 400, "The ID in the from_broadcaster_id query parameter is not valid.").ConfigureAwait(false); return; }
        if (!_users.Values.Any(u => u.Id == to)) { await Error(context, 400, "The ID in the to_broadcaster_id query parameter is not valid.").ConfigureAwait(false); return; }
        if (from == to) { await Error(context, 400, "The broadcaster may not give themselves a Shoutout.").ConfigureAwait(false); return; }
        if (!_live.TryGetValue(sender.Login, out var stream) || stream.Viewers < 1)
        {
            await Error(context, 400, "The broadcaster is not streaming live or does not have one or more viewers.").ConfigureAwait(false);
            return;
        }
        if (ShoutoutModeratorRefused) { await Error(context, 403, "The user in moderator_id is not one of the broadcaster's moderators.").ConfigureAwait(false); return; }
        var now = Time.GetUtcNow();
        lock (_shoutoutLock)
        {
            if (_lastShoutout.TryGetValue(from, out var last) && now - last < TimeSpan.FromMinutes(2))
                to = null;
            else if (_lastShoutoutTo.TryGetValue((from, to), out var before) && now - before < TimeSpan.FromMinutes(60))
                from = null;
            else
            {
                _lastShoutout[from] = now;
                _lastShoutoutTo[(from, to)] = now;
                Shoutouts = [.. Shoutouts, request];
            }
        }
        if (to is null)
        {
            await Error(context, 429, "The broadcaster exceeded the number of Shoutouts they may send within a given window. See the endpoint's Rate Limits.").ConfigureAwait(false);
            return;
        }
        if (from is null)
        {
            await Error(context, 429, "The broadcaster exceeded the number of Shoutouts they may send the same broadcaster within a given window. See the endpoint's Rate Limits.").ConfigureAwait(false);
            return;
        }
        context.Response.StatusCode = 204;
    }

    /// <summary>
    /// Get Chatters (dev.twitch.tv/docs/api/reference/#get-chatters): <c>broadcaster_id</c> and <c>moderator_id</c> are
    /// required; the moderator must be the broadcaster or one of their moderators (403 otherwise) and the token must carry
    /// <c>moderator:read:chatters</c> (401); <c>first</c> is 1 to 1,000 (default 100); <c>after</c> is the cursor of the
    /// previous page. Each chatter has <c>user_id</c>, <c>user_login</c>, <c>user_name</c>; <c>total</c> counts them all and
    /// <c>pagination</c> is empty on the last page.
    /// </summary>
    private async Task ChattersAsync(HttpContext context, FakeHelixRequest request)
    {
        var broadcaster = request["broadcaster_id"];
        var moderator = request["moderator_id"];
        if (string.IsNullOrEmpty(broadcaster)) { await Error(context, 400, "The broadcaster_id query parameter is required.").ConfigureAwait(false); return; }
        if (string.IsNullOrEmpty(moderator)) { await Error(context, 400, "The moderator_id query parameter is required.").ConfigureAwait(false); return; }
        var first = 100;
        if (request["first"] is { } firstText && (!int.TryParse(firstText, NumberStyles.None, CultureInfo.InvariantCulture, out first) || first is < 1 or > 1000))
        {
            await Error(context, 400, "The value in the first query parameter must be from 1 through 1000.").ConfigureAwait(false);
            return;
        }
        if (moderator != broadcaster && !_moderators.ContainsKey((broadcaster, moderator)))
        {
            await Error(context, 403, "The user in moderator_id is not one of the broadcaster's moderators.").ConfigureAwait(false);
            return;
        }
        var all = _chatters.GetValueOrDefault(broadcaster) ?? [];
        var offset = 0;
        if (request["after"] is { Length: > 0 } after)
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(after));
            offset = int.Parse(decoded["offset:".Length..], CultureInfo.InvariantCulture);
        }
        var page = new JsonArray();
        foreach (var c in all.Skip(offset).Take(first))
            page.Add(new JsonObject { ["user_id"] = c.Id, ["user_login"] = c.Login, ["user_name"] = c.Name });
        var pagination = new JsonObject();
        if (offset + first < all.Length)
            pagination["cursor"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("offset:" + (offset + first).ToString(CultureInfo.InvariantCulture)));
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject { ["data"] = page, ["pagination"] = pagination, ["total"] = all.Length }.ToJsonString(),
            context.RequestAborted).ConfigureAwait(false);
    }

    private static Task Data(HttpContext context, int status, JsonArray data)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(new JsonObject { ["data"] = data }.ToJsonString(), context.RequestAborted);
    }

    private static Task Error(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var error = status switch { 400 => "Bad Request", 401 => "Unauthorized", 403 => "Forbidden", 404 => "Not Found", 409 => "Conflict", 429 => "Too Many Requests", _ => "Error" };
        return context.Response.WriteAsync(new JsonObject { ["error"] = error, ["status"] = status, ["message"] = message }.ToJsonString(), context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _received.Dispose();
    }
}
