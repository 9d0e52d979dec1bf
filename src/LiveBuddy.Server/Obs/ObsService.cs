using LiveBuddy.Core.Moments;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Core.Sources;
using LiveBuddy.Obs.Connection;
using LiveBuddy.Obs.Rules;
using LiveBuddy.Obs.Sessions;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Server.Obs;

/// <summary>
/// Runs the OBS connection and its automation, saves the replay buffer for each live moment, and shows OBS's state on
/// <c>/healthz</c> and the control page as the <c>obs</c> source (never the password).
/// </summary>
public sealed class ObsService(ObsConnection obs, ObsAutomation automation, ObsLiveness liveness, MomentFeed moments, SessionTracker sessions,
    SourceStatusBoard status, IOptions<ObsOptions> options) : BackgroundService
{
    public const string SourceName = "obs";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ = liveness; // constructed for its event subscription
        var saveReplays = options.Value.SaveReplayOnMoment;
        Report(obs.State);
        obs.StateChanged += Report;
        obs.OnEvent((e, _) =>
        {
            // Streaming and the replay buffer show on /healthz as they change, not only with the connection state.
            if (e.Type is ObsConnection.StatusReadEvent or "StreamStateChanged" or "ReplayBufferStateChanged") Report(obs.State);
            return ValueTask.CompletedTask;
        });
        using var subscription = moments.Subscribe("obs", async (moment, ct) =>
            await automation.OnMomentAsync(moment.Id, moment.Kind.ToString().ToLowerInvariant(), moment.Reason, moment.SessionId ?? sessions.Current?.Id,
                saveReplays, ct).ConfigureAwait(false));
        try
        {
            await Task.WhenAll(obs.RunAsync(stoppingToken), automation.RunAsync(stoppingToken)).ConfigureAwait(false);
        }
        finally
        {
            obs.StateChanged -= Report;
            status.Report(SourceName, SourceState.Stopped);
        }
    }

    private void Report(ObsState state)
    {
        var (source, detail) = state switch
        {
            ObsState.Connected => (SourceState.Connected, (string?)null),
            ObsState.Connecting => (SourceState.Starting, "connecting to " + options.Value.Url),
            ObsState.Reconnecting => (SourceState.Reconnecting, "OBS is not reachable at " + options.Value.Url + " (is OBS running with its WebSocket server on?)"),
            ObsState.AuthenticationFailed => (SourceState.Failed, "OBS refused the password: set Obs:Password to the one in OBS → Tools → WebSocket Server Settings"),
            _ => (SourceState.Stopped, null),
        };
        status.Report(SourceName, source, detail, new Dictionary<string, object>
        {
            ["streaming"] = obs.StreamActive,
            ["replayBuffer"] = obs.ReplayBufferActive,
        });
    }
}
