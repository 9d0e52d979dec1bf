using System.Text.Json;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Obs.Connection;

namespace LiveBuddy.Obs.Sessions;

/// <summary>
/// Turns OBS's stream output into <see cref="EncoderLiveChanged"/> for the session rules: started → live; stopped by
/// the streamer → ended; found not streaming after OBS came back from a crash → no longer live, left to the silence
/// rule (a streamer who restarts OBS and goes live again keeps the same session).
/// </summary>
public sealed class ObsLiveness
{
    private readonly Func<EncoderLiveChanged, CancellationToken, ValueTask> _publish;
    private bool? _live;

    public ObsLiveness(ObsConnection obs, Func<EncoderLiveChanged, CancellationToken, ValueTask> publish)
    {
        _publish = publish;
        obs.OnEvent(OnEventAsync);
    }

    private async ValueTask OnEventAsync(ObsEvent e, CancellationToken cancellationToken)
    {
        switch (e.Type)
        {
            case "StreamStateChanged" when e.Data.ValueKind == JsonValueKind.Object:
                var state = e.Data.TryGetProperty("outputState", out var s) ? s.GetString() : null;
                var active = e.Data.TryGetProperty("outputActive", out var a) && a.ValueKind == JsonValueKind.True;
                // Only the settled states: STARTING/STOPPING/RECONNECTING come with the output's last known activity.
                if (state is "OBS_WEBSOCKET_OUTPUT_STARTED" or "OBS_WEBSOCKET_OUTPUT_STOPPED" || state is null)
                    await Change(active, stopped: !active, cancellationToken).ConfigureAwait(false);
                break;
            case ObsConnection.StatusReadEvent:
                var streaming = e.Data.GetProperty("streamActive").GetBoolean();
                if (streaming || _live == true) await Change(streaming, stopped: false, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async ValueTask Change(bool live, bool stopped, CancellationToken cancellationToken)
    {
        if (_live == live) return;
        _live = live;
        await _publish(new EncoderLiveChanged(live, "obs", stopped), cancellationToken).ConfigureAwait(false);
    }
}
