using System.Globalization;
using System.Net.WebSockets;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sources;
using LiveBuddy.Twitch.Auth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace LiveBuddy.Twitch.Chat;

/// <summary>
/// Reads Twitch chat over IRC-over-WebSocket (<c>Twitch:ChatUrl</c>) and publishes every event to the pipeline.
/// Signs in as the bot (<c>Twitch:BotLogin</c> + <c>Twitch:AccessToken</c>) or anonymously read-only, joins
/// <c>Twitch:Channels</c>, honours RECONNECT by opening the new socket before closing the old one, and after any
/// drop reconnects with jittered exponential backoff. Reports to the status board as <c>twitch-chat</c>.
/// </summary>
public sealed partial class TwitchChatConnection
{
    public const string SourceName = "twitch-chat";
    private const int JoinBatch = 20; // Twitch allows 20 JOINs per 10 s for ordinary accounts

    private readonly IOptionsMonitor<TwitchOptions> _twitch;
    private readonly TwitchChatOptions _options;
    private readonly TwitchChatIntake _intake;
    private readonly TwitchChatRoomState _room;
    private readonly IrcCounters _counters;
    private readonly SourceStatusBoard _status;
    private readonly TimeProvider _time;
    private readonly ILogger<TwitchChatConnection> _logger;
    private readonly TwitchCredentials? _credentials;
    private readonly ResiliencePipeline<ChatSession> _connect;
    private volatile ChatSession? _current;
    private string? _refusedToken;

    public TwitchChatConnection(IOptionsMonitor<TwitchOptions> twitch, IOptions<TwitchChatOptions> options, TwitchChatIntake intake,
        TwitchChatRoomState room, Counters counters, SourceStatusBoard status, TimeProvider time, ILogger<TwitchChatConnection> logger,
        TwitchCredentials? credentials = null)
    {
        _credentials = credentials;
        _twitch = twitch;
        _options = options.Value;
        _intake = intake;
        _room = room;
        _status = status;
        _time = time;
        _logger = logger;
        _counters = new IrcCounters(counters);
        _connect = ConnectPipeline();
    }

    internal IrcCounters Counters => _counters;

    /// <summary>True while signed in with the bot account (anonymous sessions cannot send).</summary>
    public bool CanSend => _current is { IsAnonymous: false };

    /// <summary>True while a chat socket is open.</summary>
    public bool IsConnected => _current is not null;

    /// <summary>Sends one raw line on the current connection; false when there is none.</summary>
    internal ValueTask<bool> SendLineAsync(string line, CancellationToken cancellationToken) =>
        _current is { } session ? session.SendLineAsync(line, cancellationToken) : ValueTask.FromResult(false);

    /// <summary>
    /// Connecting retries forever with jittered exponential backoff (<c>Twitch:Chat:ReconnectDelayMin</c>..<c>Max</c>);
    /// a refused sign-in will not fix itself in a second, so it waits the longest delay.
    /// </summary>
    private ResiliencePipeline<ChatSession> ConnectPipeline() =>
        new ResiliencePipelineBuilder<ChatSession> { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions<ChatSession>
            {
                // Anything but our own stop: a login timeout is an OperationCanceledException too, and is retried.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex
                    && !(ex is OperationCanceledException && args.Context.CancellationToken.IsCancellationRequested)),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.ReconnectDelayMin,
                MaxDelay = _options.ReconnectDelayMax,
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Outcome.Exception is TwitchLoginRefusedException ? _options.ReconnectDelayMax : null),
                OnRetry = args =>
                {
                    var ex = args.Outcome.Exception!;
                    var refused = ex is TwitchLoginRefusedException;
                    _status.Report(SourceName, refused ? SourceState.Failed : SourceState.Reconnecting, refused ? "Twitch refused the sign-in" : ex.Message);
                    LogConnectFailed(args.AttemptNumber + 1, ex.GetType().Name, ex.Message);
                    LogBackoff(args.RetryDelay.TotalSeconds, args.AttemptNumber + 1);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    /// <summary>Runs until cancelled: connect, read, reconnect.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        ChatSession? next = null;
        var first = true;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var session = next;
                next = null;
                if (session is null)
                {
                    _status.Report(SourceName, first ? SourceState.Starting : SourceState.Reconnecting);
                    session = await _connect.ExecuteAsync(OpenAsync, cancellationToken).ConfigureAwait(false);
                }
                first = false;
                _current = session;
                _status.Report(SourceName, SourceState.Connected, session.IsAnonymous ? string.Join(",", session.Channels) + " (anonymous, read-only)" : string.Join(",", session.Channels),
                    new Dictionary<string, object>(StringComparer.Ordinal) { ["anonymous"] = session.IsAnonymous, ["nick"] = session.Nick, ["transport"] = "irc" });
                LogConnected(session.Nick, session.Channels.Count, session.IsAnonymous);

                await Task.WhenAny(session.Ended, session.ReconnectRequested).ConfigureAwait(false);
                if (cancellationToken.IsCancellationRequested)
                {
                    await session.DisposeAsync().ConfigureAwait(false);
                    break;
                }

                _counters.Reconnects.Increment();
                if (!session.Ended.IsCompleted)
                {
                    // Twitch asked us to move: the old socket keeps reading until the new one has joined, so nothing
                    // said in between is lost; what both sockets deliver is dropped by id in the intake.
                    next = await HandOverAsync(cancellationToken).ConfigureAwait(false);
                }
                if (ReferenceEquals(_current, session)) _current = next;
                await session.DisposeAsync().ConfigureAwait(false);
                if (next is null) _status.Report(SourceName, SourceState.Reconnecting, "connection lost");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            var last = _current;
            _current = null;
            if (last is not null) await last.DisposeAsync().ConfigureAwait(false);
            if (next is not null && !ReferenceEquals(next, last)) await next.DisposeAsync().ConfigureAwait(false);
            _status.Report(SourceName, SourceState.Stopped);
        }
    }

    private async Task<ChatSession?> HandOverAsync(CancellationToken cancellationToken)
    {
        try
        {
            var fresh = await OpenAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await fresh.AllJoined.WaitAsync(_options.HandoverTimeout, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                LogHandoverSlow(_options.HandoverTimeout.TotalSeconds);
            }
            return fresh;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogConnectFailed(1, ex.GetType().Name, ex.Message);
            return null;
        }
    }

    private async ValueTask<ChatSession> OpenAsync(CancellationToken cancellationToken)
    {
        var twitch = _twitch.CurrentValue;
        var channels = twitch.Channels
            .Select(c => c.Trim().TrimStart('#').ToLowerInvariant())
            .Where(c => c.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var (login, token) = await SignInAsync(twitch, cancellationToken).ConfigureAwait(false);
        var anonymous = string.IsNullOrWhiteSpace(login) || string.IsNullOrWhiteSpace(token);
        var nick = anonymous
            ? "justinfan" + Random.Shared.Next(10_000, 100_000_000).ToString(CultureInfo.InvariantCulture)
            : login!.Trim().ToLowerInvariant();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.LoginTimeout);
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero; // our own PING watches liveness
        ChatSession? session = null;
        try
        {
            await socket.ConnectAsync(new Uri(twitch.ChatUrl), timeout.Token).ConfigureAwait(false);
            session = new ChatSession(socket, nick, anonymous, channels, _options, _counters, _room, _intake, _time, _logger);
            session.Start(cancellationToken);

            await session.SendLineAsync("CAP REQ :twitch.tv/tags twitch.tv/commands twitch.tv/membership", timeout.Token).ConfigureAwait(false);
            if (!anonymous)
            {
                var pass = token!.StartsWith("oauth:", StringComparison.Ordinal) ? token : "oauth:" + token;
                await session.SendLineAsync("PASS " + pass, timeout.Token).ConfigureAwait(false);
            }
            await session.SendLineAsync("NICK " + nick, timeout.Token).ConfigureAwait(false);
            try
            {
                await session.Welcomed.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (TwitchLoginRefusedException)
            {
                _refusedToken = token; // next attempt asks the sign-in service for a refreshed one
                throw;
            }

            for (var i = 0; i < channels.Count; i += JoinBatch)
            {
                if (i > 0) await Task.Delay(TimeSpan.FromSeconds(10.5), _time, cancellationToken).ConfigureAwait(false);
                var batch = channels.Skip(i).Take(JoinBatch).Select(c => "#" + c);
                await session.SendLineAsync("JOIN " + string.Join(',', batch), cancellationToken).ConfigureAwait(false);
            }
            return session;
        }
        catch
        {
            if (session is not null) await session.DisposeAsync().ConfigureAwait(false);
            else socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The bot's login and token: from the sign-in service (device flow, refreshed tokens) when there is one,
    /// else <c>Twitch:BotLogin</c> + <c>Twitch:AccessToken</c>; (null, null) reads anonymously.
    /// </summary>
    private async Task<(string? Login, string? Token)> SignInAsync(TwitchOptions twitch, CancellationToken cancellationToken)
    {
        if (_credentials is not null && _credentials.HasToken)
        {
            try
            {
                // The sign-in as last validated: connecting never waits for Twitch's token check (the validator runs it
                // in the background, and the chat service reconnects when the sign-in changes).
                var signIn = _refusedToken is { } refused
                    ? await _credentials.RefreshAfterRejectionAsync(refused, cancellationToken).ConfigureAwait(false)
                    : _credentials.Current;
                _refusedToken = null;
                if (signIn is not null) return (signIn.Login, signIn.AccessToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Reading chat must not depend on the sign-in service being reachable: fall back to config or anonymous.
                LogSignInUnavailable(ex.GetType().Name);
            }
        }
        return (twitch.BotLogin, twitch.AccessToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Twitch chat connected as {Nick} to {ChannelCount} channel(s), anonymous {Anonymous}")]
    private partial void LogConnected(string nick, int channelCount, bool anonymous);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twitch chat connect attempt {Attempt} failed: {ErrorType} {Error}")]
    private partial void LogConnectFailed(int attempt, string errorType, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Twitch chat reconnecting in {Seconds:0.0} s (failure {Failures})")]
    private partial void LogBackoff(double seconds, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "New Twitch chat socket not joined after {Seconds} s; switching anyway")]
    private partial void LogHandoverSlow(double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twitch sign-in service unavailable ({ErrorType}); using the configured bot account if any")]
    private partial void LogSignInUnavailable(string errorType);
}
