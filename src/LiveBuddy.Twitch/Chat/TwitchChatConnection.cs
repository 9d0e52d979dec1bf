using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sources;
using LiveBuddy.Twitch.Auth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
    private readonly EventIngress _ingress;
    private readonly SourceStatusBoard _status;
    private readonly TimeProvider _time;
    private readonly ILogger<TwitchChatConnection> _logger;
    private readonly RecentEventIds _recent = new(8192);
    private readonly Lock _recentLock = new();
    private readonly ConcurrentDictionary<string, bool> _moderatorIn = new(StringComparer.Ordinal);
    private readonly Counter _overlapDuplicates;
    private readonly Counter _rateLimited;
    private readonly Counter _rejected;
    private long _sendPausedUntilTicks;
    private readonly TwitchCredentials? _credentials;
    private volatile ChatSession? _current;
    private string? _refusedToken;

    public TwitchChatConnection(IOptionsMonitor<TwitchOptions> twitch, IOptions<TwitchChatOptions> options, EventIngress ingress,
        Counters counters, SourceStatusBoard status, TimeProvider time, ILogger<TwitchChatConnection> logger,
        TwitchCredentials? credentials = null)
    {
        _credentials = credentials;
        _twitch = twitch;
        _options = options.Value;
        _ingress = ingress;
        _status = status;
        _time = time;
        _logger = logger;
        Lines = counters.Get("twitch.irc.lines");
        Malformed = counters.Get("twitch.irc.malformed");
        Ignored = counters.Get("twitch.irc.ignored");
        Oversized = counters.Get("twitch.irc.oversized");
        InvalidUtf8 = counters.Get("twitch.irc.invalid_utf8");
        DeadSockets = counters.Get("twitch.irc.dead_sockets");
        Reconnects = counters.Get("twitch.irc.reconnects");
        _overlapDuplicates = counters.Get("twitch.irc.overlap_duplicates");
        _rateLimited = counters.Get("twitch.chat.rate_limited_notices");
        _rejected = counters.Get("twitch.chat.rejected_notices");
    }

    internal Counter Lines { get; }
    internal Counter Malformed { get; }
    internal Counter Ignored { get; }
    internal Counter Oversized { get; }
    internal Counter InvalidUtf8 { get; }
    internal Counter DeadSockets { get; }
    internal Counter Reconnects { get; }

    /// <summary>True while signed in with the bot account (anonymous sessions cannot send).</summary>
    public bool CanSend => _current is { IsAnonymous: false };

    /// <summary>True when the bot's USERSTATE in <paramref name="channel"/> says moderator or broadcaster (higher send limit).</summary>
    public bool IsModeratorIn(string channel) => _moderatorIn.TryGetValue(channel, out var mod) && mod;

    /// <summary>Until when Twitch told us to stop sending (NOTICE msg_ratelimit).</summary>
    public DateTimeOffset SendPausedUntil => new(Interlocked.Read(ref _sendPausedUntilTicks), TimeSpan.Zero);

    /// <summary>Sends one raw line on the current connection; false when there is none.</summary>
    internal ValueTask<bool> SendLineAsync(string line, CancellationToken cancellationToken) =>
        _current is { } session ? session.SendLineAsync(line, cancellationToken) : ValueTask.FromResult(false);

    /// <summary>Runs until cancelled: connect, read, reconnect.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        ChatSession? next = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var session = next;
                next = null;
                if (session is null)
                {
                    _status.Report(SourceName, failures == 0 ? SourceState.Starting : SourceState.Reconnecting);
                    try
                    {
                        session = await OpenAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        failures++;
                        var refused = ex is TwitchLoginRefusedException;
                        _status.Report(SourceName, refused ? SourceState.Failed : SourceState.Reconnecting, refused ? "Twitch refused the sign-in" : ex.Message);
                        LogConnectFailed(failures, ex.GetType().Name, ex.Message);
                        // A refused token will not fix itself in a second: wait the longest backoff.
                        await BackoffAsync(refused ? int.MaxValue : failures, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                }

                failures = 0;
                _current = session;
                _status.Report(SourceName, SourceState.Connected, string.Join(",", session.Channels),
                    new Dictionary<string, object>(StringComparer.Ordinal) { ["anonymous"] = session.IsAnonymous, ["nick"] = session.Nick });
                LogConnected(session.Nick, session.Channels.Count, session.IsAnonymous);

                await Task.WhenAny(session.Ended, session.ReconnectRequested).ConfigureAwait(false);
                if (cancellationToken.IsCancellationRequested)
                {
                    await session.DisposeAsync().ConfigureAwait(false);
                    break;
                }

                Reconnects.Increment();
                if (!session.Ended.IsCompleted)
                {
                    // Twitch asked us to move: the old socket keeps reading until the new one has joined, so nothing
                    // said in between is lost; what both sockets deliver is dropped by id.
                    next = await HandOverAsync(cancellationToken).ConfigureAwait(false);
                }
                if (ReferenceEquals(_current, session)) _current = next;
                await session.DisposeAsync().ConfigureAwait(false);
                if (next is null)
                {
                    _status.Report(SourceName, SourceState.Reconnecting, "connection lost");
                    await BackoffAsync(++failures, cancellationToken).ConfigureAwait(false);
                }
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

    private async Task<ChatSession> OpenAsync(CancellationToken cancellationToken)
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
            session = new ChatSession(socket, this, nick, anonymous, channels, _options, _time, _logger);
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
                var signIn = _refusedToken is { } refused
                    ? await _credentials.RefreshAfterRejectionAsync(refused, cancellationToken).ConfigureAwait(false)
                    : await _credentials.GetAsync(cancellationToken).ConfigureAwait(false);
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

    private Task BackoffAsync(int failures, CancellationToken cancellationToken)
    {
        var min = _options.ReconnectDelayMin.TotalMilliseconds;
        var max = _options.ReconnectDelayMax.TotalMilliseconds;
        var exponent = Math.Min(failures - 1, 20);
        var ceiling = Math.Min(max, min * Math.Pow(2, exponent));
        // Full jitter between half and all of the ceiling, so many bots dropped at once do not return at once.
        var delay = TimeSpan.FromMilliseconds(ceiling * (0.5 + Random.Shared.NextDouble() * 0.5));
        LogBackoff(delay.TotalSeconds, failures);
        return Task.Delay(delay, _time, cancellationToken);
    }

    /// <summary>
    /// Publishes one socket read's events in order (their chat scored on two threads when there are many), less those
    /// the other socket of a RECONNECT handover already delivered.
    /// </summary>
    internal ValueTask PublishAllAsync(List<StreamEvent> events, CancellationToken cancellationToken)
    {
        int duplicates;
        lock (_recentLock) duplicates = events.RemoveAll(e => !_recent.Add(e.Key));
        _overlapDuplicates.Add(duplicates);
        return _ingress.PublishAllAsync(events, cancellationToken);
    }

    internal void OnUserState(in IrcMessage message)
    {
        if (!message.TryGetParam(0, out var channelParam)) return;
        var channel = new string(TwitchChatMapper.ChannelLogin(channelParam));
        var mod = false;
        if (message.TryGetTag("mod", out var modTag) && modTag is "1") mod = true;
        if (message.TryGetTag("badges", out var badges)
            && (badges.StartsWith("broadcaster/", StringComparison.Ordinal) || badges.Contains(",broadcaster/", StringComparison.Ordinal)
                || badges.StartsWith("moderator/", StringComparison.Ordinal) || badges.Contains(",moderator/", StringComparison.Ordinal)))
            mod = true;
        _moderatorIn[channel] = mod;
    }

    internal void OnNotice(in IrcMessage message)
    {
        if (!message.TryGetTag("msg-id", out var kind)) return;
        switch (kind)
        {
            case "msg_ratelimit":
                // Twitch drops what we send while we are over the limit: stop for a whole window.
                Interlocked.Exchange(ref _sendPausedUntilTicks, (_time.GetUtcNow() + ChatSendWindow.Window).UtcTicks);
                _rateLimited.Increment();
                LogSendRefused(new string(kind));
                break;
            case "msg_duplicate" or "msg_banned" or "msg_timedout" or "msg_suspended" or "msg_channel_suspended" or "msg_followersonly"
                or "msg_subsonly" or "msg_emoteonly" or "msg_slowmode" or "msg_r9k" or "msg_verified_email" or "msg_requires_verified_phone_number":
                _rejected.Increment();
                LogSendRefused(new string(kind));
                break;
        }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twitch refused a chat message: {NoticeKind}")]
    private partial void LogSendRefused(string noticeKind);
}
