using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Polls;
using LiveBuddy.Core.Sessions;
using Quartz;

namespace LiveBuddy.Server.Polls;

/// <summary>Closes a poll at its deadline by sending <see cref="PollDeadlineReached"/> through the ordered pipeline.</summary>
public sealed class PollDeadlineJob(EventIngress ingress) : IJob
{
    public static readonly JobKey Key = new("poll-deadline", "live");

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        ingress.PublishAsync(new PollDeadlineReached(context.MergedJobDataMap.GetString("pollId") ?? ""), cancellationToken);
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
