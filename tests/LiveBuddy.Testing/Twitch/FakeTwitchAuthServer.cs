using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.Testing.Twitch;

/// <summary>How the fake answers the next device-code poll of <c>POST /token</c>.</summary>
public enum FakeDeviceAnswer { Pending, SlowDown, Approve, Deny, Expired }

/// <summary>One request the fake auth server received, with its form fields.</summary>
public sealed record FakeAuthRequest(string Method, string Path, IReadOnlyDictionary<string, string> Form, string? Authorization, DateTimeOffset At)
{
    public string? this[string name] => Form.TryGetValue(name, out var v) ? v : null;
}

/// <summary>
/// A fake id.twitch.tv/oauth2 on 127.0.0.1 (port 0): <c>POST /device</c>, <c>POST /token</c> (device code grant and
/// refresh grant with rotation: a used refresh token stops working), <c>GET /validate</c>. Errors are Twitch's
/// <c>{"status","message"}</c>. Put <see cref="Url"/> in <c>Twitch:AuthUrl</c>.
/// </summary>
public sealed class FakeTwitchAuthServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeAuthRequest> _requests = new();
    private readonly ConcurrentQueue<FakeDeviceAnswer> _deviceAnswers = new();
    private int _issued;

    private FakeTwitchAuthServer(WebApplication app, TimeProvider clock)
    {
        _app = app;
        Clock = clock;
    }

    /// <summary><c>http://127.0.0.1:port/oauth2</c>.</summary>
    public string Url { get; private set; } = "";

    /// <summary>Stamps <see cref="FakeAuthRequest.At"/>, so tests on a fake clock can check polling intervals.</summary>
    public TimeProvider Clock { get; }

    public string ClientId { get; set; } = "fake-client-id";
    public string UserId { get; set; } = "900";
    public string Login { get; set; } = "livebuddy_bot";
    public int DeviceInterval { get; set; } = 5;
    public int DeviceExpiresIn { get; set; } = 1800;
    public string DeviceCode { get; set; } = "fake-device-code";
    public string UserCode { get; set; } = "ABCDEFGH";

    /// <summary>The scopes every token is granted (and <c>/validate</c> reports). Add the chat scopes to test EventSub chat.</summary>
    public List<string> Scopes { get; } = ["chat:read", "moderator:manage:banned_users"];

    /// <summary>Access tokens <c>/validate</c> accepts.</summary>
    public ConcurrentDictionary<string, bool> ValidAccessTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Refresh tokens <c>/token</c> accepts (each once: rotation).</summary>
    public ConcurrentDictionary<string, bool> ValidRefreshTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Called with every access token issued, e.g. to make the fake Helix accept it.</summary>
    public Action<string>? TokenIssued { get; set; }

    public IReadOnlyList<FakeAuthRequest> Requests => _requests.ToArray();

    public IReadOnlyList<FakeAuthRequest> DevicePolls =>
        _requests.Where(r => r.Path == "/oauth2/token" && r["grant_type"] == "urn:ietf:params:oauth:grant-type:device_code").ToArray();

    public static async Task<FakeTwitchAuthServer> StartAsync(TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeTwitchAuthServer(app, clock ?? TimeProvider.System);
        app.Map("/oauth2/{**path}", fake.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        fake.Url = app.Urls.First().TrimEnd('/') + "/oauth2";
        return fake;
    }

    /// <summary>Scripts the answers to the next device-code polls; once used up, polls get <c>authorization_pending</c>.</summary>
    public void AnswerDevicePolls(params FakeDeviceAnswer[] answers)
    {
        foreach (var answer in answers) _deviceAnswers.Enqueue(answer);
    }

    /// <summary>Issues a token pair directly (a token the streamer obtained earlier).</summary>
    public (string Access, string Refresh) Issue()
    {
        var n = Interlocked.Increment(ref _issued);
        var access = $"access-{n}-{Guid.NewGuid():N}";
        var refresh = $"refresh-{n}-{Guid.NewGuid():N}";
        ValidAccessTokens[access] = true;
        ValidRefreshTokens[refresh] = true;
        TokenIssued?.Invoke(access);
        return (access, refresh);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var form = request.HasFormContentType
            ? (await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false)).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        var recorded = new FakeAuthRequest(request.Method, request.Path.Value ?? "", form, request.Headers.Authorization.FirstOrDefault(), Clock.GetUtcNow());
        _requests.Enqueue(recorded);

        switch (request.Method, recorded.Path)
        {
            case ("POST", "/oauth2/device"):
                if (recorded["client_id"] != ClientId)
                {
                    await Error(context, 400, "invalid client").ConfigureAwait(false);
                    return;
                }
                await Json(context, 200, new JsonObject
                {
                    ["device_code"] = DeviceCode, ["expires_in"] = DeviceExpiresIn, ["interval"] = DeviceInterval,
                    ["user_code"] = UserCode, ["verification_uri"] = $"https://www.twitch.tv/activate?device-code={UserCode}",
                }).ConfigureAwait(false);
                return;
            case ("POST", "/oauth2/token") when recorded["grant_type"] == "urn:ietf:params:oauth:grant-type:device_code":
                if (recorded["device_code"] != DeviceCode || recorded["client_id"] != ClientId)
                {
                    await Error(context, 400, "invalid device code").ConfigureAwait(false);
                    return;
                }
                var answer = _deviceAnswers.TryDequeue(out var a) ? a : FakeDeviceAnswer.Pending;
                switch (answer)
                {
                    case FakeDeviceAnswer.Approve:
                        await TokenPair(context).ConfigureAwait(false);
                        return;
                    case FakeDeviceAnswer.SlowDown:
                        await Error(context, 400, "slow_down").ConfigureAwait(false);
                        return;
                    case FakeDeviceAnswer.Deny:
                        await Error(context, 400, "authorization_declined").ConfigureAwait(false);
                        return;
                    case FakeDeviceAnswer.Expired:
                        await Error(context, 400, "invalid device code").ConfigureAwait(false);
                        return;
                    default:
                        await Error(context, 400, "authorization_pending").ConfigureAwait(false);
                        return;
                }
            case ("POST", "/oauth2/token") when recorded["grant_type"] == "refresh_token":
                if (recorded["refresh_token"] is not { } used || !ValidRefreshTokens.TryRemove(used, out _))
                {
                    await Error(context, 400, "Invalid refresh token").ConfigureAwait(false);
                    return;
                }
                await TokenPair(context).ConfigureAwait(false);
                return;
            case ("GET", "/oauth2/validate"):
                var header = recorded.Authorization ?? "";
                if (!header.StartsWith("OAuth ", StringComparison.Ordinal) || !ValidAccessTokens.ContainsKey(header["OAuth ".Length..]))
                {
                    await Error(context, 401, "invalid access token").ConfigureAwait(false);
                    return;
                }
                await Json(context, 200, new JsonObject
                {
                    ["client_id"] = ClientId, ["login"] = Login, ["scopes"] = ScopeArray(),
                    ["user_id"] = UserId, ["expires_in"] = 14000,
                }).ConfigureAwait(false);
                return;
            default:
                await Error(context, 404, "not found").ConfigureAwait(false);
                return;
        }
    }

    private Task TokenPair(HttpContext context)
    {
        var (access, refresh) = Issue();
        return Json(context, 200, new JsonObject
        {
            ["access_token"] = access, ["refresh_token"] = refresh, ["expires_in"] = 14000,
            ["scope"] = ScopeArray(), ["token_type"] = "bearer",
        });
    }

    private JsonArray ScopeArray() => new(Scopes.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());

    private static Task Json(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private static Task Error(HttpContext context, int status, string message) =>
        Json(context, status, new JsonObject { ["status"] = status, ["message"] = message });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
