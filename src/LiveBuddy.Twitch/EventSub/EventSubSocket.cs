using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Twitch.EventSub;

/// <summary>A frame read from one socket; <see cref="Text"/> null means the socket closed.</summary>
internal readonly record struct Inbound(EventSubSocket Socket, string? Text);

/// <summary>
/// One WebSocket connection to EventSub. A pump reads whole text messages into the shared inbox so the old
/// and the new connection of a <c>session_reconnect</c> can both deliver until the switch.
/// </summary>
internal sealed class EventSubSocket : IAsyncDisposable
{
    public const int MaxMessageBytes = 1 << 20;
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private readonly ClientWebSocket _socket;
    private readonly ChannelWriter<Inbound> _inbox;
    private readonly TimeProvider _time;
    private readonly Counter _oversized;
    private readonly Counter _malformed;
    private readonly CancellationTokenSource _stop = new();
    private Task _pump = Task.CompletedTask;
    private long _lastReceivedTicks;
    private int _disposed;

    private EventSubSocket(ClientWebSocket socket, Uri url, ChannelWriter<Inbound> inbox, TimeProvider time, Counters counters)
    {
        _socket = socket;
        Url = url;
        _inbox = inbox;
        _time = time;
        _oversized = counters.Get("twitch.eventsub.oversized");
        _malformed = counters.Get("twitch.eventsub.malformed");
        Touch();
    }

    public Uri Url { get; }

    /// <summary>When this socket last delivered anything (or connected): the keepalive clock.</summary>
    public DateTimeOffset LastReceived => new(Interlocked.Read(ref _lastReceivedTicks), TimeSpan.Zero);

    public static async Task<EventSubSocket> ConnectAsync(Uri url, ChannelWriter<Inbound> inbox, TimeProvider time, Counters counters, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15), time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            await socket.ConnectAsync(url, linked.Token).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var connection = new EventSubSocket(socket, url, inbox, time, counters);
        connection._pump = connection.PumpAsync();
        return connection;
    }

    private void Touch() => Interlocked.Exchange(ref _lastReceivedTicks, _time.GetUtcNow().UtcTicks);

    private async Task PumpAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var message = new ArrayBufferWriter<byte>(16 * 1024);
        var oversized = false;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(), _stop.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close) break;
                if (!oversized)
                {
                    if (message.WrittenCount + result.Count > MaxMessageBytes)
                    {
                        oversized = true;
                        message.Clear();
                    }
                    else
                    {
                        message.Write(buffer.AsSpan(0, result.Count));
                    }
                }
                if (!result.EndOfMessage) continue;

                Touch();
                if (oversized)
                {
                    _oversized.Increment();
                }
                else if (result.MessageType == WebSocketMessageType.Text)
                {
                    string text;
                    try
                    {
                        text = StrictUtf8.GetString(message.WrittenSpan);
                    }
                    catch (DecoderFallbackException)
                    {
                        _malformed.Increment();
                        text = "";
                    }
                    if (text.Length > 0)
                        await _inbox.WriteAsync(new Inbound(this, text), _stop.Token).ConfigureAwait(false);
                }
                oversized = false;
                message.Clear();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ChannelClosedException or ObjectDisposedException)
        {
            // The session loop learns of the end from the close marker below and decides what to do.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _inbox.TryWrite(new Inbound(this, null));
        }
    }

    /// <summary>Closes politely, letting frames already on the wire arrive first (nothing is lost at a switch).</summary>
    public async Task CloseAsync()
    {
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), _time);
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "reconnected", timeout.Token).ConfigureAwait(false);
                await _pump.WaitAsync(TimeSpan.FromSeconds(5), _time).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or TimeoutException or ObjectDisposedException)
        {
            // Closing a dead socket: nothing left to deliver.
        }
        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Abort();
        try
        {
            await _pump.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Already reported through the inbox.
        }
        _socket.Dispose();
        _stop.Dispose();
    }
}
