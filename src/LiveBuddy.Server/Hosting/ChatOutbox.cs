using System.Threading.Channels;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;

namespace LiveBuddy.Server.Hosting;

/// <summary>
/// Carries chat replies and moderation actions from the pipeline to each platform's sender, off the
/// pipeline thread. A platform with no sender (not signed in) gets its replies logged and counted.
/// </summary>
public sealed partial class ChatOutbox : BackgroundService, IPipelineSink
{
    private readonly Dictionary<Platform, IChatSender> _senders;
    private readonly Dictionary<Platform, IModerationExecutor> _moderators;
    private readonly Channel<LiveUpdate> _queue = Channel.CreateBounded<LiveUpdate>(new BoundedChannelOptions(10_000)
    {
        SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails when full, so the drop is counted
    });
    private readonly Counters _counters;
    private readonly ILogger<ChatOutbox> _logger;

    public ChatOutbox(IEnumerable<IChatSender> senders, IEnumerable<IModerationExecutor> moderators, Counters counters, ILogger<ChatOutbox> logger)
    {
        _senders = senders.GroupBy(s => s.Platform).ToDictionary(g => g.Key, g => g.Last());
        _moderators = moderators.GroupBy(s => s.Platform).ToDictionary(g => g.Key, g => g.Last());
        _counters = counters;
        _logger = logger;
    }

    public void OnEvent(StreamEvent streamEvent, SessionInfo? session)
    {
    }

    public void OnUpdate(LiveUpdate update)
    {
        if (update is ChatReply or ModerationRequest && !_queue.Writer.TryWrite(update))
            _counters.Add("outbox.dropped");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var update in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    switch (update)
                    {
                        case ChatReply reply when _senders.TryGetValue(reply.Platform, out var sender):
                            await sender.SendAsync(reply, stoppingToken).ConfigureAwait(false);
                            _counters.Add("outbox.replies");
                            break;
                        case ChatReply reply:
                            _counters.Add("outbox.replies_without_sender");
                            LogNoSender(reply.Platform.ToWire());
                            break;
                        case ModerationRequest request when _moderators.TryGetValue(request.Platform, out var executor):
                            await executor.ExecuteAsync(request, stoppingToken).ConfigureAwait(false);
                            _counters.Add("outbox.moderation");
                            LogModeration(request.Platform.ToWire(), request.Kind.ToString(), request.Target.Name, request.Reason, request.RequestedBy);
                            break;
                        case ModerationRequest request:
                            _counters.Add("outbox.moderation_without_executor");
                            LogNoModerator(request.Platform.ToWire(), request.Kind.ToString(), request.Target.Name);
                            break;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One failed send (platform error, rate limit) must not stop the others.
                    _counters.Add("outbox.failed");
                    LogSendFailed(ex, update.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No chat sender for {Platform} (not signed in); reply not sent")]
    private partial void LogNoSender(string platform);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No moderation on {Platform} (not signed in); {Kind} of {Target} not carried out")]
    private partial void LogNoModerator(string platform, string kind, string target);

    [LoggerMessage(Level = LogLevel.Information, Message = "Moderation on {Platform}: {Kind} {Target} because {Reason} (by {RequestedBy})")]
    private partial void LogModeration(string platform, string kind, string target, string reason, string requestedBy);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending {Update} failed")]
    private partial void LogSendFailed(Exception ex, string update);
}
