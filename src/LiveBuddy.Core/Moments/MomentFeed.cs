using System.Threading.Channels;
using LiveBuddy.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.Core.Moments;

/// <summary>
/// Where live moments go out to whoever acts on them (stream markers, clips, the OBS replay buffer, Discord, the
/// <c>moment</c> hub event). One singleton per host. <see cref="Publish"/> never blocks and never throws: each
/// subscriber has its own small queue and reader, so a slow or failing subscriber delays or breaks nobody else and
/// never the chat pipeline. Failures and drops are logged and counted (<c>moments.subscriber_errors</c>,
/// <c>moments.dropped</c>).
/// </summary>
public sealed partial class MomentFeed : IAsyncDisposable
{
    // Moments come a few an hour; a subscriber this far behind is stuck. Wait mode: TryWrite says false when full.
    private const int QueuePerSubscriber = 32;

    private readonly ILogger _logger;
    private readonly Counter _published;
    private readonly Counter _errors;
    private readonly Counter _dropped;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private Subscription[] _subscriptions = [];
    private bool _disposed;

    public MomentFeed(Counters counters, ILogger<MomentFeed> logger)
    {
        _logger = logger;
        _published = counters.Get("moments.published");
        _errors = counters.Get("moments.subscriber_errors");
        _dropped = counters.Get("moments.dropped");
    }

    /// <summary>
    /// Calls <paramref name="handler"/> for every moment published from now on, one at a time and in order.
    /// Dispose the result to stop. <paramref name="name"/> appears in logs when the handler fails.
    /// </summary>
    public IDisposable Subscribe(string name, Func<MomentDetected, CancellationToken, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(this, name, handler);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _subscriptions = [.. _subscriptions, subscription];
        }
        subscription.Start(_stopping.Token);
        return subscription;
    }

    /// <summary>Hands the moment to every subscriber's queue and returns at once.</summary>
    public void Publish(MomentDetected moment)
    {
        ArgumentNullException.ThrowIfNull(moment);
        _published.Increment();
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            if (!subscription.Queue.Writer.TryWrite(moment)) Dropped(subscription.Name, moment);
        }
    }

    /// <summary>Stops every subscriber, waiting for the moment each is handling (it sees a cancelled token).</summary>
    public async ValueTask DisposeAsync()
    {
        Subscription[] all;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            all = _subscriptions;
            _subscriptions = [];
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var subscription in all) subscription.Queue.Writer.TryComplete();
        foreach (var subscription in all) await subscription.Completion.ConfigureAwait(false);
        _stopping.Dispose();
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate) _subscriptions = [.. _subscriptions.Where(s => s != subscription)];
        subscription.Queue.Writer.TryComplete();
    }

    private void Dropped(string name, MomentDetected moment)
    {
        _dropped.Increment();
        LogDropped(name, moment.Id);
    }

    private void Failed(string name, MomentDetected moment, Exception exception)
    {
        _errors.Increment();
        LogSubscriberFailed(exception, name, moment.Id);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moment subscriber {Subscriber} failed on moment {MomentId}")]
    private partial void LogSubscriberFailed(Exception exception, string subscriber, string momentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moment subscriber {Subscriber} is too far behind; moment {MomentId} dropped for it")]
    private partial void LogDropped(string subscriber, string momentId);

    private sealed class Subscription(MomentFeed feed, string name, Func<MomentDetected, CancellationToken, ValueTask> handler) : IDisposable
    {
        public string Name { get; } = name;
        public Channel<MomentDetected> Queue { get; } = Channel.CreateBounded<MomentDetected>(
            new BoundedChannelOptions(QueuePerSubscriber) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        public Task Completion { get; private set; } = Task.CompletedTask;

        public void Start(CancellationToken stopping) => Completion = Task.Run(() => ReadAsync(stopping), CancellationToken.None);

        public void Dispose() => feed.Remove(this);

        private async Task ReadAsync(CancellationToken stopping)
        {
            try
            {
                await foreach (var moment in Queue.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
                {
                    try
                    {
                        await handler(moment, stopping).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                    {
                        return;
                    }
                    catch (Exception exception)
                    {
                        feed.Failed(Name, moment, exception);
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // The feed is shutting down.
            }
        }
    }
}
