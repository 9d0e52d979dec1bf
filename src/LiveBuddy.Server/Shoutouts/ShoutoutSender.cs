using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Shoutouts;
using LiveBuddy.Server.Hosting;
using LiveBuddy.Twitch.Shoutouts;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Server.Shoutouts;

/// <summary>
/// Carries out <see cref="ShoutoutRequested"/> off the pipeline thread: on Twitch through <see cref="TwitchShoutouts"/>
/// (Helix lookups and the native shoutout), on YouTube with the chatter's channel link; the answer goes back into the
/// pipeline (<see cref="SayShoutout"/>) so it leaves through the chat outbox like every reply.
/// </summary>
public sealed partial class ShoutoutSender(TwitchShoutouts twitch, EventIngress ingress, IOptions<ShoutoutsOptions> options, Counters counters,
    ILogger<ShoutoutSender> logger) : RequestWorker<ShoutoutRequested>(100)
{
    protected override void Refuse(ShoutoutRequested request)
    {
        counters.Add("shoutouts.dropped");
        request.Outcome.TrySetResult(new ShoutoutOutcome(null, null, "Too many shoutouts waiting; try again in a moment."));
    }

    protected override async Task HandleAsync(ShoutoutRequested request, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = request.Platform == Platform.Twitch
                ? await twitch.ShoutOutAsync(request.Channel, request.Target, cancellationToken).ConfigureAwait(false)
                : new ShoutoutOutcome(Link(request));
            if (outcome.Reply is { } reply)
                await ingress.RequestAsync(new SayShoutout(request.Platform, request.Channel, reply, request.ReplyToMessageId), cancellationToken).ConfigureAwait(false);
            counters.Add("shoutouts.answered");
            LogShoutout(request.Platform.ToWire(), request.Target, request.RequestedBy, outcome.Native ?? "-");
            request.Outcome.TrySetResult(outcome);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One failed shoutout must not stop the next.
            counters.Add("shoutouts.failed");
            LogFailed(ex, request.Target);
            request.Outcome.TrySetResult(new ShoutoutOutcome(null, "failed", ex.Message));
        }
    }

    /// <summary>YouTube (and demo) have no channel lookup: the link is the chatter's channel when seen, else the handle's page.</summary>
    private string Link(ShoutoutRequested request)
    {
        var url = request.Platform switch
        {
            Platform.YouTube when request.YouTubeChannelId is { Length: > 0 } id => "https://www.youtube.com/channel/" + Uri.EscapeDataString(id),
            Platform.YouTube => "https://www.youtube.com/@" + Uri.EscapeDataString(request.Target.Replace(" ", "", StringComparison.Ordinal)),
            _ => "https://twitch.tv/" + Uri.EscapeDataString(request.Target.ToLowerInvariant()),
        };
        return ShoutoutText.Render(options.Value, request.Target, request.Target, null, null, url);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Shoutout on {Platform} for {Target} by {RequestedBy}; native: {Native}")]
    private partial void LogShoutout(string platform, string target, string requestedBy, string native);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shoutout for {Target} failed")]
    private partial void LogFailed(Exception ex, string target);
}
