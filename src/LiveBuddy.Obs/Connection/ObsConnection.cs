using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace LiveBuddy.Obs.Connection;

/// <summary>How the OBS connection is doing, as <c>/healthz</c> and the control page show it.</summary>
public enum ObsState { Disabled, Connecting, Connected, Reconnecting, AuthenticationFailed }

/// <summary>
/// One connection to obs-websocket v5 that stays up: Hello → Identify (with the SHA-256 challenge when OBS asks for a
/// password) → Identified, then requests and events. When OBS closes or is not running yet, it connects again with
/// backoff (a Polly retry pipeline) and reads the stream and replay buffer state anew. Requests made while OBS is away
/// wait for it to come back, up to <see cref="ObsOptions.RequestTimeout"/>.
/// </summary>
public sealed partial class ObsConnection
{
    /// <summary>The synthetic event delivered after every (re)connect with the state just read from OBS.</summary>
    public const string StatusReadEvent = "LiveBuddy.StatusRead";

    private readonly ObsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _connecting;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _pending = new(StringComparer.Ordinal);
    private readonly Channel<ObsEvent> _events = Channel.CreateUnbounded<ObsEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<Func<ObsEvent, CancellationToken, ValueTask>> _handlers = [];
    private readonly SemaphoreSlim _sending = new(1, 1);
    private TaskCompletionSource<ClientWebSocket> _connected = NewConnected();
    private long _requestIds;
    private int _connections;

    public ObsConnection(ObsOptions options, TimeProvider time, ILogger<ObsConnection> logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        State = options.IsConfigured ? ObsState.Connecting : ObsState.Disabled;
        _connecting = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.ReconnectDelay,
                MaxDelay = options.ReconnectMaxDelay,
                OnRetry = args =>
                {
                    if (State != ObsState.AuthenticationFailed) SetState(ObsState.Reconnecting);
                    LogRetrying(args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception?.Message);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public ObsState State { get; private set; }

    /// <summary>When <see cref="State"/> last changed.</summary>
    public DateTimeOffset StateSince { get; private set; }

    /// <summary>How many times OBS accepted the Identify since start.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>OBS is streaming (its stream output is active), as last reported.</summary>
    public bool StreamActive { get; private set; }

    /// <summary>OBS's replay buffer is running, as last reported.</summary>
    public bool ReplayBufferActive { get; private set; }

    /// <summary>Called whenever <see cref="State"/> changes (for the status board).</summary>
    public event Action<ObsState>? StateChanged;

    /// <summary>Calls <paramref name="handler"/> for every OBS event, one at a time, off the socket's reading loop (so it may make requests).</summary>
    public void OnEvent(Func<ObsEvent, CancellationToken, ValueTask> handler)
    {
        lock (_handlers) _handlers.Add(handler);
    }

    /// <summary>Connects, stays connected and reconnects until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!_options.IsConfigured) return;
        var dispatching = DispatchAsync(cancellationToken);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var socket = await _connecting.ExecuteAsync(ConnectAsync, cancellationToken).ConfigureAwait(false);
                try
                {
                    var receiving = ReceiveAsync(socket, cancellationToken);
                    await ReadStatusAsync(cancellationToken).ConfigureAwait(false);
                    await receiving.ConfigureAwait(false);
                    LogClosed(socket.CloseStatus is { } code ? (int)code : null);
                }
                catch (Exception ex) when (ex is WebSocketException or IOException)
                {
                    LogLost(ex.Message);
                }
                finally
                {
                    Disconnected(socket);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            _events.Writer.TryComplete();
            await dispatching.ConfigureAwait(false);
            SetState(ObsState.Disabled);
        }
    }

    /// <summary>
    /// Sends a request and returns OBS's <c>responseData</c> (an empty object when it has none). Waits for OBS to be
    /// connected first. Throws <see cref="ObsRequestFailedException"/> when OBS refuses, <see cref="TimeoutException"/>
    /// when OBS is away or silent for longer than <see cref="ObsOptions.RequestTimeout"/>.
    /// </summary>
    public async Task<JsonElement> RequestAsync(string requestType, JsonObject? data, CancellationToken cancellationToken)
    {
        var socket = await _connected.Task.WaitAsync(_options.RequestTimeout, _time, cancellationToken).ConfigureAwait(false);
        var id = "lb-" + Interlocked.Increment(ref _requestIds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        try
        {
            await SendAsync(socket, ObsProtocol.RequestMessage(requestType, id, data), cancellationToken).ConfigureAwait(false);
            var response = await answer.Task.WaitAsync(_options.RequestTimeout, _time, cancellationToken).ConfigureAwait(false);
            var status = response.GetProperty("requestStatus");
            if (!status.TryGetProperty("result", out var ok) || ok.ValueKind != JsonValueKind.True)
            {
                var code = status.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : 0;
                var comment = status.TryGetProperty("comment", out var m) ? m.GetString() : null;
                throw new ObsRequestFailedException(requestType, code, comment);
            }
            return response.TryGetProperty("responseData", out var result) ? result : JsonDocument.Parse("{}").RootElement;
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async ValueTask<ClientWebSocket> ConnectAsync(CancellationToken cancellationToken)
    {
        if (State != ObsState.AuthenticationFailed) SetState(_connections == 0 ? ObsState.Connecting : ObsState.Reconnecting);
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("obswebsocket.json"); // the JSON encoding (msgpack is the other)
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.RequestTimeout);
            await socket.ConnectAsync(_options.Url, timeout.Token).ConfigureAwait(false);

            var hello = await ReceiveOneAsync(socket, timeout.Token).ConfigureAwait(false)
                ?? throw new WebSocketException("OBS closed the connection before its Hello.");
            if (hello.Op != ObsProtocol.Hello) throw new InvalidDataException($"OBS sent op {hello.Op} before its Hello.");
            string? authentication = null;
            if (hello.Data.TryGetProperty("authentication", out var auth) && auth.ValueKind == JsonValueKind.Object)
            {
                if (string.IsNullOrEmpty(_options.Password))
                {
                    SetState(ObsState.AuthenticationFailed);
                    throw new InvalidOperationException("OBS asks for a password and Obs:Password is empty.");
                }
                authentication = ObsProtocol.Authentication(_options.Password,
                    auth.GetProperty("salt").GetString() ?? "", auth.GetProperty("challenge").GetString() ?? "");
            }
            await SendAsync(socket, ObsProtocol.IdentifyMessage(authentication), timeout.Token).ConfigureAwait(false);

            var identified = await ReceiveOneAsync(socket, timeout.Token).ConfigureAwait(false);
            if (identified is null)
            {
                if ((int?)socket.CloseStatus == ObsProtocol.AuthenticationFailedCloseCode)
                {
                    SetState(ObsState.AuthenticationFailed);
                    LogAuthenticationFailed();
                    throw new InvalidOperationException("OBS refused the password (close code 4009): check Obs:Password.");
                }
                throw new WebSocketException($"OBS closed the connection during Identify ({(int?)socket.CloseStatus}).");
            }
            if (identified.Value.Op != ObsProtocol.Identified) throw new InvalidDataException($"OBS answered Identify with op {identified.Value.Op}.");

            Interlocked.Increment(ref _connections);
            SetState(ObsState.Connected);
            LogConnected(_options.Url, hello.Data.TryGetProperty("obsWebSocketVersion", out var v) ? v.GetString() : null);
            _connected.TrySetResult(socket);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        while (await ReceiveOneAsync(socket, cancellationToken).ConfigureAwait(false) is { } message)
        {
            switch (message.Op)
            {
                case ObsProtocol.Event:
                    var type = message.Data.TryGetProperty("eventType", out var t) ? t.GetString() : null;
                    if (type is null) break;
                    var data = message.Data.TryGetProperty("eventData", out var d) ? d : default;
                    _events.Writer.TryWrite(new ObsEvent(type, data));
                    break;
                case ObsProtocol.RequestResponse:
                    if (message.Data.TryGetProperty("requestId", out var id) && id.GetString() is { } requestId
                        && _pending.TryGetValue(requestId, out var answer))
                        answer.TrySetResult(message.Data);
                    break;
            }
        }
    }

    /// <summary>Reads the stream and replay buffer state after a (re)connect and tells the handlers.</summary>
    private async Task ReadStatusAsync(CancellationToken cancellationToken)
    {
        try
        {
            var stream = await RequestAsync("GetStreamStatus", null, cancellationToken).ConfigureAwait(false);
            StreamActive = stream.TryGetProperty("outputActive", out var a) && a.ValueKind == JsonValueKind.True;
            try
            {
                var replay = await RequestAsync("GetReplayBufferStatus", null, cancellationToken).ConfigureAwait(false);
                ReplayBufferActive = replay.TryGetProperty("outputActive", out var r) && r.ValueKind == JsonValueKind.True;
            }
            catch (ObsRequestFailedException)
            {
                ReplayBufferActive = false; // the replay buffer is not set up in OBS's output settings
            }
            var status = new JsonObject { ["streamActive"] = StreamActive, ["replayBufferActive"] = ReplayBufferActive };
            _events.Writer.TryWrite(new ObsEvent(StatusReadEvent, JsonSerializer.SerializeToElement(status)));
        }
        catch (Exception ex) when (ex is TimeoutException or ObsRequestFailedException or WebSocketException)
        {
            LogStatusFailed(ex.Message);
        }
    }

    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        await foreach (var e in _events.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            switch (e.Type)
            {
                case "StreamStateChanged":
                    StreamActive = IsActive(e.Data);
                    break;
                case "ReplayBufferStateChanged":
                    ReplayBufferActive = IsActive(e.Data);
                    break;
            }
            Func<ObsEvent, CancellationToken, ValueTask>[] handlers;
            lock (_handlers) handlers = [.. _handlers];
            foreach (var handler in handlers)
            {
                try
                {
                    await handler(e, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    LogHandlerFailed(ex, e.Type);
                }
            }
        }
    }

    private static bool IsActive(JsonElement data) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty("outputActive", out var a) && a.ValueKind == JsonValueKind.True;

    private void Disconnected(ClientWebSocket socket)
    {
        if (_connected.Task.IsCompleted) _connected = NewConnected();
        foreach (var pending in _pending.Values) pending.TrySetException(new TimeoutException("OBS closed the connection before answering."));
        socket.Dispose();
        SetState(ObsState.Reconnecting);
    }

    private async Task SendAsync(ClientWebSocket socket, string json, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>One whole message, or null when OBS closed the connection.</summary>
    private async Task<(int Op, JsonElement Data)?> ReceiveOneAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(4096), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            buffer.Advance(result.Count);
            if (!result.EndOfMessage) continue;
            if (ObsProtocol.TryRead(buffer.WrittenSpan, out var op, out var data)) return (op, data);
            LogMalformed(buffer.WrittenCount);
            buffer.Clear();
        }
    }

    private void SetState(ObsState state)
    {
        if (State == state) return;
        State = state;
        StateSince = _time.GetUtcNow();
        StateChanged?.Invoke(state);
    }

    private static TaskCompletionSource<ClientWebSocket> NewConnected() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to OBS at {Url} (obs-websocket {Version})")]
    private partial void LogConnected(Uri url, string? version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OBS refused the password (Obs:Password does not match OBS's WebSocket Server Settings)")]
    private partial void LogAuthenticationFailed();

    [LoggerMessage(Level = LogLevel.Information, Message = "OBS connection attempt {Attempt} in {Delay}: {Reason}")]
    private partial void LogRetrying(int attempt, TimeSpan delay, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "OBS closed the connection (close code {Code}); connecting again")]
    private partial void LogClosed(int? code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the OBS connection: {Reason}; connecting again")]
    private partial void LogLost(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read OBS's stream state: {Reason}")]
    private partial void LogStatusFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped a malformed OBS message of {Bytes} bytes")]
    private partial void LogMalformed(int bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling OBS event {EventType} failed")]
    private partial void LogHandlerFailed(Exception exception, string eventType);
}
