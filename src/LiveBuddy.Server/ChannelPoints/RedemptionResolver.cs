using LiveBuddy.Core.ChannelPoints;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Server.Hosting;
using LiveBuddy.Twitch.ChannelPoints;

namespace LiveBuddy.Server.ChannelPoints;

/// <summary>
/// Carries out <see cref="RedemptionResolveRequested"/> off the pipeline thread (Twitch's Update Redemption Status through
/// <see cref="TwitchRedemptions"/>) and hands Twitch's answer back to the queue as a <see cref="RedemptionResult"/>.
/// </summary>
public sealed partial class RedemptionResolver(TwitchRedemptions twitch, EventIngress ingress, Counters counters, ILogger<RedemptionResolver> logger)
    : RequestWorker<RedemptionResolveRequested>(200)
{
    protected override void Refuse(RedemptionResolveRequested request)
    {
        counters.Add("redemptions.dropped");
        // Back through the pipeline so the redemption is waiting again rather than stuck "being sent".
        _ = ingress.RequestAsync(new RedemptionResult(request, RedemptionOutcome.Failed, "Too many requests waiting; try again in a moment."), CancellationToken.None);
    }

    protected override async Task HandleAsync(RedemptionResolveRequested request, CancellationToken cancellationToken)
    {
        (RedemptionOutcome Outcome, string? Problem) answer;
        try
        {
            answer = await twitch.ResolveAsync(request.Redemption, request.Action, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One failure must not stop the next; the moderator sees it on the redemption.
            LogFailed(ex, request.Redemption.RedemptionId);
            answer = (RedemptionOutcome.Failed, ex.Message);
        }
        counters.Add("redemptions." + answer.Outcome.ToString().ToLowerInvariant());
        await ingress.RequestAsync(new RedemptionResult(request, answer.Outcome, answer.Problem), cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redemption {RedemptionId} could not be sent to Twitch")]
    private partial void LogFailed(Exception ex, string redemptionId);
}
