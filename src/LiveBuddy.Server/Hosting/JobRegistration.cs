using LiveBuddy.Server.Polls;
using LiveBuddy.Server.Privacy;
using LiveBuddy.Server.Reports;
using LiveBuddy.Server.Timers;
using Quartz;

namespace LiveBuddy.Server.Hosting;

public static class JobRegistration
{
    /// <summary>
    /// Quartz with its built-in hosting. Each feature adds its own jobs here: poll deadlines, timers,
    /// end-of-session reports, retention.
    /// </summary>
    public static IServiceCollection AddLiveJobs(this IServiceCollection services, IConfiguration configuration)
    {
        // Quartz keeps schedulers in a process-wide registry by name: one name per host, also for hosts in tests.
        var properties = new System.Collections.Specialized.NameValueCollection
        {
            ["quartz.scheduler.instanceName"] = "livebuddy-" + Guid.NewGuid().ToString("N"),
        };
        // Triggers are built before the container exists: they start from the clock registered so far (a test's fake one),
        // which is also the one Quartz's scheduler takes from the container.
        var time = services.LastOrDefault(d => d.ServiceType == typeof(TimeProvider))?.ImplementationInstance as TimeProvider ?? TimeProvider.System;
        services.AddQuartz(properties, q =>
        {
            q.AddPollJobs();
            q.AddTimerJobs(configuration, time);
            q.AddReportJobs();
            q.AddPrivacyJobs();
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = false);
        return services;
    }
}
