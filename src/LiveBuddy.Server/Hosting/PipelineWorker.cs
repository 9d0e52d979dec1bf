using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Server.Hosting;

/// <summary>
/// Runs the pipeline's single reader and the once-a-second <see cref="Tick"/>. On stop it closes the
/// ingress and waits until everything queued has gone through, so the sinks get it all.
/// </summary>
public sealed class PipelineWorker(EventPipeline pipeline, EventIngress ingress, TimeProvider time) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _run = Task.CompletedTask;
    private Task _tick = Task.CompletedTask;

    // Not a BackgroundService: the reader must run (and drain) even when stop comes before it started.
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The reader gets no stopping token: it ends when the ingress is completed and drained.
        _run = Task.Run(() => pipeline.RunAsync(CancellationToken.None), CancellationToken.None);
        _tick = Task.Run(() => TickAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task TickAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
                await ingress.PublishAsync(new Tick(), stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _tick.ConfigureAwait(false);
        ingress.Complete();
        await _run.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
