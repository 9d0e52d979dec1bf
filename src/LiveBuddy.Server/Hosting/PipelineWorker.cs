using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Server.Hosting;

/// <summary>
/// Runs the pipeline's single reader and the once-a-second <see cref="Tick"/>. On stop it closes the
/// ingress and waits until everything queued has gone through, so the sinks get it all.
/// </summary>
public sealed class PipelineWorker(EventPipeline pipeline, EventIngress ingress, TimeProvider time) : BackgroundService
{
    private Task? _run;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The reader gets no stopping token: it ends when the ingress is completed and drained.
        _run = Task.Run(() => pipeline.RunAsync(CancellationToken.None), CancellationToken.None);
        return Task.WhenAll(_run, TickAsync(stoppingToken));
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

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        ingress.Complete();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }
}
