using System.Net;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Twitch.Helix;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.Twitch.Moderation;

/// <summary>
/// Carries out Core moderation requests on Twitch through Helix as the signed-in account (which must be a
/// moderator of the channel). Failures throw <see cref="HelixException"/> with Twitch's message.
/// </summary>
internal sealed partial class TwitchModerationExecutor(HelixClient helix, ILogger<TwitchModerationExecutor> logger) : IModerationExecutor
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    public Platform Platform => Platform.Twitch;

    public async ValueTask ExecuteAsync(ModerationRequest request, CancellationToken cancellationToken)
    {
        var broadcaster = await helix.GetUserAsync(request.Channel, cancellationToken).ConfigureAwait(false)
            ?? throw new HelixException(HttpStatusCode.NotFound, $"Twitch channel {request.Channel} not found");
        switch (request.Kind)
        {
            case ModerationKind.Delete:
                var messageId = request.MessageId ?? throw new HelixException(HttpStatusCode.BadRequest, "No message id to delete");
                await helix.DeleteChatMessageAsync(broadcaster.Id, messageId, cancellationToken).ConfigureAwait(false);
                break;
            case ModerationKind.Timeout:
                await helix.BanAsync(broadcaster.Id, await TargetIdAsync(request, cancellationToken).ConfigureAwait(false),
                    request.Duration ?? DefaultTimeout, request.Reason, cancellationToken).ConfigureAwait(false);
                break;
            case ModerationKind.Ban:
                await helix.BanAsync(broadcaster.Id, await TargetIdAsync(request, cancellationToken).ConfigureAwait(false),
                    null, request.Reason, cancellationToken).ConfigureAwait(false);
                break;
            case ModerationKind.Unban:
                await helix.UnbanAsync(broadcaster.Id, await TargetIdAsync(request, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                break;
            case ModerationKind.Warn:
                await helix.WarnAsync(broadcaster.Id, await TargetIdAsync(request, cancellationToken).ConfigureAwait(false),
                    request.Reason, cancellationToken).ConfigureAwait(false);
                break;
        }
        LogDone(request.Kind, request.Channel, request.Target.Name, request.RequestedBy, request.Reason);
    }

    private async Task<string> TargetIdAsync(ModerationRequest request, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(request.Target.Id)) return request.Target.Id;
        var user = await helix.GetUserAsync(request.Target.Name, cancellationToken).ConfigureAwait(false);
        return user?.Id ?? throw new HelixException(HttpStatusCode.NotFound, $"Twitch user {request.Target.Name} not found");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Twitch {Kind} in {Channel} on {Target} by {RequestedBy}: {Reason}")]
    private partial void LogDone(ModerationKind kind, string channel, string target, string requestedBy, string reason);
}
