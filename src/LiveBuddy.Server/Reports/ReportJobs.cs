using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Storage.Reports;
using LiveBuddy.Storage.Retention;
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

/// <summary>Applies <c>Storage:RetentionDays</c> (daily, first run ten minutes after start).</summary>
[DisallowConcurrentExecution]
public sealed partial class RetentionJob(DataRetention retention, ILogger<RetentionJob> logger) : IJob
{
    public static readonly JobKey Key = new("retention", "reports");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await Task.Run(() => retention.Apply(cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (SQLite.SQLiteException ex)
        {
            LogFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention failed; it runs again tomorrow")]
    private partial void LogFailed(Exception ex);
}

/// <summary>A pipeline sink that asks Quartz for the session report when a session ends.</summary>
public sealed partial class SessionEndReports(ISchedulerFactory schedulers, ILogger<SessionEndReports> logger) : IPipelineSink
{
    public void OnEvent(StreamEvent streamEvent, SessionInfo? session)
    {
    }

    public void OnUpdate(LiveUpdate update)
    {
        // Quartz runs on the thread pool, never on the pipeline thread (at shutdown it may be stopping).
        if (update is SessionEnded ended) _ = Task.Run(() => TriggerAsync(ended.Session.Id), CancellationToken.None);
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

public static class ReportRegistration
{
    /// <summary>
    /// Report services: <see cref="SessionReports"/>, <see cref="DataRetention"/>, <see cref="ReportFiles"/>,
    /// <see cref="ViewerErasure"/>, the <c>Reports</c> options, and the sink that schedules the end-of-session report.
    /// Call after <c>AddLiveBuddyStorage</c> so the storage writer sees <c>SessionEnded</c> first.
    /// </summary>
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddOptions<ReportOptions>().BindConfiguration(ReportOptions.Section);
        services.AddSingleton<SessionReports>();
        services.AddSingleton<DataRetention>();
        services.AddSingleton<ReportFiles>();
        services.AddSingleton<ViewerErasure>();
        services.AddSingleton<IPipelineSink, SessionEndReports>();
        return services;
    }

    /// <summary>The two jobs, inside the program's one <c>services.AddQuartz(q => …)</c>.</summary>
    public static IQuartzBuilder AddReportJobs(this IQuartzBuilder quartz, TimeProvider? time = null)
    {
        var now = (time ?? TimeProvider.System).GetUtcNow();
        quartz.AddJob<SessionReportJob>(j => j.WithIdentity(SessionReportJob.Key).StoreDurably());
        quartz.AddJob<RetentionJob>(j => j.WithIdentity(RetentionJob.Key).StoreDurably());
        quartz.AddTrigger(t => t.ForJob(RetentionJob.Key).WithIdentity("retention-daily", "reports")
            .StartAt(now.AddMinutes(10))
            .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromDays(1)).RepeatForever()));
        return quartz;
    }
}
