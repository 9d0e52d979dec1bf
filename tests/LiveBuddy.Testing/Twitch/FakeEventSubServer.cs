using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.Testing.Twitch;

/// <summary>
/// A fake EventSub WebSocket server on 127.0.0.1 (port 0) speaking Twitch's frame format: every connection gets a
/// <c>session_welcome</c> (unless <see cref="AutoWelcome"/> is off), and the test drives the rest
/// (notifications, keepalives, <c>session_reconnect</c>, revocations, closing).
/// Put <see cref="Url"/> in <c>Twitch:EventSubUrl</c>.
/// </summary>
public sealed class FakeEventSubServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeEventSubSession> _sessions = new();
    private readonly SemaphoreSlim _connected = new(0);
    private int _sessionCounter;

    private FakeEventSubServer(WebApplication app) => _app = app;

    /// <summary><c>ws://127.0.0.1:port/ws</c>.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>What the welcome announces as <c>keepalive_timeout_seconds</c>.</summary>
    public int KeepaliveSeconds { get; set; } = 10;

    /// <summary>Send the welcome as soon as a client connects. Off: the test calls <see cref="FakeEventSubSession.SendWelcomeAsync"/>.</summary>
    public bool AutoWelcome { get; set; } = true;

    public IReadOnlyList<FakeEventSubSession> Sessions => _sessions.ToArray();

    public static async Task<FakeEventSubServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeEventSubServer(app);
        app.UseWebSockets();
        app.Map("/ws", fake.AcceptAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        fake.Url = new Uri("ws" + app.Urls.First()["http".Length..].TrimEnd('/') + "/ws");
        return fake;
    }

    /// <summary>A reconnect URL for <see cref="FakeEventSubSession.SendReconnectAsync"/> (same server, another path query).</summary>
    public Uri ReconnectUrl(string tag = "reconnect") => new(Url + "?from=" + Uri.EscapeDataString(tag));

    /// <summary>Waits until at least <paramref name="count"/> connections were accepted; returns the last of them.</summary>
    public async Task<FakeEventSubSession> WaitForSessionAsync(int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (_sessions.Count < count)
            await _connected.WaitAsync(cts.Token).ConfigureAwait(false);
        return _sessions.ToArray()[count - 1];
    }

    private async Task AcceptAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var id = $"AgoQfake{Interlocked.Increment(ref _sessionCounter)}";
        var session = new FakeEventSubSession(socket, id, KeepaliveSeconds, context.Request.QueryString.Value ?? "");
        _sessions.Enqueue(session);
        _connected.Release();
        if (AutoWelcome)
            await session.SendWelcomeAsync().ConfigureAwait(false);
        await session.ReadUntilClosedAsync(context.RequestAborted).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var session in _sessions)
            session.Abort();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _connected.Dispose();
    }
}

/// <summary>One client connection to <see cref="FakeEventSubServer"/>.</summary>
public sealed class FakeEventSubSession
{
    private readonly WebSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _keepaliveSeconds;

    internal FakeEventSubSession(WebSocket socket, string id, int keepaliveSeconds, string query)
    {
        _socket = socket;
        Id = id;
        _keepaliveSeconds = keepaliveSeconds;
        Query = query;
    }

    public string Id { get; }

    /// <summary>The query string the client connected with (reconnect URLs carry <c>?from=</c>).</summary>
    public string Query { get; }

    /// <summary>Completes when the client closed (or dropped) this connection.</summary>
    public Task Closed => _closed.Task;

    public Task SendWelcomeAsync() => SendAsync(EventSubFrames.Welcome(Id, _keepaliveSeconds));

    public Task SendKeepaliveAsync() => SendAsync(EventSubFrames.Keepalive());

    public Task SendReconnectAsync(Uri reconnectUrl) => SendAsync(EventSubFrames.Reconnect(Id, reconnectUrl));

    /// <summary>Sends a <c>notification</c> built from a type, version and event body; returns its message id.</summary>
    public async Task<string> SendNotificationAsync(string type, string version, JsonObject body, string? messageId = null)
    {
        messageId ??= Guid.NewGuid().ToString();
        await SendAsync(EventSubFrames.Notification(messageId, type, version, Id, body)).ConfigureAwait(false);
        return messageId;
    }

    public Task SendRevocationAsync(string type, string version, string status = "authorization_revoked") =>
        SendAsync(EventSubFrames.Revocation(type, version, status));

    /// <summary>Sends any text frame as is (fixtures, malformed input).</summary>
    public async Task SendAsync(string frame)
    {
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Closes from the server side, as Twitch does with code 4000–4007.</summary>
    public async Task CloseAsync(WebSocketCloseStatus status = (WebSocketCloseStatus)4002, string reason = "failed ping pong")
    {
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _socket.CloseOutputAsync(status, reason, CancellationToken.None).ConfigureAwait(false);
        }
        catch (WebSocketException)
        {
            // Already gone.
        }
        finally
        {
            _sendLock.Release();
        }
    }

    internal void Abort()
    {
        _socket.Abort();
        _closed.TrySetResult();
    }

    internal async Task ReadUntilClosedAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
                        try
                        {
                            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellationToken).ConfigureAwait(false);
                        }
                        finally
                        {
                            _sendLock.Release();
                        }
                    }
                    break;
                }
                // Twitch ignores anything a client sends; so do we.
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Client dropped.
        }
        finally
        {
            _closed.TrySetResult();
        }
    }
}
