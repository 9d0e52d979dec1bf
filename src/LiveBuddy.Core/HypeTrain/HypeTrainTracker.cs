using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.HypeTrain;

/// <summary>
/// Follows each hype train from its notifications. Twitch does not promise their order (a progress may come before
/// its begin, an old progress after a newer one), so a notification that would move a train backwards, or arrives
/// after its end, changes nothing and is counted. The begin and end alerts travel as ordinary alerts.
/// </summary>
public sealed class HypeTrainTracker(Counters counters) : IStreamFeature
{
    private readonly Dictionary<string, HypeTrainPayload> _trains = new(StringComparer.Ordinal);
    private readonly Counter _stale = counters.Get("hypetrain.stale");
    private volatile HypeTrainPayload? _latest; // read by overlays connecting on other threads

    /// <summary>The latest train (ended ones too: the overlay hides a train whose phase is <c>end</c>).</summary>
    public OverlaySnapshot? Snapshot() => new("hypeTrain", _latest);

    public void Handle(PipelineInput input, FeatureContext context)
    {
        if (input is not HypeTrainUpdate update) return;
        var key = $"{update.Platform.ToWire()}:{update.TrainId}";
        if (_trains.TryGetValue(key, out var known) && IsStale(known, update))
        {
            _stale.Increment();
            return;
        }
        var payload = HypeTrainPayload.From(update);
        _trains[key] = payload;
        _latest = payload;
        context.Emit(new HypeTrainChanged(payload));
        // Keep only the trains of the last few hours: a stream sees a handful.
        if (_trains.Count > 64)
            foreach (var old in _trains.Where(t => t.Value.Ended).OrderBy(t => t.Value.StartedAt).Take(_trains.Count - 64).Select(t => t.Key).ToArray())
                _trains.Remove(old);
    }

    private static bool IsStale(HypeTrainPayload known, HypeTrainUpdate update)
    {
        if (known.Ended) return true;
        if (update.Phase == HypeTrainPhase.End) return false;
        return update.Total < known.Total || (update.Total == known.Total && update.Phase == HypeTrainPhase.Begin && known.Phase == "progress");
    }
}
