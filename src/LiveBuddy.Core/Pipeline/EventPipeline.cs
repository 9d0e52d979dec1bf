using LiveBuddy.Core.Events;
using LiveBuddy.Core.Sessions;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.Core.Pipeline;

/// <summary>
/// The one ordered reader: dedupe → session rules → score → features → sinks. A stage that throws is
/// logged and counted and the next input goes on; nothing here blocks on I/O.
/// </summary>
public sealed partial class EventPipeline
{
    private readonly EventIngress _ingress;
    private readonly IChatScorer? _scorer;
    private readonly IStreamFeature[] _features;
    private readonly IPipelineSink[] _sinks;
    private readonly RecentEventIds _seen;
    private readonly FeatureContext _context;
    private readonly ILogger _logger;
    private readonly Counter _processed;
    private readonly Counter _duplicates;
    private readonly Counter _stageErrors;

    public EventPipeline(
        EventIngress ingress,
        SessionTracker sessions,
        IEnumerable<IStreamFeature> features,
        IEnumerable<IPipelineSink> sinks,
        Counters counters,
        TimeProvider time,
        ILogger<EventPipeline> logger,
        IChatScorer? scorer = null,
        int dedupeCapacity = RecentEventIds.DefaultCapacity)
    {
        _ingress = ingress;
        Sessions = sessions;
        _scorer = scorer;
        _features = features.ToArray();
        _sinks = sinks.ToArray();
        _seen = new RecentEventIds(dedupeCapacity);
        _context = new FeatureContext(time, sessions);
        _logger = logger;
        _processed = counters.Get("pipeline.processed");
        _duplicates = counters.Get("pipeline.duplicates");
        _stageErrors = counters.Get("pipeline.stage_errors");
    }

    public SessionTracker Sessions { get; }

    public IReadOnlyList<IStreamFeature> Features => _features;

    /// <summary>Reads until the ingress is completed and drained, then ends the session.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var reader = _ingress.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var input))
                {
                    Process(input);
                    foreach (var sink in _sinks)
                    {
                        var room = sink.WaitForRoomAsync(cancellationToken);
                        if (!room.IsCompletedSuccessfully) await room.ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown without a drain: still end the session below so it is stored.
        }
        Shutdown();
    }

    /// <summary>Handles one input synchronously. Public for tests and for replay at full speed.</summary>
    public void Process(PipelineInput input)
    {
        if (input is StreamEvent e && !_seen.Add(e.Key))
        {
            _duplicates.Increment();
            return;
        }

        var updates = _context.Updates;
        updates.Clear();
        Sessions.Observe(input, updates);
        DeliverUpdates(updates);

        // Normally the ingress has scored it on the source's thread; this covers anything published unscored.
        if (input is ChatMessage { Score: null } chat && _scorer is not null)
        {
            try
            {
                input = chat with { Score = _scorer.Score(chat) };
            }
            catch (Exception ex)
            {
                _stageErrors.Increment();
                LogStageFailed(ex, "scoring", chat.Id);
            }
        }

        foreach (var feature in _features)
        {
            try
            {
                feature.Handle(input, _context);
            }
            catch (Exception ex)
            {
                _stageErrors.Increment();
                LogStageFailed(ex, feature.GetType().Name, (input as StreamEvent)?.Id);
            }
        }

        if (input is StreamEvent streamEvent)
        {
            var session = Sessions.Current;
            foreach (var sink in _sinks)
            {
                try
                {
                    sink.OnEvent(streamEvent, session);
                }
                catch (Exception ex)
                {
                    _stageErrors.Increment();
                    LogStageFailed(ex, sink.GetType().Name, streamEvent.Id);
                }
            }
        }

        DeliverUpdates(updates);
        if (input is ControlRequest request)
            request.Completion.TrySetResult(null); // no feature answered: done, nothing to say
        _processed.Increment();
    }

    /// <summary>Ends the current session and tells the sinks; called once the input is drained.</summary>
    public void Shutdown()
    {
        var updates = _context.Updates;
        updates.Clear();
        Sessions.Stop(updates);
        DeliverUpdates(updates);
    }

    private void DeliverUpdates(List<LiveUpdate> updates)
    {
        if (updates.Count == 0) return;
        foreach (var update in updates)
        {
            foreach (var sink in _sinks)
            {
                try
                {
                    sink.OnUpdate(update);
                }
                catch (Exception ex)
                {
                    _stageErrors.Increment();
                    LogStageFailed(ex, sink.GetType().Name, null);
                }
            }
        }
        updates.Clear();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Pipeline stage {Stage} failed on event {EventId}; skipped")]
    private partial void LogStageFailed(Exception ex, string stage, string? eventId);
}
