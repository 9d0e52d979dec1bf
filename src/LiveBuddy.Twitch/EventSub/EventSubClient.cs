using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.HypeTrain;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sources;
using LiveBuddy.Twitch.Auth;
using LiveBuddy.Twitch.Helix;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using LiveBuddy.Twitch.Chat;
using Polly;
using Polly.Retry;

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
    /// <summary>The status line the control page shows for Shared Chat ("sharing chat with …").</summary>
    public const string SharedChatStatus = "twitch-shared-chat";
    private static readonly TimeSpan DefaultKeepalive = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan KeepaliveMargin = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ChannelLookupTimeout = TimeSpan.FromSeconds(5);

    private readonly HelixClient _helix;
    private readonly TwitchCredentials _credentials;
    private readonly EventIngress _ingress;
    private readonly SourceStatusBoard _board;
    private readonly Counters _counters;
    private readonly TwitchOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly EventSubMapper _mapper;
    private readonly TwitchChatIntake? _chat;
    private readonly ResiliencePipeline _reconnect;
    private readonly ResiliencePipeline _resubscribe;
    private readonly Counter _chatLines;
    private TwitchSignIn? _signIn;
    private string? _sessionId;
    private IReadOnlyList<HelixUser> _channels = [];
    private readonly RecentEventIds _seen = new(10_000);
    private readonly Counter _received;
    private readonly Counter _duplicates;
    private readonly Counter _malformed;
    private readonly Counter _unknownMessages;
    private readonly Counter _revocations;
    private readonly Counter _reconnects;
    private readonly Counter _subscribed;
    private readonly Counter _subscriptionFailures;
    private readonly Counter _foldedClears;
    private readonly EventSubModeration _moderation = new();
    private bool _moderationWanted;

    public EventSubClient(HelixClient helix, TwitchCredentials credentials, EventIngress ingress, SourceStatusBoard board,
        Counters counters, IOptions<TwitchOptions> options, TimeProvider time, ILogger<EventSubClient> logger, TwitchChatIntake? chat = null,
        ChannelPoints.ManagedRewards? rewards = null)
    {
        _chat = chat;
        _helix = helix;
        _credentials = credentials;
        _ingress = ingress;
        _board = board;
        _counters = counters;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _mapper = new EventSubMapper(counters, rewards);
        _received = counters.Get("twitch.eventsub.notifications");
        _duplicates = counters.Get("twitch.eventsub.duplicates");
        _malformed = counters.Get("twitch.eventsub.malformed");
        _unknownMessages = counters.Get("twitch.eventsub.unknown_message_type");
        _revocations = counters.Get("twitch.eventsub.revocations");
        _reconnects = counters.Get("twitch.eventsub.reconnects");
        _subscribed = counters.Get("twitch.eventsub.subscriptions_created");
        _subscriptionFailures = counters.Get("twitch.eventsub.subscription_failures");
        _chatLines = counters.Get("twitch.eventsub.chat_events");
        _foldedClears = counters.Get("twitch.eventsub.folded_clears");
        _reconnect = ReconnectPipeline();
        _resubscribe = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<HelixException>(ex => (int)ex.Status >= 500 || ex.Status == System.Net.HttpStatusCode.TooManyRequests).Handle<HttpRequestException>(),
                MaxRetryAttempts = 3,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(2),
            })
            .Build();
    }

    /// <summary>
    /// Reconnecting retries forever: the first retry within about a second (a dropped connection is usually fine
    /// again at once), then exponential with jitter up to a minute so many bots do not return in step.
    /// </summary>
    private ResiliencePipeline ReconnectPipeline() =>
        new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex
                    && !(ex is OperationCanceledException && args.Context.CancellationToken.IsCancellationRequested)),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(1),
                MaxDelay = TimeSpan.FromSeconds(60),
                OnRetry = args =>
                {
                    _reconnects.Increment();
                    LogSessionLost(args.Outcome.Exception!, args.Outcome.Exception!.Message);
                    _board.Report(StatusName, SourceState.Reconnecting, $"reconnecting in {args.RetryDelay.TotalSeconds:F1} s");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled || !_credentials.CanSignIn)
        {
            _board.Report(StatusName, SourceState.Disabled, "needs Twitch:Channels and Twitch:ClientId");
            return;
        }
        try
        {
            // Signing in, out or as someone else restarts the session, so the subscriptions (chat ones included) follow at once.
            while (!stoppingToken.IsCancellationRequested)
            {
                if (!_credentials.HasToken)
                    _board.Report(StatusName, SourceState.Disabled, "waiting for the bot account to sign in (control page or login twitch)");
                await _credentials.WaitForSignInAsync(stoppingToken).ConfigureAwait(false);
                var changed = _credentials.Changed;
                using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var running = RunAsync(run.Token);
                await Task.WhenAny(running, changed).ConfigureAwait(false);
                await run.CancelAsync().ConfigureAwait(false);
                try
                {
                    await running.ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (run.IsCancellationRequested)
                {
                    // Sign-in changed or stopping.
                }
                if (_credentials.Current is null && !stoppingToken.IsCancellationRequested)
                    _board.Report(StatusName, SourceState.Disabled, "signed out; EventSub stopped until the bot signs in again");
            }
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
        var first = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            _board.Report(StatusName, first ? SourceState.Starting : SourceState.Reconnecting, "connecting");
            first = false;
            try
            {
                // A session that never got its welcome is a failure and backs off; one that was welcomed and later lost
                // starts over at once.
                await _reconnect.ExecuteAsync(async ct =>
                {
                    if (!await RunSessionAsync(new Uri(_options.EventSubUrl), ct).ConfigureAwait(false))
                        throw new WebSocketException("EventSub closed before its welcome");
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            _reconnects.Increment();
        }
    }

    /// <summary>One session from connect to loss; true when it was welcomed (and so worked for a while).</summary>
    private async Task<bool> RunSessionAsync(Uri url, CancellationToken cancellationToken)
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
                    return welcomed;
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
                            return welcomed;
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
                        var revoked = frame.Payload?.Subscription;
                        LogRevoked(revoked?.Type ?? "?", revoked?.Status ?? "?");
                        _board.Report(StatusName, SourceState.Connected, $"revoked: {revoked?.Type} ({revoked?.Status}); recovering");
                        // Counted after the board says so: whoever sees the count also finds the revocation on the board.
                        _revocations.Increment();
                        await RecoverAsync(revoked, cancellationToken).ConfigureAwait(false);
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
        if (_chat is not null && EventSubChatMapper.Types.Contains(type))
        {
            if (_moderation.Folds(type, payload.Event))
            {
                _foldedClears.Increment(); // channel.moderate reports this ban or timeout, with its length
                return;
            }
            var events = new List<StreamEvent>(2);
            if (!EventSubChatMapper.TryMap(type, metadata.MessageTimestamp ?? now, now, payload.Event, events))
            {
                _malformed.Increment();
                return;
            }
            _chatLines.Increment();
            await _chat.PublishAllAsync(events, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (type.StartsWith("channel.shared_chat.", StringComparison.Ordinal))
        {
            await SharedChatAsync(metadata.MessageId!, type, metadata.MessageTimestamp ?? now, now, payload.Event, cancellationToken).ConfigureAwait(false);
            return;
        }
        var mapped = _mapper.Map(metadata.MessageId!, type, metadata.MessageTimestamp ?? now, now, payload.Event);
        if (mapped is StreamOnline online)
            mapped = await WithChannelInformationAsync(online, cancellationToken).ConfigureAwait(false);
        if (mapped is UserCleared or MessageDeleted && _chat is not null)
            await _chat.PublishAsync(mapped, cancellationToken).ConfigureAwait(false); // chat's one door: IRC's CLEARCHAT/CLEARMSG fold with it
        else if (mapped is not null)
            await _ingress.PublishAsync(mapped, cancellationToken).ConfigureAwait(false);
        if (mapped is HypeTrainUpdate train && EventSubMapper.HypeTrainAlert(train) is { } alert)
            await _ingress.PublishAsync(alert, cancellationToken).ConfigureAwait(false);
    }

    // stream.online carries neither title nor category; the "live now" post (Discord) wants both, so ask Helix once.
    // A failed or slow lookup costs only the category: the event still goes out.
    private async Task<StreamOnline> WithChannelInformationAsync(StreamOnline online, CancellationToken cancellationToken)
    {
        var channel = _channels.FirstOrDefault(c => string.Equals(c.Login, online.Channel, StringComparison.OrdinalIgnoreCase));
        if (channel is null) return online;
        using var timeout = new CancellationTokenSource(ChannelLookupTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            if (await _helix.GetChannelAsync(channel.Id, linked.Token).ConfigureAwait(false) is not { } info) return online;
            return online with
            {
                Title = string.IsNullOrEmpty(info.Title) ? online.Title : info.Title,
                Category = string.IsNullOrEmpty(info.GameName) ? online.Category : info.GameName,
            };
        }
        catch (Exception ex) when (ex is HelixException or HttpRequestException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogChannelInformationFailed(ex.Message);
            return online;
        }
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
        var chatOverEventSub = _chat is not null && ChatTransportChoice.Resolve(_options.ChatTransport, signIn) == ChatTransport.EventSub;
        var missingModerationScopes = EventSubModeration.MissingScopes(signIn);
        _signIn = signIn;
        _sessionId = sessionId;
        _channels = channels;
        _moderation.Reset();
        _moderationWanted = chatOverEventSub && missingModerationScopes.Count == 0;
        var requests = channels.SelectMany(c => EventSubSubscriptions.For(c.Id, signIn.UserId, sessionId, chatOverEventSub, _moderationWanted)).ToList();
        var created = 0;
        string? firstFailure = null;
        var moderationRefused = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        // Twitch drops a session that has no subscription within 10 s of the welcome, so they go out in parallel.
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (request, ct) =>
            {
                try
                {
                    await _helix.CreateEventSubSubscriptionAsync(request, ct).ConfigureAwait(false);
                    Interlocked.Increment(ref created);
                    _subscribed.Increment();
                    if (request.Type == "channel.moderate") _moderation.Subscribed(request.Condition["broadcaster_user_id"]);
                }
                catch (Exception ex) when (ex is HelixException or HttpRequestException)
                {
                    _subscriptionFailures.Increment();
                    if (request.Type == "channel.moderate") moderationRefused[request.Condition["broadcaster_user_id"]] = ex.Message;
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
        ReportTimeouts(chatOverEventSub, missingModerationScopes, moderationRefused);
    }

    /// <summary>Says on the status board whether a timeout over EventSub chat keeps its length (see <see cref="EventSubModeration"/>).</summary>
    private void ReportTimeouts(bool chatOverEventSub, IReadOnlyList<string> missingScopes, IReadOnlyDictionary<string, string> refused)
    {
        string Login(string id) => _channels.FirstOrDefault(c => c.Id == id)?.Login ?? id;
        if (!chatOverEventSub)
            _board.Report(EventSubModeration.StatusName, SourceState.Disabled, "chat is read over IRC, which tells a timeout (with its length) from a ban");
        else if (missingScopes.Count > 0)
        {
            LogTimeoutsAsBans(string.Join(", ", missingScopes));
            _board.Report(EventSubModeration.StatusName, SourceState.Disabled,
                $"timeouts read as bans over EventSub chat: the Twitch sign-in lacks {string.Join(", ", missingScopes)} (for channel.moderate); sign in again from the control page");
        }
        else if (refused.Count > 0)
            _board.Report(EventSubModeration.StatusName, SourceState.Disabled,
                "timeouts read as bans in " + string.Join(", ", refused.Select(r => $"#{Login(r.Key)} (Twitch refused channel.moderate: {r.Value})"))
                + "; the signed-in account must be the broadcaster or one of their moderators");
        else
            _board.Report(EventSubModeration.StatusName, SourceState.Connected,
                "timeouts keep their length (channel.moderate) in " + string.Join(", ", _channels.Select(c => "#" + c.Login)));
    }

    /// <summary>
    /// A subscription Twitch revoked comes back on its own where it can: a revoked token is checked first (signing out
    /// falls back to anonymous reading), then the same subscription is created again on this session, with a few
    /// retries. One that cannot come back (the bot lost its moderator role, the version is gone) is said on the status.
    /// </summary>
    private async Task RecoverAsync(EventSubSubscriptionInfo? revoked, CancellationToken cancellationToken)
    {
        if (revoked?.Type is not { } type || _signIn is not { } signIn || _sessionId is not { } sessionId) return;
        if (revoked.Status is "authorization_revoked" or "user_removed"
            && !await _credentials.ValidateAsync(cancellationToken).ConfigureAwait(false))
            return; // signed out: the sign-in change restarts this client and chat falls back to anonymous IRC
        var chatOverEventSub = _chat is not null && ChatTransportChoice.Resolve(_options.ChatTransport, signIn) == ChatTransport.EventSub;
        // A revoked channel.moderate (the account lost its moderator role) lets clears read as before until it is back.
        if (type == "channel.moderate") _moderation.Reset();
        var again = _channels.SelectMany(c => EventSubSubscriptions.For(c.Id, signIn.UserId, sessionId, chatOverEventSub, _moderationWanted))
            .Where(r => string.Equals(r.Type, type, StringComparison.Ordinal)
                && (revoked.Version is null || string.Equals(r.Version, revoked.Version, StringComparison.Ordinal)))
            .ToList();
        foreach (var request in again)
        {
            try
            {
                await _resubscribe.ExecuteAsync(async ct => await _helix.CreateEventSubSubscriptionAsync(request, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                _subscribed.Increment();
                if (type == "channel.moderate") _moderation.Subscribed(request.Condition["broadcaster_user_id"]);
                LogResubscribed(type);
                _board.Report(StatusName, SourceState.Connected, $"{type} was revoked ({revoked.Status}) and is subscribed again");
            }
            catch (Exception ex) when (ex is HelixException or HttpRequestException)
            {
                _subscriptionFailures.Increment();
                LogSubscriptionFailed(type, request.Condition.GetValueOrDefault("broadcaster_user_id") ?? "", ex.Message);
                _board.Report(StatusName, SourceState.Connected, $"{type} revoked ({revoked.Status}) and could not be renewed: {ex.Message}");
                if (type == "channel.moderate")
                    _board.Report(EventSubModeration.StatusName, SourceState.Disabled, $"timeouts read as bans again: channel.moderate was revoked ({revoked.Status}) and Twitch refused it again: {ex.Message}");
            }
        }
    }

    /// <summary>Shared Chat began, changed or ended: said on the control page (source <c>twitch-shared-chat</c>) and kept as a notice.</summary>
    private async Task SharedChatAsync(string messageId, string type, DateTimeOffset sentAt, DateTimeOffset receivedAt, System.Text.Json.JsonElement body, CancellationToken cancellationToken)
    {
        SharedChatEvent? e;
        try
        {
            e = body.ValueKind == System.Text.Json.JsonValueKind.Object ? body.Deserialize(EventSubJsonContext.Default.SharedChatEvent) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            e = null;
        }
        if (e?.BroadcasterUserLogin is not { Length: > 0 } login)
        {
            _malformed.Increment();
            return;
        }
        var channel = login.ToLowerInvariant();
        var partners = (e.Participants ?? [])
            .Where(p => p is not null && !string.Equals(p.BroadcasterUserId, e.BroadcasterUserId, StringComparison.Ordinal))
            .Select(p => p.BroadcasterUserName ?? p.BroadcasterUserLogin ?? p.BroadcasterUserId ?? "?")
            .ToList();
        var ended = type.EndsWith(".end", StringComparison.Ordinal);
        var text = ended ? "Shared Chat ended" : $"sharing chat with {string.Join(", ", partners)}";
        _board.Report(SharedChatStatus, ended ? SourceState.Disabled : SourceState.Connected, ended ? "not sharing chat" : $"{channel}: {text}",
            new Dictionary<string, object>(StringComparer.Ordinal) { ["channel"] = channel, ["partners"] = partners, ["host"] = e.HostBroadcasterUserLogin ?? "" });
        LogSharedChat(channel, text);
        await _ingress.PublishAsync(new ChannelNotice
        {
            Platform = Platform.Twitch,
            Id = messageId,
            Channel = channel,
            SentAt = sentAt,
            ReceivedAt = receivedAt,
            Kind = type["channel.".Length..],
            Text = text,
        }, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Over EventSub chat a Twitch timeout reads as a ban: the sign-in lacks {Scopes} (channel.moderate); sign in again to allow them")]
    private partial void LogTimeoutsAsBans(string scopes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Twitch Shared Chat in {Channel}: {What}")]
    private partial void LogSharedChat(string channel, string what);

    [LoggerMessage(Level = LogLevel.Information, Message = "EventSub subscription {Type} created again after its revocation")]
    private partial void LogResubscribed(string type);

    [LoggerMessage(Level = LogLevel.Information, Message = "EventSub welcome; keepalive {KeepaliveSeconds} s")]
    private partial void LogWelcome(double keepaliveSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "EventSub subscriptions created: {Created} of {Requested}")]
    private partial void LogSubscribed(int created, int requested);

    [LoggerMessage(Level = LogLevel.Warning, Message = "EventSub subscription {Type} for broadcaster {BroadcasterId} failed: {TwitchMessage}")]
    private partial void LogSubscriptionFailed(string type, string broadcasterId, string twitchMessage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "EventSub could not look up the channels: {TwitchMessage}")]
    private partial void LogChannelLookupFailed(string twitchMessage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twitch said the stream is live, but its title and category could not be read: {TwitchMessage}")]
    private partial void LogChannelInformationFailed(string twitchMessage);

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
