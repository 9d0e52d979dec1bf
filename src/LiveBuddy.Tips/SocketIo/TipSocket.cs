using System.Text.Json;
using System.Threading.Channels;
using LiveBuddy.Core.Sources;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using SocketIOClient;
using SocketIOClient.Transport;

namespace LiveBuddy.Tips.SocketIo;

/// <summary>How one tip service's socket connects: where, with which query, and how it signs in after connecting.</summary>
/// <param name="Service">Status and log name (<c>streamlabs</c>, <c>streamelements</c>).</param>
/// <param name="Url">The service's socket.io address.</param>
/// <param name="Query">Handshake query (Streamlabs' <c>token</c>).</param>
/// <param name="Secret">The token, so it can be cut out of any error text before logging.</param>
/// <param name="SignIn">Runs after the socket connects (StreamElements' <c>authenticate</c>); throws when refused.</param>
public sealed record TipSocketSettings(
    string Service,
    Uri Url,
    IReadOnlyDictionary<string, string> Query,
    string Secret,
    Func<SocketIOClient.SocketIO, CancellationToken, Task>? SignIn = null);

/// <summary>
/// One tip service's realtime socket (socket.io v2 servers, Engine.IO 3 over a WebSocket, via the SocketIOClient
/// package) that stays connected: each <c>event</c> payload goes to the handler in order; when the socket drops or
/// cannot connect, a Polly retry pipeline connects again with backoff (the package's own reconnection is off so the
/// backoff is ours). State goes to the status board as <c>tips.{service}</c>. The token never reaches a log.
/// </summary>
public sealed partial class TipSocket
{
    private readonly TipSocketSettings _settings;
    private readonly Func<JsonElement, CancellationToken, ValueTask> _onEvent;
    private readonly SourceStatusBoard _status;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _connecting;
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>(new UnboundedChannelOptions { SingleReader = true });

    public TipSocket(TipSocketSettings settings, Func<JsonElement, CancellationToken, ValueTask> onEvent, SourceStatusBoard status,
        TimeSpan retryDelay, TimeSpan maxRetryDelay, TimeProvider time, ILogger<TipSocket> logger)
    {
        _settings = settings;
        _onEvent = onEvent;
        _status = status;
        _logger = logger;
        _connecting = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = retryDelay,
                MaxDelay = maxRetryDelay,
                OnRetry = args =>
                {
                    var reason = Redact(args.Outcome.Exception?.Message);
                    _status.Report(StatusName, args.Outcome.Exception is TipTokenRefusedException ? SourceState.Failed : SourceState.Reconnecting, reason);
                    LogRetrying(_settings.Service, args.AttemptNumber + 1, args.RetryDelay, reason);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public string StatusName => "tips." + _settings.Service;

    /// <summary>How many times the socket connected (and signed in) since start.</summary>
    public int Connections => Volatile.Read(ref _connections);
    private int _connections;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _status.Report(StatusName, SourceState.Starting);
        var handling = HandleEventsAsync(cancellationToken);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var (client, lost) = await _connecting.ExecuteAsync(ConnectAsync, cancellationToken).ConfigureAwait(false);
                using (client)
                {
                    Interlocked.Increment(ref _connections);
                    _status.Report(StatusName, SourceState.Connected);
                    LogConnected(_settings.Service);
                    var reason = await lost.WaitAsync(cancellationToken).ConfigureAwait(false);
                    _status.Report(StatusName, SourceState.Reconnecting, Redact(reason));
                    LogLost(_settings.Service, Redact(reason));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _events.Writer.TryComplete();
            await handling.ConfigureAwait(false);
            _status.Report(StatusName, SourceState.Stopped);
        }
    }

    private async ValueTask<(SocketIOClient.SocketIO Client, Task<string> Lost)> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new SocketIOClient.SocketIO(_settings.Url, new SocketIOOptions
        {
            EIO = 3, // both services run socket.io v2 servers
            Transport = TransportProtocol.WebSocket,
            Reconnection = false,
            Query = _settings.Query,
            ConnectionTimeout = TimeSpan.FromSeconds(20),
        });
        var lost = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.OnDisconnected += (_, reason) => lost.TrySetResult(reason ?? "disconnected");
        client.On("event", response => _events.Writer.TryWrite(response.GetValue<JsonElement>()));
        try
        {
            await client.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            if (!client.Connected) throw new IOException("The socket did not connect.");
            if (_settings.SignIn is { } signIn) await signIn(client, cancellationToken).ConfigureAwait(false);
            return (client, lost.Task);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private async Task HandleEventsAsync(CancellationToken cancellationToken)
    {
        await foreach (var payload in _events.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            try
            {
                await _onEvent(payload, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogEventFailed(_settings.Service, ex.GetType().Name);
            }
        }
    }

    private string? Redact(string? text) =>
        text is null || _settings.Secret.Length == 0 ? text : text.Replace(_settings.Secret, "***", StringComparison.Ordinal);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to {Service}'s tip socket")]
    private partial void LogConnected(string service);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service}'s tip socket closed ({Reason}); connecting again")]
    private partial void LogLost(string service, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} tip socket attempt {Attempt} in {Delay}: {Reason}")]
    private partial void LogRetrying(string service, int attempt, TimeSpan delay, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling a {Service} event failed ({Error})")]
    private partial void LogEventFailed(string service, string error);
}

/// <summary>The service refused the token.</summary>
public sealed class TipTokenRefusedException(string service) : Exception($"{service} refused the token: check it in the Tips settings.");
