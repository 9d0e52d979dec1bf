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
/// "live now" when a session starts (not when a restart resumes one), the summary when it ends. A session that started
/// without a title (from chat or OBS) waits up to <see cref="DiscordOptions.LivePostWait"/> for the platform's title and
/// category before its live post goes out.
/// </summary>
public sealed partial class DiscordAnnouncer : IPipelineSink
{
    private readonly DiscordWebhook _webhook;
    private readonly DiscordOptions _options;
    private readonly Func<SessionInfo, IReadOnlyList<StreamLink>> _links;
    private readonly Func<SessionInfo, CancellationToken, Task<StreamSummary?>> _summarize;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Channel<LiveUpdate> _posts = Channel.CreateBounded<LiveUpdate>(new BoundedChannelOptions(16)
    {
        SingleReader = true, FullMode = BoundedChannelFullMode.Wait,
    });

    // links: where to watch, per platform; summarize: the ended session's report, in numbers (null: none).
    public DiscordAnnouncer(DiscordWebhook webhook, DiscordOptions options, Func<SessionInfo, IReadOnlyList<StreamLink>> links,
        Func<SessionInfo, CancellationToken, Task<StreamSummary?>> summarize, ILogger<DiscordAnnouncer> logger, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
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
            SessionStarted { Resumed: false } or SessionChanged => _options.LivePost,
            SessionEnded => true, // also ends a live post still waiting for its title
            _ => false,
        };
        if (wanted && !_posts.Writer.TryWrite(update)) LogDropped();
    }

    /// <summary>No more posts will be queued (the host is stopping): <see cref="RunAsync"/> sends what is queued and returns.</summary>
    public void Complete() => _posts.Writer.TryComplete();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!_options.IsConfigured) return;
        // The session whose live post waits for its title, and until when.
        SessionInfo? waiting = null;
        var waitUntil = DateTimeOffset.MaxValue;
        try
        {
            while (true)
            {
                var (update, more) = await NextAsync(waiting is null ? null : waitUntil, cancellationToken).ConfigureAwait(false);
                if (!more) break;
                switch (update)
                {
                    case null: // waited long enough: post what is known
                        await PostLiveAsync(waiting!, cancellationToken).ConfigureAwait(false);
                        waiting = null;
                        break;
                    case SessionStarted started when HasTitle(started.Session) || _options.LivePostWait <= TimeSpan.Zero:
                        await PostLiveAsync(started.Session, cancellationToken).ConfigureAwait(false);
                        break;
                    case SessionStarted started:
                        waiting = started.Session;
                        waitUntil = _time.GetUtcNow() + _options.LivePostWait;
                        break;
                    case SessionChanged changed when waiting?.Id == changed.Session.Id:
                        waiting = changed.Session;
                        if (!HasTitle(waiting)) break;
                        await PostLiveAsync(waiting, cancellationToken).ConfigureAwait(false);
                        waiting = null;
                        break;
                    case SessionEnded ended:
                        if (waiting?.Id == ended.Session.Id) waiting = null; // over before it was announced: only the summary
                        if (_options.SummaryPost) await PostSummaryAsync(ended.Session, cancellationToken).ConfigureAwait(false);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static bool HasTitle(SessionInfo session) => !string.IsNullOrWhiteSpace(session.Title) || !string.IsNullOrWhiteSpace(session.Category);

    // The next queued update; (null, true) when the deadline passed first; (null, false) when no more will come.
    private async Task<(LiveUpdate? Update, bool More)> NextAsync(DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        if (_posts.Reader.TryRead(out var ready)) return (ready, true);
        if (deadline is { } until)
        {
            var left = until - _time.GetUtcNow();
            if (left <= TimeSpan.Zero) return (null, true);
            using var timeout = new CancellationTokenSource(left, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                if (!await _posts.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false)) return (null, false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return (null, true);
            }
        }
        else if (!await _posts.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return (null, false);
        }
        return _posts.Reader.TryRead(out var next) ? (next, true) : await NextAsync(deadline, cancellationToken).ConfigureAwait(false);
    }

    private async Task PostLiveAsync(SessionInfo session, CancellationToken cancellationToken)
    {
        try
        {
            if (await _webhook.PostAsync(LivePost.Build(session, _links(session)), [], cancellationToken).ConfigureAwait(false))
            {
                Interlocked.Increment(ref _posted);
                LogPosted("live now", session.Id);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(ex);
        }
    }

    private async Task PostSummaryAsync(SessionInfo session, CancellationToken cancellationToken)
    {
        try
        {
            if (await _summarize(session, cancellationToken).ConfigureAwait(false) is not { } summary) return;
            var files = summary.ReportUrl is null && summary.ReportFile is { } file ? new[] { file } : [];
            if (await _webhook.PostAsync(SummaryPost.Build(summary, _options.TopMoments), files, cancellationToken).ConfigureAwait(false))
            {
                Interlocked.Increment(ref _posted);
                LogPosted("summary", session.Id);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Posted the {Post} post for session {SessionId} to Discord")]
    private partial void LogPosted(string post, string sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord posts are behind; one was dropped")]
    private partial void LogDropped();

    [LoggerMessage(Level = LogLevel.Warning, Message = "A Discord post failed")]
    private partial void LogFailed(Exception exception);
}
