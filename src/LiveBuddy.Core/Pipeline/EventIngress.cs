using System.Buffers;
using System.Threading.Channels;
using LiveBuddy.Core.Events;

namespace LiveBuddy.Core.Pipeline;

/// <summary>
/// The front door of the pipeline: every source writes here. A bounded channel with one reader keeps
/// events in order; when it is full, writers wait (the socket backs up, not memory) and the wait is counted.
/// Chat is scored here, on the source's own thread, when a scorer is given: scoring is most of the work per
/// line and needs no order, so the sources share it out over the cores and the one ordered reader stays free.
/// </summary>
public sealed class EventIngress
{
    // Big enough for a burst while the pipeline catches up, small enough that a flood backs up into the socket: every
    // line held here survives the garbage collector's young collections and is copied by them (20,000 held ~13 MB).
    public const int DefaultCapacity = 5_000;

    /// <summary>A line takes a few microseconds to score: fewer than this are not worth handing to a second thread.</summary>
    internal const int ScoreOnTwoThreadsFrom = 32;

    private readonly Channel<PipelineInput> _channel;
    private readonly Counter _published;
    private readonly Counter _waited;
    private readonly Counter _dropped;
    private readonly IChatScorer? _scorer;

    public EventIngress(Counters counters, int capacity = DefaultCapacity, IChatScorer? scorer = null)
    {
        _scorer = scorer;
        _channel = Channel.CreateBounded<PipelineInput>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _published = counters.Get("pipeline.published");
        _waited = counters.Get("pipeline.backpressure_waits");
        _dropped = counters.Get("pipeline.dropped_after_close");
    }

    internal ChannelReader<PipelineInput> Reader => _channel.Reader;

    public int Backlog => _channel.Reader.Count;

    /// <summary>Publishes an event, waiting for room when the pipeline is behind.</summary>
    public ValueTask PublishAsync(PipelineInput input, CancellationToken cancellationToken = default)
    {
        if (_scorer is not null && input is ChatMessage { Score: null } chat && TryScore(chat) is { } score) input = chat with { Score = score };
        return WriteAsync(input, cancellationToken);
    }

    private ValueTask WriteAsync(PipelineInput input, CancellationToken cancellationToken)
    {
        if (_channel.Writer.TryWrite(input))
        {
            _published.Increment();
            return ValueTask.CompletedTask;
        }
        return PublishSlowAsync(input, cancellationToken);
    }

    /// <summary>
    /// Publishes a source's events in order, as <see cref="PublishAsync"/> would one by one, scoring their chat lines
    /// first (in <paramref name="events"/>, replacing each line by its scored copy). Many lines at once (a socket read
    /// in a flood) are scored on two threads: scoring is most of the work per line, and one source's one reading
    /// thread was what paced a flood of its chat.
    /// </summary>
    public async ValueTask PublishAllAsync(List<StreamEvent> events, CancellationToken cancellationToken = default)
    {
        if (_scorer is not null && events.Count > 0)
        {
            var scores = ArrayPool<MessageScore?>.Shared.Rent(events.Count);
            try
            {
                if (events.Count >= ScoreOnTwoThreadsFrom)
                {
                    var half = events.Count / 2;
                    var other = Task.Run(() => ScoreInto(events, scores, half, events.Count), CancellationToken.None);
                    ScoreInto(events, scores, 0, half);
                    await other.ConfigureAwait(false);
                }
                else ScoreInto(events, scores, 0, events.Count);
                for (var i = 0; i < events.Count; i++)
                    if (scores[i] is { } score) events[i] = ((ChatMessage)events[i]) with { Score = score };
            }
            finally
            {
                ArrayPool<MessageScore?>.Shared.Return(scores, clearArray: true);
            }
        }
        // Scored above (a line that failed is not tried again here): straight into the channel.
        foreach (var e in events) await WriteAsync(e, cancellationToken).ConfigureAwait(false);
    }

    // Reads the shared list and writes only its own part of the array: the two threads never write the same place.
    private void ScoreInto(List<StreamEvent> events, MessageScore?[] scores, int from, int to)
    {
        for (var i = from; i < to; i++)
            scores[i] = events[i] is ChatMessage { Score: null } chat ? TryScore(chat) : null;
    }

    /// <summary>The line's score, or null when the scorer failed: the pipeline scores it again and logs the failure with the stage's name.</summary>
    private MessageScore? TryScore(ChatMessage chat)
    {
        try
        {
            return _scorer!.Score(chat);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null;
        }
    }

    private async ValueTask PublishSlowAsync(PipelineInput input, CancellationToken cancellationToken)
    {
        _waited.Increment();
        try
        {
            await _channel.Writer.WriteAsync(input, cancellationToken).ConfigureAwait(false);
            _published.Increment();
        }
        catch (ChannelClosedException)
        {
            _dropped.Increment();
        }
    }

    /// <summary>Sends a control request (poll, Q&amp;A, alert replay…) through the ordered pipeline and waits for its answer.</summary>
    public async Task<object?> RequestAsync(ControlRequest request, CancellationToken cancellationToken = default)
    {
        await PublishAsync(request, cancellationToken).ConfigureAwait(false);
        return await request.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>No more input: the pipeline drains what is queued, then stops.</summary>
    public void Complete() => _channel.Writer.TryComplete();
}
