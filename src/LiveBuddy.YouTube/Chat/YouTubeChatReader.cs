using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sources;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveBuddy.YouTube.Chat;

/// <summary>
/// The YouTube source: runs only when an API key with video ids is configured or the creator has signed in.
/// Re-checks for a live stream on a <see cref="TimeProvider"/> schedule (rather than a Quartz job) because the
/// check shares the quota budget and back-off state with the chat polls and a fake clock can drive both.
/// </summary>
internal sealed partial class YouTubeChatReader(
    YouTubeConnection connection,
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
        var (mode, service) = await connection.GetAsync(stoppingToken).ConfigureAwait(false);
        if (service is null)
        {
            board.Report(YouTubeChatPoller.SourceName, SourceState.Disabled,
                "set YouTube:ApiKey and YouTube:VideoIds, or run `login youtube`");
            return;
        }
        board.Report(YouTubeChatPoller.SourceName, SourceState.Starting, mode == YouTubeMode.OAuth ? "signed in" : "API key");
        LogStarting(mode);
        await using var poller = new YouTubeChatPoller(service, mode, options.Value, budget, ingress, counters, board, time, logger,
            connection.StreamClient);
        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset next;
            try
            {
                next = await poller.StepAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
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
                using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var woken = await Task.WhenAny(Task.Delay(wait, time, waiting.Token), poller.WaitForWakeAsync(waiting.Token)).ConfigureAwait(false);
                await waiting.CancelAsync().ConfigureAwait(false);
                if (stoppingToken.IsCancellationRequested) break;
                _ = woken;
            }
        }
        board.Report(YouTubeChatPoller.SourceName, SourceState.Stopped);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "YouTube source starting in {Mode} mode")]
    private partial void LogStarting(YouTubeMode mode);

    [LoggerMessage(Level = LogLevel.Error, Message = "YouTube reader step failed; trying again in 30 s")]
    private partial void LogStepFailed(Exception ex);
}
