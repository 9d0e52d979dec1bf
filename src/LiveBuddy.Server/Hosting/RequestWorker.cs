using System.Threading.Channels;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;

namespace LiveBuddy.Server.Hosting;

/// <summary>
/// A pipeline sink that carries out one kind of request (<typeparamref name="TRequest"/>, e.g. a shoutout or a redemption
/// to resolve) off the pipeline thread, one at a time in order. The pipeline only queues the request; when the bounded
/// queue is full the request is refused at once (<see cref="Refuse"/>), so a slow platform never holds chat.
/// </summary>
public abstract class RequestWorker<TRequest>(int capacity) : BackgroundService, IPipelineSink where TRequest : LiveUpdate
{
    private readonly Channel<TRequest> _queue = Channel.CreateBounded<TRequest>(new BoundedChannelOptions(capacity)
    {
        SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails when full, so the refusal is said
    });

    public void OnEvent(StreamEvent streamEvent, SessionInfo? session)
    {
    }

    public void OnUpdate(LiveUpdate update)
    {
        if (update is TRequest request && !_queue.Writer.TryWrite(request)) Refuse(request);
    }

    /// <summary>The queue was full: count it and answer the request (on the pipeline thread, so without waiting).</summary>
    protected abstract void Refuse(TRequest request);

    /// <summary>Carries out one request; an exception it lets through stops the worker, so each request handles its own failures.</summary>
    protected abstract Task HandleAsync(TRequest request, CancellationToken cancellationToken);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => WorkAsync(stoppingToken);

    /// <summary>Takes the queued requests in order until stopping.</summary>
    protected async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var request in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
                await HandleAsync(request, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
