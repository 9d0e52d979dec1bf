using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Polls;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Twitch.Auth;
using LiveBuddy.Twitch.Helix;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.Twitch.Polls;

/// <summary>
/// <c>Polls:MirrorToTwitch</c>: when a LiveBuddy poll opens in a Twitch channel whose broadcaster is the
/// signed-in account, the same poll is started as a native Twitch poll through Helix.
/// </summary>
public sealed partial class TwitchPollMirror(HelixClient helix, TwitchCredentials credentials, Core.Pipeline.Counters counters,
    ILogger<TwitchPollMirror> logger) : IPipelineSink
{
    public void OnEvent(StreamEvent streamEvent, SessionInfo? session)
    {
    }

    public void OnUpdate(LiveUpdate update)
    {
        // Helix is I/O: never on the pipeline thread.
        if (update is NativePollRequested request) _ = Task.Run(() => MirrorAsync(request), CancellationToken.None);
    }

    internal async Task MirrorAsync(NativePollRequested request)
    {
        try
        {
            var signedIn = await credentials.GetAsync(CancellationToken.None).ConfigureAwait(false);
            if (signedIn is null || !string.Equals(signedIn.Login, request.Channel, StringComparison.OrdinalIgnoreCase))
            {
                counters.Add("twitch.poll_mirror.not_broadcaster");
                LogNotBroadcaster(request.Channel);
                return;
            }
            await helix.CreatePollAsync(signedIn.UserId, request.Question, request.Options, request.Duration, CancellationToken.None).ConfigureAwait(false);
            counters.Add("twitch.poll_mirror.created");
            LogMirrored(request.Channel, request.PollId);
        }
        catch (Exception ex) when (ex is HelixException or HttpRequestException or TwitchAuthException or InvalidOperationException)
        {
            counters.Add("twitch.poll_mirror.failed");
            LogFailed(ex, request.Channel);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Poll {PollId} mirrored as a native Twitch poll in {Channel}")]
    private partial void LogMirrored(string channel, string pollId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Native Twitch poll in {Channel} skipped: the signed-in account is not its broadcaster")]
    private partial void LogNotBroadcaster(string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Native Twitch poll in {Channel} could not be started")]
    private partial void LogFailed(Exception ex, string channel);
}
