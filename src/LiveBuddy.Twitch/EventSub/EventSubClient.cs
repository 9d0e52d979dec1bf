using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sources;
using LiveBuddy.Twitch.Auth;
using LiveBuddy.Twitch.Helix;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Twitch.EventSub;

/// <summary>
/// Twitch platform events (subs, gifts, bits, raids, follows, redemptions, polls, predictions, hype trains,
/// online/offline) over the EventSub WebSocket. On each <c>session_welcome</c> of a fresh connection it creates
/// the subscriptions through Helix; a <c>session_reconnect</c> moves to the given URL without resubscribing and
/// keeps reading the old connection until the new one is welcomed; silence longer than the keepalive window
/// means a dead connection, so it reconnects (jittered backoff) and subscribes again. Notifications are
/// deduplicated by <c>message_id</c> and published to the pipeline. Status: source <c>twitch-eventsub</c>.
/// </summary>
internal sealed partial class EventSubClient : BackgroundService
{
    public const string StatusName = "twitch-eventsub";
    private static readonly TimeSpan DefaultKeepalive = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan KeepaliveMargin = TimeSpan.FromSeconds(5);

    private readonly HelixClient _helix;
    private readonly TwitchCredentials _credentials;
    private readonly EventIngress _ingress;
    private readonly SourceStatusBoard _board;
    private readonly Counters _counters;
    private readonly TwitchOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly EventSubMapper _mapper;
    private readonly RecentEventIds _seen = new(10_000);
    private readonly Counter _received;
    private readonly Counter _duplicates;
    private readonly Counter _malformed;
    private readonly Counter _unknownMessages;
    private readonly Counter _revocations;
    private readonly Counter _reconnects;
    private readonly Counter _subscribed;
    private readonly Counter _subscriptionFailures;

    public EventSubClient(HelixClient helix, TwitchCredentials credentials, EventIngress ingress, SourceStatusBoard board,
        Counters counters, IOptions<TwitchOptions> options, TimeProvider time, ILogger<EventSubClient> logger)
    {
        _helix = helix;
        _credentials = credentials;
        _ingress = ingress;
        _board = board;
        _counters = counters;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _mapper = new EventSubMapper(counters);
        _received = counters.Get("twitch.eventsub.notifications");
        _duplicates = counters.Get("twitch.eventsub.duplicates");
        _malformed = counters.Get("twitch.eventsub.malformed");
        _unknownMessages = counters.Get("twitch.eventsub.unknown_message_type");
        _revocations = counters.Get("twitch.eventsub.revocations");
        _reconnects = counters.Get("twitch.eventsub.reconnects");
        _subscribed = counters.Get("twitch.eventsub.subscriptions_created");
        _subscriptionFailures = counters.Get("twitch.eventsub.subscription_failures");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled || !_credentials.CanSignIn)
        {
            _board.Report(StatusName, SourceState.Disabled, "needs Twitch:Channels and Twitch:ClientId");
            return;
        }
        if (!_credentials.HasToken)
            _board.Report(StatusName, SourceState.Disabled, "waiting for the bot account to sign in (login twitch)");
        try
        {
            await _credentials.WaitForSignInAsync(stoppingToken).ConfigureAwait(false);
            await RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
        _board.Report(StatusName, SourceState.Stopped);
    }

    /// <summary>Connects, and reconnects after every loss, until cancelled.</summary>
    internal async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var welcomed = false;
            try
            {
                _board.Report(StatusName, failures == 0 ? SourceState.Starting : SourceState.Reconnecting, "connecting");
                await RunSessionAsync(new Uri(_options.EventSubUrl), cancellationToken, () => welcomed = true).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // One lost session never ends the service: log, back off, connect again.
                LogSessionLost(ex, ex.Message);
            }
            failures = welcomed ? 0 : failures + 1;
            _reconnects.Increment();
            var delay = Backoff(failures);
            _board.Report(StatusName, SourceState.Reconnecting, $"reconnecting in {delay.TotalSeconds:F1} s");
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>First retry within a second (a dropped connection is usually fine again at once), then exponential up to a minute, with jitter so many bots do not return in step.</summary>
    internal static TimeSpan Backoff(int failures)
    {
        var ceiling = failures <= 0 ? 1.0 : Math.Min(60.0, Math.Pow(2, failures));
        return TimeSpan.FromSeconds(ceiling * (0.5 + (Random.Shared.NextDouble() * 0.5)));
    }

    private async Task RunSessionAsync(Uri url, CancellationToken cancellationToken, Action onWelcome)
    {
        var inbox = Channel.CreateUnbounded<Inbound>(new UnboundedChannelOptions { SingleReader = true });
        var closing = new List<Task>();
        EventSubSocket? pending = null;
        var active = await EventSubSocket.ConnectAsync(url, inbox.Writer, _time, _counters, cancellationToken).ConfigureAwait(false);
        var keepalive = DefaultKeepalive;
        var welcomed = false;
        try
        {
            while (true)
            {
                var wait = active.LastReceived + keepalive + KeepaliveMargin - _time.GetUtcNow();
                if (wait <= TimeSpan.Zero)
                {
                    LogKeepaliveLost(keepalive.TotalSeconds);
                    return;
                }
                Inbound item;
                using (var timeout = new CancellationTokenSource(wait, _time))
                using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
                {
                    try
                    {
                        item = await inbox.Reader.ReadAsync(linked.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        continue; // the loop head re-checks the keepalive deadline
                    }
                }

                if (item.Text is null)
                {
                    if (item.Socket == pending)
                    {
                        LogReconnectFailed(pending.Url.Host);
                        pending = null;
                        continue; // stay on the old connection; if it closes too, we start fresh
                    }
                    if (item.Socket == active)
                    {
                        if (pending is null)
                        {
                            LogClosed();
                            return;
                        }
                        // Twitch closed the old connection before the new welcome arrived: the new one takes over.
                        active = pending;
                        pending = null;
                    }
                    continue;
                }

                EventSubFrame? frame;
                try
                {
                    frame = JsonSerializer.Deserialize(item.Text, EventSubJsonContext.Default.EventSubFrame);
                }
                catch (JsonException)
                {
                    frame = null;
                }
                if (frame?.Metadata is not { MessageId.Length: > 0, MessageType.Length: > 0 } metadata)
                {
                    _malformed.Increment();
                    continue;
                }

                switch (metadata.MessageType)
                {
                    case "session_welcome":
                        var session = frame.Payload?.Session;
                        if (session?.Id is not { Length: > 0 } sessionId)
                        {
                            _malformed.Increment();
                            continue;
                        }
                        keepalive = session.KeepaliveTimeoutSeconds is > 0 and var s ? TimeSpan.FromSeconds(s) : DefaultKeepalive;
                        if (item.Socket == pending)
                        {
                            // Subscriptions moved with the session: switch sockets, no resubscribe.
                            closing.Add(active.CloseAsync());
                            active = pending;
                            pending = null;
                            LogReconnected(active.Url.Host);
                            _board.Report(StatusName, SourceState.Connected, "session moved (reconnect)");
                        }
                        else if (item.Socket == active && !welcomed)
                        {
                            welcomed = true;
                            onWelcome();
                            LogWelcome(keepalive.TotalSeconds);
                            await SubscribeAsync(sessionId, cancellationToken).ConfigureAwait(false);
                        }
                        break;

                    case "session_keepalive":
                        break;

                    case "notification":
                        await HandleNotificationAsync(metadata, frame.Payload, cancellationToken).ConfigureAwait(false);
                        break;

                    case "session_reconnect":
                        if (frame.Payload?.Session?.ReconnectUrl is not { } reconnect
                            || !Uri.TryCreate(reconnect, UriKind.Absolute, out var reconnectUri))
                        {
                            _malformed.Increment();
                            continue;
                        }
                        LogReconnectRequested(reconnectUri.Host);
                        if (pending is not null) closing.Add(pending.CloseAsync());
                        try
                        {
                            pending = await EventSubSocket.ConnectAsync(reconnectUri, inbox.Writer, _time, _counters, cancellationToken).ConfigureAwait(false);
                        }
                        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or HttpRequestException && !cancellationToken.IsCancellationRequested)
                        {
                            pending = null;
                            LogReconnectFailed(reconnectUri.Host);
                        }
                        break;

                    case "revocation":
                        _revocations.Increment();
                        var revoked = frame.Payload?.Subscription;
                        LogRevoked(revoked?.Type ?? "?", revoked?.Status ?? "?");
                        _board.Report(StatusName, SourceState.Connected, $"revoked: {revoked?.Type} ({revoked?.Status})");
                        break;

                    default:
                        _unknownMessages.Increment();
                        break;
                }
            }
        }
        finally
        {
            if (pending is not null) await pending.DisposeAsync().ConfigureAwait(false);
            await active.DisposeAsync().ConfigureAwait(false);
            await Task.WhenAll(closing).ConfigureAwait(false);
        }
    }

    private async Task HandleNotificationAsync(EventSubMetadata metadata, EventSubPayload? payload, CancellationToken cancellationToken)
    {
        var type = metadata.SubscriptionType ?? payload?.Subscription?.Type;
        if (type is null || payload is null)
        {
            _malformed.Increment();
            return;
        }
        // Twitch may deliver a notification more than once (and again after a reconnect).
        if (!_seen.Add(new EventKey(Platform.Twitch, metadata.MessageId!)))
        {
            _duplicates.Increment();
            return;
        }
        _received.Increment();
        var now = _time.GetUtcNow();
        var mapped = _mapper.Map(metadata.MessageId!, type, metadata.MessageTimestamp ?? now, now, payload.Event);
        if (mapped is not null)
            await _ingress.PublishAsync(mapped, cancellationToken).ConfigureAwait(false);
    }

    private async Task SubscribeAsync(string sessionId, CancellationToken cancellationToken)
    {
        var signIn = await _credentials.GetAsync(cancellationToken).ConfigureAwait(false);
        if (signIn is null)
        {
            _board.Report(StatusName, SourceState.Failed, "signed out; no subscriptions");
            return;
        }
        IReadOnlyList<HelixUser> channels;
        try
        {
            channels = await _helix.GetUsersAsync(_options.Channels, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HelixException or HttpRequestException)
        {
            LogChannelLookupFailed(ex.Message);
            _board.Report(StatusName, SourceState.Failed, $"channel lookup failed: {ex.Message}");
            return;
        }
        var requests = channels.SelectMany(c => EventSubSubscriptions.For(c.Id, signIn.UserId, sessionId)).ToList();
        var created = 0;
        string? firstFailure = null;
        // Twitch drops a session that has no subscription within 10 s of the welcome, so they go out in parallel.
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (request, ct) =>
            {
                try
                {
                    await _helix.CreateEventSubSubscriptionAsync(request, ct).ConfigureAwait(false);
                    Interlocked.Increment(ref created);
                    _subscribed.Increment();
                }
                catch (Exception ex) when (ex is HelixException or HttpRequestException)
                {
                    _subscriptionFailures.Increment();
                    Interlocked.CompareExchange(ref firstFailure, $"{request.Type}: {ex.Message}", null);
                    LogSubscriptionFailed(request.Type, request.Condition.GetValueOrDefault("broadcaster_user_id") ?? request.Condition.GetValueOrDefault("to_broadcaster_user_id") ?? "", ex.Message);
                }
            }).ConfigureAwait(false);
        var missing = _options.Channels.Count - channels.Count;
        var detail = $"subscribed {created}/{requests.Count}"
            + (missing > 0 ? $"; {missing} channel(s) not found" : "")
            + (firstFailure is null ? "" : $"; first failure {firstFailure}");
        _board.Report(StatusName, created > 0 ? SourceState.Connected : SourceState.Failed, detail);
        LogSubscribed(created, requests.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "EventSub welcome; keepalive {KeepaliveSeconds} s")]
    private partial void LogWelcome(double keepaliveSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "EventSub subscriptions created: {Created} of {Requested}")]
    private partial void LogSubscribed(int created, int requested);

    [LoggerMessage(Level = LogLevel.Warning, Message = "EventSub subscription {Type} for broadcaster {BroadcasterId} failed: {TwitchMessage}")]
    private partial void LogSubscriptionFailed(string type, string broadcasterId, string twitchMessage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "EventSub could not look up the channels: {TwitchMessage}")]
    private partial void LogChannelLookupFailed(string twitchMessage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "EventSub silent for longer than the keepalive ({KeepaliveSeconds} s + margin); reconnecting")]
    private partial void LogKeepaliveLost(double keepaliveSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "EventSub asked to reconnect to {Host}")]
    private partial void LogReconnectRequested(string host);

    [LoggerMessage(Level = LogLevel.Information, Message = "EventSub session moved to {Host}")]
    private partial void LogReconnected(string host);

    [LoggerMessage(Level = LogLevel.Warning, Message = "EventSub reconnect to {Host} failed; staying on the current connection")]
    private partial void LogReconnectFailed(string host);

    [LoggerMessage(Level = LogLevel.Warning, Message = "EventSub connection closed")]
    private partial void LogClosed();

    [LoggerMessage(Level = LogLevel.Warning, Message = "EventSub session lost: {Reason}")]
    private partial void LogSessionLost(Exception ex, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "EventSub subscription {Type} revoked by Twitch ({Status})")]
    private partial void LogRevoked(string type, string status);
}
