using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Storage.Writing;
using Quartz;

namespace LiveBuddy.Server.Reports;

/// <summary>Writes <c>data/reports/{sessionId}.html</c> and <c>.json</c> once a session has ended (job data: <c>sessionId</c>).</summary>
[DisallowConcurrentExecution]
public sealed partial class SessionReportJob(ReportFiles files, StorageWriter writer, ILogger<SessionReportJob> logger) : IJob
{
    public static readonly JobKey Key = new("session-report", "reports");
    public const string SessionIdKey = "sessionId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var sessionId = context.MergedJobDataMap.GetString(SessionIdKey);
        if (string.IsNullOrEmpty(sessionId)) return;
        try
        {
            // The session's last events may still be queued for the writer: wait for them first.
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            await files.WriteAsync(sessionId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SQLite.SQLiteException)
        {
            LogFailed(ex, sessionId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The report of session {SessionId} could not be written; 'report {SessionId}' makes it on demand")]
    private partial void LogFailed(Exception ex, string sessionId);
}

/// <summary>
/// A pipeline sink that asks Quartz for the session report when a session ends. A session that ends because the program
/// stops (Quartz has already stopped by then) is left to <see cref="ReportsAtShutdown"/>, which writes its report once
/// storage has written everything.
/// </summary>
public sealed partial class SessionEndReports(ISchedulerFactory schedulers, IHostApplicationLifetime lifetime, ILogger<SessionEndReports> logger)
    : IPipelineSink
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _endedAtShutdown = new();

    public void OnEvent(StreamEvent streamEvent, SessionInfo? session)
    {
    }

    public void OnUpdate(LiveUpdate update)
    {
        if (update is not SessionEnded ended) return;
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            _endedAtShutdown.Enqueue(ended.Session.Id);
            return;
        }
        // Quartz runs on the thread pool, never on the pipeline thread.
        _ = Task.Run(() => TriggerAsync(ended.Session.Id), CancellationToken.None);
    }

    /// <summary>The sessions that ended while the program was stopping, each once.</summary>
    public IReadOnlyList<string> TakeEndedAtShutdown()
    {
        var ids = new List<string>();
        while (_endedAtShutdown.TryDequeue(out var id)) ids.Add(id);
        return ids;
    }

    private async Task TriggerAsync(string sessionId)
    {
        try
        {
            var scheduler = await schedulers.GetScheduler(CancellationToken.None).ConfigureAwait(false);
            await scheduler.TriggerJob(SessionReportJob.Key, new JobDataMap { [SessionReportJob.SessionIdKey] = sessionId }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SchedulerException or ObjectDisposedException or InvalidOperationException)
        {
            // Shutting down (the session ended because the program stops): 'report latest' makes it on demand.
            LogNotScheduled(ex, sessionId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The report of session {SessionId} was not scheduled")]
    private partial void LogNotScheduled(Exception ex, string sessionId);
}

/// <summary>
/// Writes the report of the session a graceful stop ends (Ctrl+C, SIGTERM). Registered as the first hosted service, so
/// it stops last: after the pipeline has drained and the storage writer has written every line.
/// </summary>
public sealed partial class ReportsAtShutdown(SessionEndReports sessionEnds, ReportFiles files, ILogger<ReportsAtShutdown> logger) : IHostedService
{
    private readonly Lock _lock = new();
    private Task? _writing;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// A host can be stopped twice (the test host's dispose stops it again while the first stop is still here): the
    /// second stop waits for the same reports instead of finding nothing left to write and returning at once.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_lock) return _writing ??= WriteEndedAsync(cancellationToken);
    }

    private async Task WriteEndedAsync(CancellationToken cancellationToken)
    {
        foreach (var sessionId in sessionEnds.TakeEndedAtShutdown())
        {
            try
            {
                await files.WriteAsync(sessionId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SQLite.SQLiteException or OperationCanceledException)
            {
                LogFailed(ex, sessionId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The report of session {SessionId} could not be written at shutdown; 'report {SessionId}' makes it on demand")]
    private partial void LogFailed(Exception ex, string sessionId);
}
