using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.Testing.Obs;

/// <summary>
/// A fake obs-websocket 5.x server on 127.0.0.1, written from the protocol reference
/// (github.com/obsproject/obs-websocket docs/generated/protocol.md): Hello with an authentication challenge when a
/// password is set, Identify checked against base64(sha256(base64(sha256(password + salt)) + challenge)), close code
/// 4009 on a wrong one, Identified with <c>negotiatedRpcVersion</c>; the requests LiveBuddy uses with OBS's response
/// shapes, and events. <see cref="StopAsync"/> and <see cref="StartAgainAsync"/> close OBS and open it again on the
/// same port.
/// </summary>
public sealed class FakeObsServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<JsonObject> _requests = new();
    private readonly ConcurrentDictionary<WebSocket, SemaphoreSlim> _clients = new();
    private readonly SemaphoreSlim _changed = new(0);
    private readonly Lock _gate = new();
    private WebApplication? _app;
    private int _port;
    private int _replays;

    public string? Password { get; set; }

    /// <summary>The <c>ws://127.0.0.1:port</c> address to put in <c>Obs:Url</c>.</summary>
    public Uri Url => new($"ws://127.0.0.1:{_port}");

    public bool StreamActive { get; set; }
    public bool ReplayBufferActive { get; set; }
    public string CurrentScene { get; private set; } = "Main";

    /// <summary>Scene items by (scene, source): id and whether shown.</summary>
    public ConcurrentDictionary<(string Scene, string Source), (int Id, bool Enabled)> SceneItems { get; } = new();

    /// <summary>Text source settings set by <c>SetInputSettings</c>: input name → text.</summary>
    public ConcurrentDictionary<string, string> Texts { get; } = new(StringComparer.Ordinal);

    /// <summary>Identify messages that were accepted / refused.</summary>
    public int Identified => _identified;
    public int Refused => _refused;
    private int _identified;
    private int _refused;

    /// <summary>Every request received (the <c>d</c> of op 6), in order.</summary>
    public IReadOnlyList<JsonObject> Requests => _requests.ToArray();

    public IEnumerable<string> RequestTypes => Requests.Select(r => (string)r["requestType"]!);

    public static async Task<FakeObsServer> StartAsync(string? password = null)
    {
        var fake = new FakeObsServer { Password = password };
        await fake.ListenAsync(0).ConfigureAwait(false);
        return fake;
    }

    /// <summary>The streamer switches scenes by hand.</summary>
    public Task SetSceneForTestAsync(string scene)
    {
        lock (_gate) CurrentScene = scene;
        return Task.CompletedTask;
    }

    /// <summary>OBS quits: every connection drops and nothing listens on the port.</summary>
    public async Task StopAsync()
    {
        foreach (var socket in _clients.Keys) socket.Abort();
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>OBS is started again on the same port.</summary>
    public Task StartAgainAsync() => ListenAsync(_port);

    /// <summary>Waits until <paramref name="condition"/> holds, re-checking after each message the fake receives.</summary>
    public async Task WaitUntilAsync(Func<FakeObsServer, bool> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!condition(this))
            await _changed.WaitAsync(TimeSpan.FromMilliseconds(200), cts.Token).ConfigureAwait(false);
    }

    /// <summary>Sends an Event (op 5) to every identified client.</summary>
    public async Task EmitAsync(string eventType, JsonObject? eventData, int intent = 64)
    {
        var message = new JsonObject
        {
            ["op"] = 5,
            ["d"] = new JsonObject { ["eventType"] = eventType, ["eventIntent"] = intent, ["eventData"] = eventData },
        }.ToJsonString();
        foreach (var (socket, sending) in _clients) await SendAsync(socket, sending, message).ConfigureAwait(false);
    }

    /// <summary>The streamer presses Start/Stop Streaming: the state changes and <c>StreamStateChanged</c> goes out.</summary>
    public Task SetStreamingAsync(bool active)
    {
        StreamActive = active;
        return EmitAsync("StreamStateChanged", new JsonObject
        {
            ["outputActive"] = active,
            ["outputState"] = active ? "OBS_WEBSOCKET_OUTPUT_STARTED" : "OBS_WEBSOCKET_OUTPUT_STOPPED",
        });
    }

    private async Task ListenAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/", AcceptAsync);
        await app.StartAsync().ConfigureAwait(false);
        _port = new Uri(app.Urls.First()).Port;
        _app = app;
    }

    private async Task AcceptAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync("obswebsocket.json").ConfigureAwait(false);
        var sending = new SemaphoreSlim(1, 1);
        try
        {
            var challenge = RandomNumberGenerator.GetHexString(32);
            var salt = RandomNumberGenerator.GetHexString(32);
            var hello = new JsonObject { ["obsWebSocketVersion"] = "5.5.2", ["rpcVersion"] = 1 };
            if (!string.IsNullOrEmpty(Password)) hello["authentication"] = new JsonObject { ["challenge"] = challenge, ["salt"] = salt };
            await SendAsync(socket, sending, new JsonObject { ["op"] = 0, ["d"] = hello }.ToJsonString()).ConfigureAwait(false);

            var identify = await ReceiveAsync(socket, context.RequestAborted).ConfigureAwait(false);
            if (identify?["op"]?.GetValue<int>() != 1) return;
            if (!string.IsNullOrEmpty(Password))
            {
                var secret = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Password + salt)));
                var expected = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(secret + challenge)));
                if ((string?)identify["d"]?["authentication"] != expected)
                {
                    Interlocked.Increment(ref _refused);
                    _changed.Release();
                    await socket.CloseAsync((WebSocketCloseStatus)4009, "Authentication failed.", CancellationToken.None).ConfigureAwait(false);
                    return;
                }
            }
            _clients[socket] = sending; // before Identified: a test that sees the client identified may emit at once
            await SendAsync(socket, sending, new JsonObject { ["op"] = 2, ["d"] = new JsonObject { ["negotiatedRpcVersion"] = 1 } }.ToJsonString())
                .ConfigureAwait(false);
            Interlocked.Increment(ref _identified);
            _changed.Release();

            while (await ReceiveAsync(socket, context.RequestAborted).ConfigureAwait(false) is { } message)
            {
                if (message["op"]?.GetValue<int>() != 6 || message["d"] is not JsonObject request) continue;
                _requests.Enqueue(request);
                var (status, data, then) = Handle(request);
                var response = new JsonObject
                {
                    ["requestType"] = request["requestType"]?.DeepClone(),
                    ["requestId"] = request["requestId"]?.DeepClone(),
                    ["requestStatus"] = status,
                };
                if (data is not null) response["responseData"] = data;
                await SendAsync(socket, sending, new JsonObject { ["op"] = 7, ["d"] = response }.ToJsonString()).ConfigureAwait(false);
                if (then is not null) await then().ConfigureAwait(false);
                _changed.Release();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client or the test dropped the connection.
        }
        finally
        {
            _clients.TryRemove(socket, out _);
        }
    }

    private (JsonObject Status, JsonObject? Data, Func<Task>? Then) Handle(JsonObject request)
    {
        var d = request["requestData"] as JsonObject;
        static JsonObject Ok() => new() { ["result"] = true, ["code"] = 100 };
        static JsonObject Fail(int code, string comment) => new() { ["result"] = false, ["code"] = code, ["comment"] = comment };
        lock (_gate)
        {
            switch ((string?)request["requestType"])
            {
                case "GetStreamStatus":
                    return (Ok(), new JsonObject { ["outputActive"] = StreamActive, ["outputReconnecting"] = false }, null);
                case "GetReplayBufferStatus":
                    return (Ok(), new JsonObject { ["outputActive"] = ReplayBufferActive }, null);
                case "SaveReplayBuffer":
                    if (!ReplayBufferActive) return (Fail(501, "Replay buffer is not active."), null, null);
                    var path = $"C:/Users/streamer/Videos/Replay {DateTime.UtcNow:yyyy-MM-dd HH-mm-ss}-{Interlocked.Increment(ref _replays)}.mkv";
                    return (Ok(), null, () => EmitAsync("ReplayBufferSaved", new JsonObject { ["savedReplayPath"] = path }));
                case "SetCurrentProgramScene":
                    CurrentScene = (string?)d?["sceneName"] ?? CurrentScene;
                    return (Ok(), null, null);
                case "GetSceneItemId":
                    var key = ((string?)d?["sceneName"] ?? "", (string?)d?["sourceName"] ?? "");
                    return SceneItems.TryGetValue(key, out var item)
                        ? (Ok(), new JsonObject { ["sceneItemId"] = item.Id }, null)
                        : (Fail(600, "No scene items were found in the specified scene by that name or offset."), null, null);
                case "SetSceneItemEnabled":
                    var id = d?["sceneItemId"]?.GetValue<int>();
                    var scene = (string?)d?["sceneName"];
                    foreach (var (k, v) in SceneItems)
                        if (k.Scene == scene && v.Id == id) SceneItems[k] = (v.Id, d!["sceneItemEnabled"]!.GetValue<bool>());
                    return (Ok(), null, null);
                case "SetInputSettings":
                    Texts[(string?)d?["inputName"] ?? ""] = (string?)d?["inputSettings"]?["text"] ?? "";
                    return (Ok(), null, null);
                default:
                    return (Fail(204, "Your request type is not valid."), null, null);
            }
        }
    }

    private static async Task SendAsync(WebSocket socket, SemaphoreSlim sending, string message)
    {
        await sending.WaitAsync().ConfigureAwait(false);
        try
        {
            if (socket.State == WebSocketState.Open)
                await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (WebSocketException)
        {
            // The client went away meanwhile.
        }
        finally
        {
            sending.Release();
        }
    }

    private static async Task<JsonObject?> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken) =>
        await WebSocketText.ReceiveAsync(socket, cancellationToken).ConfigureAwait(false) is { } text ? JsonNode.Parse(text) as JsonObject : null;

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _changed.Dispose();
    }
}
