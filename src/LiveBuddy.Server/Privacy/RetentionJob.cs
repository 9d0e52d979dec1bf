using LiveBuddy.Storage.Privacy;
using Quartz;

namespace LiveBuddy.Server.Privacy;

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
