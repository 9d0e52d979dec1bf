using System.Threading.Channels;
using LiveBuddy.Core.ChannelPoints;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Twitch.ChannelPoints;

namespace LiveBuddy.Server.ChannelPoints;

/// <summary>
/// Carries out <see cref="RedemptionResolveRequested"/> off the pipeline thread (Twitch's Update Redemption Status through
/// <see cref="TwitchRedemptions"/>) and hands Twitch's answer back to the queue as a <see cref="RedemptionResult"/>.
/// </summary>
public sealed partial class RedemptionResolver(TwitchRedemptions twitch, EventIngress ingress, Counters counters, ILogger<RedemptionResolver> logger)
    : BackgroundService, IPipelineSink
{
    private readonly Channel<RedemptionResolveRequested> _queue = Channel.CreateBounded<RedemptionResolveRequested>(new BoundedChannelOptions(200)
    {
        SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails when full, so the drop is answered
    });

    public void OnEvent(StreamEvent streamEvent, SessionInfo? session)
    {
    }

    public void OnUpdate(LiveUpdate update)
    {
        if (update is not RedemptionResolveRequested request) return;
        if (_queue.Writer.TryWrite(request)) return;
        counters.Add("redemptions.dropped");
        // Back through the pipeline so the redemption is waiting again rather than stuck "being sent".
        _ = ingress.RequestAsync(new RedemptionResult(request, RedemptionOutcome.Failed, "Too many requests waiting; try again in a moment."), CancellationToken.None);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var request in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                (RedemptionOutcome Outcome, string? Problem) answer;
                try
                {
                    answer = await twitch.ResolveAsync(request.Redemption, request.Action, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One failure must not stop the next; the moderator sees it on the redemption.
                    LogFailed(ex, request.Redemption.RedemptionId);
                    answer = (RedemptionOutcome.Failed, ex.Message);
                }
                counters.Add("redemptions." + answer.Outcome.ToString().ToLowerInvariant());
                await ingress.RequestAsync(new RedemptionResult(request, answer.Outcome, answer.Problem), stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redemption {RedemptionId} could not be sent to Twitch")]
    private partial void LogFailed(Exception ex, string redemptionId);
}
