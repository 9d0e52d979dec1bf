using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Unicode;
using LiveBuddy.Core.Events;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.Twitch.Chat;

/// <summary>Twitch refused the sign-in (bad or expired token).</summary>
internal sealed class TwitchLoginRefusedException(string message) : Exception(message);

/// <summary>
/// One WebSocket to Twitch chat: signs in, joins, reads lines until the socket ends, answers PING and
/// watches for silence. The connection above decides what to do when it ends or Twitch asks to reconnect.
/// </summary>
internal sealed partial class ChatSession : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly IrcCounters _counters;
    private readonly TwitchChatRoomState _room;
    private readonly TwitchChatIntake _intake;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TwitchChatOptions _options;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _welcomed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _allJoined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _reconnectRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<string> _pendingJoins;
    private readonly List<StreamEvent> _events = [];
    private readonly TwitchChatVocabulary _vocabulary = new();
    private readonly char[] _chars;
    private long _lastReceivedTicks;
    private int _disposed;
    private CancellationTokenSource? _linked;
    private Task _reading = Task.CompletedTask;
    private Task _watching = Task.CompletedTask;

    /// <summary>
    /// Its collaborators are narrow on purpose: counters to count into, the room state USERSTATE and NOTICE update,
    /// and the intake that publishes lines; it never calls back into the connection that opened it.
    /// </summary>
    public ChatSession(ClientWebSocket socket, string nick, bool anonymous, IReadOnlyList<string> channels,
        TwitchChatOptions options, IrcCounters counters, TwitchChatRoomState room, TwitchChatIntake intake, TimeProvider time, ILogger logger)
    {
        _socket = socket;
        _counters = counters;
        _room = room;
        _intake = intake;
        Nick = nick;
        IsAnonymous = anonymous;
        Channels = channels;
        _options = options;
        _time = time;
        _logger = logger;
        _chars = new char[options.MaxLineBytes];
        _pendingJoins = new HashSet<string>(channels, StringComparer.Ordinal);
        _lastReceivedTicks = time.GetTimestamp();
    }

    public string Nick { get; }
    public bool IsAnonymous { get; }
    public IReadOnlyList<string> Channels { get; }
    public Task Welcomed => _welcomed.Task;
    public Task AllJoined => _allJoined.Task;
    public Task ReconnectRequested => _reconnectRequested.Task;
    /// <summary>Completes when the socket is gone, for whatever reason.</summary>
    public Task Ended => _reading;

    public void Start(CancellationToken cancellationToken)
    {
        _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        var token = _linked.Token;
        _reading = Task.Run(() => ReadAsync(token), CancellationToken.None);
        _watching = Task.Run(() => WatchAsync(token), CancellationToken.None);
    }

    /// <summary>Sends one line (CR LF added). False when the socket is no longer open.</summary>
    public async ValueTask<bool> SendLineAsync(string line, CancellationToken cancellationToken)
    {
        if (_socket.State != WebSocketState.Open) return false;
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(line.Length) + 2);
        try
        {
            var n = Encoding.UTF8.GetBytes(line, bytes);
            bytes[n++] = (byte)'\r';
            bytes[n++] = (byte)'\n';
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _socket.SendAsync(bytes.AsMemory(0, n), WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
                return true;
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        var framer = new IrcLineFramer(_options.MaxLineBytes);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(framer.FreeSpace(), cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close) break;
                Interlocked.Exchange(ref _lastReceivedTicks, _time.GetTimestamp());
                framer.Advance(result.Count, result.EndOfMessage);
                while (framer.TryReadLine(out var bytes, out var oversized))
                {
                    if (oversized)
                    {
                        _counters.Oversized.Increment();
                        LogOversized(_options.MaxLineBytes);
                        continue;
                    }
                    if (bytes.IsEmpty) continue;
                    // Strict decoding: a line with invalid UTF-8 is skipped, never guessed at.
                    if (Utf8.ToUtf16(bytes, _chars, out _, out var written, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done)
                    {
                        _counters.InvalidUtf8.Increment();
                        LogInvalidUtf8(bytes.Length);
                        continue;
                    }
                    var handled = HandleLine(_chars.AsSpan(0, written));
                    if (handled is { } reply) await SendLineAsync(reply, cancellationToken).ConfigureAwait(false);
                }
                // What one read brought goes out together: in a flood that is a few hundred lines, scored on two threads.
                if (_events.Count > 0)
                {
                    await _intake.PublishAllAsync(_events, cancellationToken).ConfigureAwait(false);
                    _events.Clear();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Closed on purpose.
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
        {
            LogSocketEnded(ex.Message);
        }
        finally
        {
            // The socket is gone: stop the liveness watch too (disposal waits for both).
            _stop.Cancel();
            _welcomed.TrySetException(new WebSocketException("Chat socket closed before sign-in finished."));
            _allJoined.TrySetCanceled(CancellationToken.None);
        }
    }

    /// <summary>Handles one decoded line, adding what it maps to to the read's events; returns a line to send back (PONG) if any.</summary>
    private string? HandleLine(ReadOnlySpan<char> line)
    {
        _counters.Lines.Increment();
        if (!IrcMessage.TryParse(line, out var message))
        {
            _counters.Malformed.Increment();
            LogMalformed(line.Length);
            return null;
        }

        switch (message.Command)
        {
            case "PING":
                return message.TryGetParam(0, out var token) ? string.Concat("PONG :", token) : "PONG :tmi.twitch.tv";
            case "PONG":
                return null;
            case "RECONNECT":
                LogReconnectAsked();
                _reconnectRequested.TrySetResult();
                return null;
            case "001":
                _welcomed.TrySetResult();
                return null;
            case "JOIN":
                if (message.Nick.SequenceEqual(Nick) && message.TryGetParam(0, out var joined)) MarkJoined(TwitchChatMapper.ChannelLogin(joined));
                return null;
            case "366":
                if (message.TryGetParam(1, out var named)) MarkJoined(TwitchChatMapper.ChannelLogin(named));
                return null;
            case "USERSTATE":
                _room.OnUserState(message);
                return null;
            case "NOTICE":
                if (message.TryGetParam(0, out var target) && target is "*" && message.TryGetParam(1, out var text)
                    && (text.Contains("authentication failed", StringComparison.OrdinalIgnoreCase) || text.Contains("Improperly formatted auth", StringComparison.OrdinalIgnoreCase)))
                {
                    _welcomed.TrySetException(new TwitchLoginRefusedException(new string(text)));
                    return null;
                }
                _room.OnNotice(message);
                break;
        }

        var before = _events.Count;
        var result = TwitchChatMapper.Map(message, _time.GetUtcNow(), _events, _vocabulary);
        if (result != IrcMapResult.Mapped) _events.RemoveRange(before, _events.Count - before);
        switch (result)
        {
            case IrcMapResult.Mapped:
                break;
            case IrcMapResult.Malformed:
                _counters.Malformed.Increment();
                LogMalformed(line.Length);
                break;
            default:
                _counters.Ignored.Increment();
                break;
        }
        return null;
    }

    private void MarkJoined(ReadOnlySpan<char> channel)
    {
        var lookup = _pendingJoins.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.Remove(channel) && _pendingJoins.Count == 0) _allJoined.TrySetResult();
    }

    /// <summary>Our own liveness check: quiet for a ping interval, send PING; still quiet after the timeout, drop the socket.</summary>
    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(_options.PingInterval, _time, cancellationToken).ConfigureAwait(false);
                var quiet = _time.GetElapsedTime(Interlocked.Read(ref _lastReceivedTicks));
                if (quiet < _options.PingInterval) continue;

                var pingedAt = _time.GetTimestamp();
                if (!await SendLineAsync("PING :livebuddy", cancellationToken).ConfigureAwait(false)) return;
                await Task.Delay(_options.PongTimeout, _time, cancellationToken).ConfigureAwait(false);
                if (Interlocked.Read(ref _lastReceivedTicks) < pingedAt)
                {
                    _counters.DeadSockets.Increment();
                    LogDeadSocket(_options.PongTimeout.TotalSeconds);
                    _socket.Abort();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Session over.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        if (_socket.State == WebSocketState.Open)
        {
            using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(2), _time);
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", closing.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Already going away: nothing to tell.
            }
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Abort();
        try
        {
            await Task.WhenAll(_reading, _watching).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected on stop.
        }
        _socket.Dispose();
        _linked?.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twitch chat line longer than {MaxBytes} bytes skipped")]
    private partial void LogOversized(int maxBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twitch chat line of {Bytes} bytes with invalid UTF-8 skipped")]
    private partial void LogInvalidUtf8(int bytes);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Malformed Twitch chat line of {Length} characters skipped")]
    private partial void LogMalformed(int length);

    [LoggerMessage(Level = LogLevel.Information, Message = "Twitch chat socket ended: {Reason}")]
    private partial void LogSocketEnded(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Twitch asked the chat connection to reconnect")]
    private partial void LogReconnectAsked();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twitch chat silent {Seconds} s after our PING: replacing the socket")]
    private partial void LogDeadSocket(double seconds);
}
