using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sources;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveBuddy.YouTube.Chat;

/// <summary>
/// The YouTube source: runs when an API key with video ids is configured or the creator has signed in, and starts
/// over whenever the connection changes (a sign-in on the control page takes effect at once, no restart).
/// Re-checks for a live stream on a <see cref="TimeProvider"/> schedule (rather than a Quartz job) because the
/// check shares the quota budget and back-off state with the chat reading and a fake clock can drive both.
/// </summary>
internal sealed partial class YouTubeChatReader(
    YouTubeConnection connection,
    Polls.YouTubePollMirror polls,
    IOptions<YouTubeOptions> options,
    QuotaBudget budget,
    EventIngress ingress,
    Counters counters,
    SourceStatusBoard board,
    TimeProvider time,
    ILogger<YouTubeChatReader> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = connection.Changed;
            using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, changed);
            try
            {
                await RunAsync(run.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (run.IsCancellationRequested)
            {
                // Stopping, or the connection changed: the loop decides which.
            }
            if (!stoppingToken.IsCancellationRequested && changed.IsCancellationRequested) LogStartingOver();
        }
        // Not configured stays "disabled" (with what to set) rather than "stopped".
        if (board.Get(YouTubeChatPoller.SourceName)?.State != SourceState.Disabled)
            board.Report(YouTubeChatPoller.SourceName, SourceState.Stopped);
    }

    /// <summary>Reads with the current connection until <paramref name="cancellationToken"/> (stop or a new sign-in).</summary>
    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var (mode, service) = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        if (service is null)
        {
            board.Report(YouTubeChatPoller.SourceName, SourceState.Disabled,
                "set YouTube:ApiKey and YouTube:VideoIds, or sign in (control page or `login youtube`)");
            await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken).ConfigureAwait(false);
            return;
        }
        board.Report(YouTubeChatPoller.SourceName, SourceState.Starting, mode == YouTubeMode.OAuth ? "signed in" : "API key");
        LogStarting(mode);
        await using var poller = new YouTubeChatPoller(service, mode, options.Value, budget, ingress, counters, board, time, logger,
            connection.StreamClient, polls);
        while (!cancellationToken.IsCancellationRequested)
        {
            DateTimeOffset next;
            try
            {
                next = await poller.StepAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // One bad step (a surprise from the network or the library) must not end the source.
                counters.Add("youtube.step_errors");
                LogStepFailed(ex);
                next = time.GetUtcNow() + TimeSpan.FromSeconds(30);
            }
            var wait = next - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                // Until the planned time, or sooner when a chat's stream ends and wants reopening.
                using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                await Task.WhenAny(Task.Delay(wait, time, waiting.Token), poller.WaitForWakeAsync(waiting.Token)).ConfigureAwait(false);
                await waiting.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "YouTube source starting in {Mode} mode")]
    private partial void LogStarting(YouTubeMode mode);

    [LoggerMessage(Level = LogLevel.Information, Message = "YouTube sign-in changed; the YouTube source starts over with it")]
    private partial void LogStartingOver();

    [LoggerMessage(Level = LogLevel.Error, Message = "YouTube reader step failed; trying again in 30 s")]
    private partial void LogStepFailed(Exception ex);
}
