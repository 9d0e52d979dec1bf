using System.Threading.Channels;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Discord.Reports;
using LiveBuddy.Discord.Webhooks;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.Discord.Sessions;

/// <summary>
/// Watches sessions (as a pipeline sink: it only enqueues) and posts to the Discord webhook off the pipeline thread:
/// "live now" when a session starts (not when a restart resumes one), the summary when it ends.
/// </summary>
public sealed partial class DiscordAnnouncer : IPipelineSink
{
    private readonly DiscordWebhook _webhook;
    private readonly DiscordOptions _options;
    private readonly Func<SessionInfo, IReadOnlyList<StreamLink>> _links;
    private readonly Func<SessionInfo, CancellationToken, Task<StreamSummary?>> _summarize;
    private readonly ILogger _logger;
    private readonly Channel<LiveUpdate> _posts = Channel.CreateBounded<LiveUpdate>(new BoundedChannelOptions(16)
    {
        SingleReader = true, FullMode = BoundedChannelFullMode.Wait,
    });

    // links: where to watch, per platform; summarize: the ended session's report, in numbers (null: none).
    public DiscordAnnouncer(DiscordWebhook webhook, DiscordOptions options, Func<SessionInfo, IReadOnlyList<StreamLink>> links,
        Func<SessionInfo, CancellationToken, Task<StreamSummary?>> summarize, ILogger<DiscordAnnouncer> logger)
    {
        _webhook = webhook;
        _options = options;
        _links = links;
        _summarize = summarize;
        _logger = logger;
    }

    /// <summary>Posts made (live and summary), for tests and the control page.</summary>
    public int Posted => Volatile.Read(ref _posted);
    private int _posted;

    public void OnEvent(StreamEvent streamEvent, SessionInfo? session)
    {
    }

    public void OnUpdate(LiveUpdate update)
    {
        var wanted = update switch
        {
            SessionStarted { Resumed: false } => _options.LivePost,
            SessionEnded => _options.SummaryPost,
            _ => false,
        };
        if (wanted && !_posts.Writer.TryWrite(update)) LogDropped();
    }

    /// <summary>No more posts will be queued (the host is stopping): <see cref="RunAsync"/> sends what is queued and returns.</summary>
    public void Complete() => _posts.Writer.TryComplete();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!_options.IsConfigured) return;
        try
        {
            await foreach (var update in _posts.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await PostAsync(update, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task PostAsync(LiveUpdate update, CancellationToken cancellationToken)
    {
        switch (update)
        {
            case SessionStarted started:
                if (await _webhook.PostAsync(LivePost.Build(started.Session, _links(started.Session)), [], cancellationToken).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref _posted);
                    LogPosted("live now", started.Session.Id);
                }
                break;
            case SessionEnded ended:
                if (await _summarize(ended.Session, cancellationToken).ConfigureAwait(false) is not { } summary) break;
                var files = summary.ReportUrl is null && summary.ReportFile is { } file ? new[] { file } : [];
                if (await _webhook.PostAsync(SummaryPost.Build(summary, _options.TopMoments), files, cancellationToken).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref _posted);
                    LogPosted("summary", ended.Session.Id);
                }
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Posted the {Post} post for session {SessionId} to Discord")]
    private partial void LogPosted(string post, string sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord posts are behind; one was dropped")]
    private partial void LogDropped();

    [LoggerMessage(Level = LogLevel.Warning, Message = "A Discord post failed")]
    private partial void LogFailed(Exception exception);
}
