using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Timers;
using Quartz;

namespace LiveBuddy.Server.Timers;

/// <summary>A configured timer is due: the timer feature decides whether chat moved enough to post it.</summary>
public sealed class TimerJob(EventIngress ingress) : IJob
{
    public static readonly JobKey Key = new("timer", "live");

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        ingress.PublishAsync(new TimerDue(context.MergedJobDataMap.GetString("name") ?? ""), cancellationToken);
}
