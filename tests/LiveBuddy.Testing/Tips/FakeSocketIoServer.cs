using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.Testing.Tips;

/// <summary>
/// A socket.io v2 server (Engine.IO protocol 3, websocket transport) on 127.0.0.1, as Streamlabs' and StreamElements'
/// realtime services run (socket.io.github.io docs: engine.io-protocol v3, socket.io-protocol v4): on connect the
/// open packet <c>0{"sid","upgrades","pingInterval","pingTimeout"}</c> and the namespace connect <c>40</c>; the client
/// pings <c>2</c> and gets <c>3</c>; events travel as <c>42["name",data]</c>. The service fakes decide who may connect
/// and what to answer.
/// </summary>
public sealed class FakeSocketIoServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<WebSocket, SemaphoreSlim> _clients = new();
    private readonly SemaphoreSlim _changed = new(0);
    private WebApplication? _app;
    private int _port;
    private int _connections;

    /// <summary>Decides from the handshake query whether a client may connect (false: HTTP 401).</summary>
    public Func<IQueryCollection, bool> Admit { get; set; } = _ => true;

    /// <summary>Called for each event a client emits (<c>42["name",data]</c>); may answer through the client.</summary>
    public Func<FakeSocketIoClient, string, JsonNode?, Task> OnClientEvent { get; set; } = (_, _, _) => Task.CompletedTask;

    /// <summary>The <c>http://127.0.0.1:port</c> base address (socket.io clients add <c>/socket.io/</c>).</summary>
    public string Url => $"http://127.0.0.1:{_port}";

    public int Connections => Volatile.Read(ref _connections);

    public int Open => _clients.Count;

    /// <summary>Every query string a client connected with.</summary>
    public ConcurrentQueue<string> Queries { get; } = new();

    public static async Task<FakeSocketIoServer> StartAsync()
    {
        var fake = new FakeSocketIoServer();
        await fake.ListenAsync(0).ConfigureAwait(false);
        return fake;
    }

    /// <summary>Sends <c>42["name",data]</c> to every connected client.</summary>
    public async Task EmitAsync(string name, JsonNode? data)
    {
        foreach (var (socket, sending) in _clients) await new FakeSocketIoClient(socket, sending).EmitAsync(name, data).ConfigureAwait(false);
    }

    /// <summary>Drops every connection (the service restarts).</summary>
    public void DropAll()
    {
        foreach (var socket in _clients.Keys) socket.Abort();
    }

    public async Task WaitUntilAsync(Func<FakeSocketIoServer, bool> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!condition(this)) await _changed.WaitAsync(TimeSpan.FromMilliseconds(100), cts.Token).ConfigureAwait(false);
    }

    private async Task ListenAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/socket.io", AcceptAsync);
        await app.StartAsync().ConfigureAwait(false);
        _port = new Uri(app.Urls.First()).Port;
        _app = app;
    }

    private async Task AcceptAsync(HttpContext context)
    {
        var query = context.Request.Query;
        Queries.Enqueue(context.Request.QueryString.Value ?? "");
        if (!context.WebSockets.IsWebSocketRequest || query["transport"] != "websocket" || query["EIO"] != "3")
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("""{"code":3,"message":"Bad request"}""").ConfigureAwait(false);
            return;
        }
        if (!Admit(query))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var sending = new SemaphoreSlim(1, 1);
        var client = new FakeSocketIoClient(socket, sending);
        try
        {
            await client.SendAsync("0" + new JsonObject
            {
                ["sid"] = Guid.NewGuid().ToString("N"),
                ["upgrades"] = new JsonArray(),
                ["pingInterval"] = 25000,
                ["pingTimeout"] = 60000,
            }.ToJsonString()).ConfigureAwait(false);
            await client.SendAsync("40").ConfigureAwait(false);
            _clients[socket] = sending;
            Interlocked.Increment(ref _connections);
            _changed.Release();

            while (await WebSocketText.ReceiveAsync(socket, context.RequestAborted).ConfigureAwait(false) is { } packet)
            {
                if (packet == "2") await client.SendAsync("3").ConfigureAwait(false);
                else if (packet.StartsWith("2probe", StringComparison.Ordinal)) await client.SendAsync("3probe").ConfigureAwait(false);
                else if (packet.StartsWith("42", StringComparison.Ordinal) && JsonNode.Parse(packet.AsSpan(2).ToString()) is JsonArray args && args.Count > 0)
                    await OnClientEvent(client, (string?)args[0] ?? "", args.Count > 1 ? args[1] : null).ConfigureAwait(false);
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
            _changed.Release();
        }
    }


    public async ValueTask DisposeAsync()
    {
        DropAll();
        if (_app is { } app)
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
        _changed.Dispose();
    }
}

/// <summary>One client connection of <see cref="FakeSocketIoServer"/>.</summary>
public sealed class FakeSocketIoClient(WebSocket socket, SemaphoreSlim sending)
{
    public Task EmitAsync(string name, JsonNode? data) =>
        SendAsync("42" + new JsonArray(JsonValue.Create(name), data?.DeepClone()).ToJsonString());

    public async Task SendAsync(string packet)
    {
        await sending.WaitAsync().ConfigureAwait(false);
        try
        {
            if (socket.State == WebSocketState.Open)
                await socket.SendAsync(Encoding.UTF8.GetBytes(packet), WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            sending.Release();
        }
    }
}
