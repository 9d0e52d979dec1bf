using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.Testing.Twitch;

/// <summary>
/// A local stand-in for Twitch chat (IRC over WebSocket) on 127.0.0.1 with a free port. It answers CAP, PASS,
/// NICK, JOIN and PING the way Twitch does, and lets a test push raw lines, ask for RECONNECT, drop sockets and
/// read what each client sent. Point <c>Twitch:ChatUrl</c> at <see cref="Url"/>.
/// </summary>
public sealed class FakeTwitchChatServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeTwitchChatClient> _clients = new();
    private readonly Channel<FakeTwitchChatClient> _accepted = Channel.CreateUnbounded<FakeTwitchChatClient>();

    private FakeTwitchChatServer(WebApplication app) => _app = app;

    /// <summary>ws://127.0.0.1:{port}/</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Answer client PINGs with PONG (turn off to play a dead server).</summary>
    public bool AnswerPings { get; set; } = true;

    /// <summary>Refuse every sign-in with a token, as Twitch does for an expired one.</summary>
    public bool RefuseLogins { get; set; }

    /// <summary>Channels where the signed-in bot is told it is a moderator (USERSTATE mod=1).</summary>
    public ConcurrentDictionary<string, bool> ModeratorChannels { get; } = new(StringComparer.Ordinal);

    /// <summary>Every client that ever connected, oldest first.</summary>
    public IReadOnlyList<FakeTwitchChatClient> Clients => _clients.ToArray();

    public static async Task<FakeTwitchChatServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeTwitchChatServer(app);
        app.UseWebSockets();
        app.Run(server.AcceptAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal).TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Waits for the next client to connect (clients already connected and not yet taken come first).</summary>
    public async Task<FakeTwitchChatClient> NextClientAsync(CancellationToken cancellationToken) =>
        await _accepted.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Sends raw lines (one frame) to every open client that joined <paramref name="channel"/>, or all open clients when null.</summary>
    public async Task BroadcastAsync(string lines, string? channel = null, CancellationToken cancellationToken = default)
    {
        foreach (var client in _clients)
        {
            if (client.IsOpen && (channel is null || client.JoinedChannels.Contains(channel)))
                await client.SendAsync(lines, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task AcceptAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        // Browser-style clients (tmi.js) ask for the "irc" subprotocol and refuse a server that does not confirm it.
        var subprotocol = context.WebSockets.WebSocketRequestedProtocols.Contains("irc") ? "irc" : null;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(subprotocol).ConfigureAwait(false);
        var client = new FakeTwitchChatClient(socket, this);
        _clients.Enqueue(client);
        await _accepted.Writer.WriteAsync(client, context.RequestAborted).ConfigureAwait(false);
        await client.RunAsync(context.RequestAborted).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients) client.Drop();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>One connection to <see cref="FakeTwitchChatServer"/>: what it sent, and levers to push lines at it.</summary>
public sealed class FakeTwitchChatClient
{
    private readonly WebSocket _socket;
    private readonly FakeTwitchChatServer _server;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly List<string> _received = [];
    private readonly Lock _receivedLock = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal FakeTwitchChatClient(WebSocket socket, FakeTwitchChatServer server)
    {
        _socket = socket;
        _server = server;
    }

    public string? Nick { get; private set; }
    /// <summary>The PASS the client sent (e.g. <c>oauth:abc</c>), null for anonymous.</summary>
    public string? Pass { get; private set; }
    public ConcurrentDictionary<string, bool> JoinedChannelSet { get; } = new(StringComparer.Ordinal);
    public ICollection<string> JoinedChannels => JoinedChannelSet.Keys;
    public bool IsOpen => _socket.State == WebSocketState.Open;
    /// <summary>Completes when the socket is gone.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Every line the client sent, in order.</summary>
    public IReadOnlyList<string> Received
    {
        get
        {
            lock (_receivedLock) return _received.ToArray();
        }
    }

    /// <summary>Waits until the client has sent a line matching <paramref name="match"/> (earlier lines count too).</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, CancellationToken cancellationToken)
    {
        var seen = 0;
        while (true)
        {
            Task changed;
            lock (_receivedLock)
            {
                for (; seen < _received.Count; seen++)
                {
                    if (match(_received[seen])) return _received[seen];
                }
                changed = _changed.Task;
            }
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until the client has joined <paramref name="channel"/> (login, no '#').</summary>
    public Task WaitForJoinAsync(string channel, CancellationToken cancellationToken) =>
        WaitForLineAsync(l => l.StartsWith("JOIN ", StringComparison.Ordinal) && l[5..].Split(',').Contains("#" + channel), cancellationToken);

    /// <summary>Sends one text frame holding the given raw lines (CR LF added to each line that lacks one).</summary>
    public Task SendAsync(string lines, CancellationToken cancellationToken = default)
    {
        var text = string.Join("", lines.Split('\n').Where(l => l.Length > 0).Select(l => l.TrimEnd('\r') + "\r\n"));
        return SendBytesAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
    }

    /// <summary>
    /// Sends exact bytes as one frame (for split-line and invalid UTF-8 tests). Binary frames carry bytes a text
    /// frame may not: .NET's WebSocket closes on invalid UTF-8 in a text frame, as RFC 6455 requires.
    /// </summary>
    public async Task SendBytesAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default, bool endOfMessage = true,
        WebSocketMessageType type = WebSocketMessageType.Text)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.SendAsync(bytes, type, endOfMessage, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException)
        {
            // The client went away: a test that cares waits on Closed.
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public Task PingAsync(CancellationToken cancellationToken = default) => SendAsync("PING :tmi.twitch.tv", cancellationToken);

    public Task ReconnectAsync(CancellationToken cancellationToken = default) => SendAsync(":tmi.twitch.tv RECONNECT", cancellationToken);

    /// <summary>Kills the socket without a close handshake, like a network drop.</summary>
    public void Drop() => _socket.Abort();

    internal async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var pending = new StringBuilder();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close) break;
                pending.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
                if (!result.EndOfMessage) continue;
                foreach (var line in pending.ToString().Split('\n'))
                {
                    var trimmed = line.TrimEnd('\r');
                    if (trimmed.Length > 0) await HandleAsync(trimmed, cancellationToken).ConfigureAwait(false);
                }
                pending.Clear();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // Dropped: that is what the tests do on purpose.
        }
        finally
        {
            _closed.TrySetResult();
            Pulse();
        }
    }

    private async Task HandleAsync(string line, CancellationToken cancellationToken)
    {
        var nick = Nick ?? "*";
        if (line.StartsWith("CAP REQ ", StringComparison.Ordinal))
            await SendAsync($":tmi.twitch.tv CAP * ACK {line[8..]}", cancellationToken).ConfigureAwait(false);
        else if (line.StartsWith("PASS ", StringComparison.Ordinal))
            Pass = line[5..];
        else if (line.StartsWith("NICK ", StringComparison.Ordinal))
        {
            Nick = nick = line[5..];
            if (Pass is not null && _server.RefuseLogins)
            {
                await SendAsync(":tmi.twitch.tv NOTICE * :Login authentication failed", cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await SendAsync(
                    $":tmi.twitch.tv 001 {nick} :Welcome, GLHF!\n:tmi.twitch.tv 002 {nick} :Your host is tmi.twitch.tv\n" +
                    $":tmi.twitch.tv 003 {nick} :This server is rather new\n:tmi.twitch.tv 004 {nick} :-\n" +
                    $":tmi.twitch.tv 375 {nick} :-\n:tmi.twitch.tv 372 {nick} :You are in a maze of twisty passages, all alike.\n" +
                    $":tmi.twitch.tv 376 {nick} :>", cancellationToken).ConfigureAwait(false);
            }
        }
        else if (line.StartsWith("JOIN ", StringComparison.Ordinal))
        {
            foreach (var target in line[5..].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var channel = target.TrimStart('#');
                JoinedChannelSet[channel] = true;
                var reply = new StringBuilder()
                    .Append($":{nick}!{nick}@{nick}.tmi.twitch.tv JOIN #{channel}\n")
                    .Append($":{nick}.tmi.twitch.tv 353 {nick} = #{channel} :{nick}\n")
                    .Append($":{nick}.tmi.twitch.tv 366 {nick} #{channel} :End of /NAMES list\n");
                if (Pass is not null)
                {
                    var mod = _server.ModeratorChannels.ContainsKey(channel);
                    reply.Append($"@badge-info=;badges={(mod ? "moderator/1" : "")};color=;display-name={nick};emote-sets=0;mod={(mod ? 1 : 0)};subscriber=0;user-type={(mod ? "mod" : "")} :tmi.twitch.tv USERSTATE #{channel}\n");
                }
                reply.Append($"@emote-only=0;followers-only=-1;r9k=0;room-id=1;slow=0;subs-only=0 :tmi.twitch.tv ROOMSTATE #{channel}");
                await SendAsync(reply.ToString(), cancellationToken).ConfigureAwait(false);
            }
        }
        else if (line.StartsWith("PART ", StringComparison.Ordinal))
            JoinedChannelSet.TryRemove(line[5..].TrimStart('#'), out _);
        else if (line.StartsWith("PING", StringComparison.Ordinal) && _server.AnswerPings)
        {
            var token = line.Length > 5 ? line[5..].TrimStart(':') : "tmi.twitch.tv";
            await SendAsync($":tmi.twitch.tv PONG tmi.twitch.tv :{token}", cancellationToken).ConfigureAwait(false);
        }

        // Recorded after the reply so a test that saw the line also sees its effect (JOIN acknowledged, PONG sent).
        lock (_receivedLock) _received.Add(line);
        Pulse();
    }

    private void Pulse()
    {
        TaskCompletionSource previous;
        lock (_receivedLock)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        previous.TrySetResult();
    }
}
