using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Polls;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Core.Timers;
using LiveBuddy.Server.Reports;
using Quartz;

namespace LiveBuddy.Server.Jobs;

/// <summary>Closes a poll at its deadline by sending <see cref="PollDeadlineReached"/> through the ordered pipeline.</summary>
public sealed class PollDeadlineJob(EventIngress ingress) : IJob
{
    public static readonly JobKey Key = new("poll-deadline", "live");

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        ingress.PublishAsync(new PollDeadlineReached(context.MergedJobDataMap.GetString("pollId") ?? ""), cancellationToken);
}

/// <summary>A configured timer is due: the timer feature decides whether chat moved enough to post it.</summary>
public sealed class TimerJob(EventIngress ingress) : IJob
{
    public static readonly JobKey Key = new("timer", "live");

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        ingress.PublishAsync(new TimerDue(context.MergedJobDataMap.GetString("name") ?? ""), cancellationToken);
}

/// <summary>Schedules the deadline trigger when a poll opens (a Quartz trigger, not a pipeline timer).</summary>
public sealed partial class PollDeadlineScheduler(ISchedulerFactory schedulers, ILogger<PollDeadlineScheduler> logger) : IPipelineSink
{
    public void OnEvent(StreamEvent streamEvent, SessionInfo? session)
    {
    }

    public void OnUpdate(LiveUpdate update)
    {
        // Quartz runs on the thread pool, never on the pipeline thread.
        if (update is PollOpened opened) _ = Task.Run(() => ScheduleAsync(opened.Poll.Id, opened.EndsAt), CancellationToken.None);
    }

    private async Task ScheduleAsync(string pollId, DateTimeOffset endsAt)
    {
        try
        {
            var scheduler = await schedulers.GetScheduler().ConfigureAwait(false);
            var trigger = TriggerBuilder.Create()
                .ForJob(PollDeadlineJob.Key)
                .WithIdentity("poll-" + pollId, "live")
                .UsingJobData("pollId", pollId)
                .StartAt(endsAt)
                .Build();
            await scheduler.ScheduleJob(trigger).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The poll engine's tick safety net still closes it a few seconds late.
            LogScheduleFailed(ex, pollId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Poll {PollId} deadline trigger could not be scheduled")]
    private partial void LogScheduleFailed(Exception ex, string pollId);
}

public static class JobRegistration
{
    /// <summary>Quartz with its built-in hosting: poll deadlines, timers, end-of-session reports, retention.</summary>
    public static IServiceCollection AddLiveJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var timers = configuration.GetSection("Timers").Get<TimersOptions>() ?? new TimersOptions();
        // Quartz keeps schedulers in a process-wide registry by name: one name per host, also for hosts in tests.
        var properties = new System.Collections.Specialized.NameValueCollection
        {
            ["quartz.scheduler.instanceName"] = "livebuddy-" + Guid.NewGuid().ToString("N"),
        };
        services.AddQuartz(properties, q =>
        {
            q.AddJob<PollDeadlineJob>(j => j.WithIdentity(PollDeadlineJob.Key).StoreDurably());
            q.AddJob<TimerJob>(j => j.WithIdentity(TimerJob.Key).StoreDurably());
            foreach (var timer in timers.Messages ?? [])
            {
                if (!timer.Enabled || timer.Name.Length == 0) continue;
                q.AddTrigger(t =>
                {
                    t.ForJob(TimerJob.Key).WithIdentity("timer-" + timer.Name, "live").UsingJobData("name", timer.Name);
                    if (!string.IsNullOrWhiteSpace(timer.Cron)) t.WithCronSchedule(timer.Cron);
                    else t.StartAt(DateTimeOffset.UtcNow + (timer.Interval ?? TimeSpan.FromMinutes(15)))
                        .WithSimpleSchedule(s => s.WithInterval(timer.Interval ?? TimeSpan.FromMinutes(15)).RepeatForever());
                });
            }
            q.AddReportJobs();
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = false);
        services.AddSingleton<IPipelineSink, PollDeadlineScheduler>();
        services.AddSessionEndReports();
        return services;
    }
}
