using System.Net;
using LiveBuddy.Core.ChannelPoints;
using LiveBuddy.Twitch.Auth;
using LiveBuddy.Twitch.Helix;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.Twitch.ChannelPoints;

/// <summary>
/// Fulfils or refunds a redemption on Twitch (Update Redemption Status) and says how it went in words for a moderator:
/// done, no longer waiting on Twitch (404), or refused / unreachable with Twitch's reason. Never throws for Twitch's answers.
/// </summary>
public sealed partial class TwitchRedemptions(HelixClient helix, TwitchCredentials credentials, ILogger<TwitchRedemptions> logger)
{
    public async Task<(RedemptionOutcome Outcome, string? Problem)> ResolveAsync(QueuedRedemption redemption, RedemptionAction action,
        CancellationToken cancellationToken)
    {
        try
        {
            await helix.UpdateRedemptionStatusAsync(redemption.BroadcasterId, redemption.RewardId, redemption.RedemptionId,
                action == RedemptionAction.Fulfil, cancellationToken).ConfigureAwait(false);
            LogResolved(action, redemption.RewardTitle, redemption.ViewerName);
            return (RedemptionOutcome.Done, null);
        }
        catch (HelixException ex) when (ex.Status == HttpStatusCode.NotFound)
        {
            LogGone(redemption.RedemptionId, ex.Message);
            return (RedemptionOutcome.Gone, $"Twitch: {ex.Message}");
        }
        catch (HelixException ex)
        {
            var problem = ex.Status switch
            {
                HttpStatusCode.Unauthorized when credentials.Current is { } signIn && !signIn.Scopes.Contains(TwitchRewardSync.Scope) =>
                    $"Twitch refused ({ex.Message}); sign in again to allow {TwitchRewardSync.Scope}",
                >= HttpStatusCode.InternalServerError => $"Twitch is not answering right now ({(int)ex.Status}: {ex.Message}); try again",
                HttpStatusCode.Forbidden => $"Twitch refused ({ex.Message}); only the streamer's own sign-in, through the app that created the reward, may change it",
                _ => $"Twitch refused ({ex.Message})",
            };
            LogRefused(redemption.RedemptionId, problem);
            return (RedemptionOutcome.Failed, problem);
        }
        catch (Exception ex) when (ex is HttpRequestException or TwitchAuthException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Not retried: Twitch may have done it already; the moderator sees why and presses again.
            var problem = $"Twitch could not be reached ({ex.Message}); try again";
            LogRefused(redemption.RedemptionId, problem);
            return (RedemptionOutcome.Failed, problem);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Redemption {Action}: {Reward} for {Viewer}")]
    private partial void LogResolved(RedemptionAction action, string reward, string viewer);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redemption {RedemptionId} was no longer waiting on Twitch: {TwitchMessage}")]
    private partial void LogGone(string redemptionId, string twitchMessage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redemption {RedemptionId} not updated: {Problem}")]
    private partial void LogRefused(string redemptionId, string problem);
}
