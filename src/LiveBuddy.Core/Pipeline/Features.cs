using LiveBuddy.Core.Events;
using LiveBuddy.Core.Sessions;

namespace LiveBuddy.Core.Pipeline;

/// <summary>
/// Something features tell the outside world: overlay pushes, chat replies, moderation actions,
/// session changes. Sinks (overlay broadcaster, storage writer, chat sender) pick the ones they know.
/// </summary>
public abstract record LiveUpdate;

/// <summary>
/// A change an overlay shows: sent to every overlay as hub method <see cref="Method"/> with
/// <see cref="Payload"/> serialized camelCase. <see cref="Platform"/> set: only overlays showing that
/// platform get it (simulcast rules).
/// </summary>
public interface IOverlayPush
{
    string Method { get; }
    object Payload { get; }
    Platform? Platform => null;
}

/// <summary>One feature's part of the <c>state</c> snapshot (e.g. name <c>poll</c>, payload as in the <c>poll</c> push).</summary>
public sealed record OverlaySnapshot(string Name, object? Payload);

/// <summary>
/// A live feature (polls, Q&amp;A, alerts, commands, moderation…): a state machine fed in order by the
/// pipeline's single reader. It must not block or do I/O; it reports what happened through the context.
/// </summary>
public interface IStreamFeature
{
    void Handle(PipelineInput input, FeatureContext context);

    /// <summary>The feature's current state for an overlay that just (re)connected; null when it has none.</summary>
    OverlaySnapshot? Snapshot() => null;
}

/// <summary>Fills in <see cref="ChatMessage.Score"/> before features see a message (the scoring models).</summary>
public interface IChatScorer
{
    MessageScore Score(ChatMessage message);
}

/// <summary>
/// Where pipeline output goes: overlays, storage, chat. Called on the pipeline thread, so an
/// implementation only enqueues (bounded, drops counted) and never blocks.
/// </summary>
public interface IPipelineSink
{
    void OnEvent(StreamEvent streamEvent, SessionInfo? session);
    void OnUpdate(LiveUpdate update);

    /// <summary>
    /// The pipeline awaits this after each input: a sink that is busy but keeping up (storage mid-write) can hold
    /// the next input back for a moment instead of dropping it. Completed, as by default, means go on.
    /// </summary>
    ValueTask WaitForRoomAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

/// <summary>What a feature may use while handling one input.</summary>
public sealed class FeatureContext
{
    private readonly List<LiveUpdate> _updates = [];

    internal FeatureContext(TimeProvider time, SessionTracker sessions)
    {
        Time = time;
        Sessions = sessions;
    }

    public TimeProvider Time { get; }
    public DateTimeOffset Now => Time.GetUtcNow();
    public SessionTracker Sessions { get; }
    public SessionInfo? Session => Sessions.Current;

    /// <summary>Reports a change for the sinks; delivered after every feature has seen the input.</summary>
    public void Emit(LiveUpdate update) => _updates.Add(update);

    internal List<LiveUpdate> Updates => _updates;
}
