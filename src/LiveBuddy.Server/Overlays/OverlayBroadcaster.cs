using System.Threading.Channels;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Server.Overlays;

/// <summary>The <c>Overlays</c> configuration section.</summary>
public sealed record OverlayOptions
{
    public const string Section = "Overlays";
    /// <summary>
    /// How often pushes go out; state pushes (poll, qa, mood) are coalesced to the latest within it. 16 ms keeps
    /// chat-to-overlay p99 under 25 ms while a flood still costs each browser at most ~60 flushes a second.
    /// </summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(16);
    /// <summary>Chat lines per flush at most; under a flood older lines are skipped (no overlay shows them all).</summary>
    public int MaxChatPerFlush { get; init; } = 50;
    /// <summary>Recent chat lines kept for the <c>state</c> snapshot.</summary>
    public int SnapshotChatLines { get; init; } = 50;
    public int QueueCapacity { get; init; } = 50_000;
}

/// <summary>
/// Takes chat and feature updates from the pipeline (never blocking it), and pushes them to overlays at
/// most every <see cref="OverlayOptions.FlushInterval"/>: chat in order, state pushes coalesced to the latest.
/// Keeps what a reconnecting overlay needs for its <c>state</c> snapshot.
/// </summary>
public sealed partial class OverlayBroadcaster : BackgroundService, IPipelineSink
{
    private readonly IHubContext<OverlayHub, IOverlayClient> _hub;
    private readonly OverlayOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<OverlayBroadcaster> _logger;
    private readonly Channel<Outgoing> _queue;
    private readonly Counter _dropped;
    private readonly Counter _coalesced;
    private readonly Counter _sent;
    private readonly Counter _failed;
    private readonly Lock _stateLock = new();
    private readonly Queue<ChatPayload> _recentChat = new();
    private readonly Dictionary<string, object?> _features = new(StringComparer.Ordinal);
    private string? _sessionId;

    public OverlayBroadcaster(IHubContext<OverlayHub, IOverlayClient> hub, IOptions<OverlayOptions> options, Counters counters,
        TimeProvider time, ILogger<OverlayBroadcaster> logger)
    {
        _hub = hub;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _queue = Channel.CreateBounded<Outgoing>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails when full, so the drop is counted
        });
        _dropped = counters.Get("overlay.dropped");
        _coalesced = counters.Get("overlay.coalesced");
        _sent = counters.Get("overlay.sent");
        _failed = counters.Get("overlay.send_failed");
    }

    /// <summary>Raised after each push is handed to SignalR (the load tool measures latency with it).</summary>
    public event Action<string, object>? Pushed;

    public void OnEvent(StreamEvent streamEvent, SessionInfo? session)
    {
        switch (streamEvent)
        {
            case ChatMessage chat:
                // The payload is built at flush time, and only for the lines shown: in a flood most are coalesced away.
                Enqueue(new Outgoing(OverlayMethods.Chat, chat, chat.Platform, Coalesce: false));
                break;
            case MessageDeleted deleted:
                Enqueue(new Outgoing(OverlayMethods.ChatDeleted, new ChatDeletedPayload(deleted.TargetMessageId, deleted.Platform, deleted.Channel), deleted.Platform, false));
                break;
            case UserCleared cleared:
                Enqueue(new Outgoing(OverlayMethods.UserCleared, new UserClearedPayload(cleared.Platform, cleared.Channel, cleared.Target.Id, cleared.Target.Name,
                    cleared.Duration is { } d ? (int)d.TotalSeconds : null), cleared.Platform, false));
                break;
            case ChatCleared clear:
                Enqueue(new Outgoing(OverlayMethods.UserCleared, new UserClearedPayload(clear.Platform, clear.Channel, null, null, null), clear.Platform, false));
                break;
        }
    }

    public void OnUpdate(LiveUpdate update)
    {
        switch (update)
        {
            case IOverlayPush push:
                // Alerts are events (each one shows); poll, qa and mood are state (only the latest matters).
                Enqueue(new Outgoing(push.Method, push.Payload, push.Platform, Coalesce: IsState(push.Method)));
                break;
            case SessionStarted started:
                lock (_stateLock) _sessionId = started.Session.Id;
                break;
            case SessionEnded:
                lock (_stateLock) _sessionId = null;
                break;
        }
    }

    /// <summary>What a (re)connecting overlay gets first.</summary>
    public StatePayload Snapshot(IReadOnlySet<Platform> platforms)
    {
        lock (_stateLock)
        {
            return new StatePayload(_sessionId,
                _recentChat.Where(c => platforms.Contains(c.Platform)).ToList(),
                new Dictionary<string, object?>(_features, StringComparer.Ordinal));
        }
    }

    /// <summary>Seeds a feature's part of the snapshot (e.g. the poll still open after a restart).</summary>
    public void SetFeatureState(string name, object? payload)
    {
        lock (_stateLock) _features[name] = payload;
    }

    private void Enqueue(Outgoing item)
    {
        if (!_queue.Writer.TryWrite(item)) _dropped.Increment();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _queue.Reader;
        var chat = new List<Outgoing>();
        var latest = new Dictionary<string, Outgoing>(StringComparer.Ordinal);
        var events = new List<Outgoing>();
        try
        {
            var lastFlush = _time.GetTimestamp();
            while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                // At most one flush per interval, counted from the last one: a line after a quiet spell goes out at once,
                // and a quiet chat costs no timer per line.
                var sinceFlush = _time.GetElapsedTime(lastFlush);
                if (sinceFlush < _options.FlushInterval)
                    await Task.Delay(_options.FlushInterval - sinceFlush, _time, stoppingToken).ConfigureAwait(false);
                while (reader.TryRead(out var item))
                {
                    if (item.Method == OverlayMethods.Chat) chat.Add(item);
                    else if (item.Coalesce)
                    {
                        if (latest.Remove(item.Method)) _coalesced.Increment();
                        latest[item.Method] = item;
                    }
                    else events.Add(item);
                }
                if (chat.Count > _options.MaxChatPerFlush)
                {
                    _coalesced.Add(chat.Count - _options.MaxChatPerFlush);
                    chat.RemoveRange(0, chat.Count - _options.MaxChatPerFlush);
                }
                foreach (var item in chat) await SendAsync(item, stoppingToken).ConfigureAwait(false);
                foreach (var item in events) await SendAsync(item, stoppingToken).ConfigureAwait(false);
                foreach (var item in latest.Values) await SendAsync(item, stoppingToken).ConfigureAwait(false);
                chat.Clear();
                events.Clear();
                latest.Clear();
                lastFlush = _time.GetTimestamp();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task SendAsync(Outgoing item, CancellationToken cancellationToken)
    {
        if (item.Payload is ChatMessage chat) item = item with { Payload = ChatPayload.From(chat) };
        Remember(item);
        try
        {
            var clients = item.Platform is { } p ? _hub.Clients.Group(OverlayHub.GroupFor(p)) : _hub.Clients.All;
            await clients.Send(item.Method, item.Payload, cancellationToken).ConfigureAwait(false);
            _sent.Increment();
            Pushed?.Invoke(item.Method, item.Payload);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _failed.Increment();
            LogSendFailed(ex, item.Method);
        }
    }

    private void Remember(Outgoing item)
    {
        lock (_stateLock)
        {
            switch (item.Method)
            {
                case OverlayMethods.Chat:
                    _recentChat.Enqueue((ChatPayload)item.Payload);
                    while (_recentChat.Count > _options.SnapshotChatLines) _recentChat.Dequeue();
                    break;
                case OverlayMethods.ChatDeleted:
                    var id = ((ChatDeletedPayload)item.Payload).Id;
                    RemoveChat(c => c.Id == id);
                    break;
                case OverlayMethods.UserCleared:
                    var cleared = (UserClearedPayload)item.Payload;
                    RemoveChat(c => c.Platform == cleared.Platform && (cleared.UserId is null || c.Author.Id == cleared.UserId));
                    break;
                default:
                    // The latest of each (poll, qa, mood, and the last alert) goes into the reconnect snapshot.
                    _features[item.Method] = item.Payload;
                    break;
            }
        }
    }

    private void RemoveChat(Func<ChatPayload, bool> match)
    {
        var keep = _recentChat.Where(c => !match(c)).ToList();
        _recentChat.Clear();
        foreach (var c in keep) _recentChat.Enqueue(c);
    }

    private static bool IsState(string method) => method is OverlayMethods.Poll or OverlayMethods.Qa or OverlayMethods.Mood or OverlayMethods.Goals;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Overlay push {Method} failed")]
    private partial void LogSendFailed(Exception ex, string method);

    private sealed record Outgoing(string Method, object Payload, Platform? Platform, bool Coalesce);
}
