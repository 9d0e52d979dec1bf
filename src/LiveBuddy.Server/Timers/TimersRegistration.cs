using LiveBuddy.Core.NamedCounters;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Timers;
using Microsoft.Extensions.Options;
using Quartz;

namespace LiveBuddy.Server.Timers;

public static class TimersRegistration
{
    /// <summary>Timed chat messages (the <c>Timers</c> section, also read from <c>config/timers.json</c>).</summary>
    public static IServiceCollection AddTimers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TimersOptions>().BindConfiguration("Timers");
        services.AddSingleton(sp => new TimerFeature(sp.GetRequiredService<IOptions<TimersOptions>>().Value, sp.GetService<CounterBoard>()));
        services.AddSingleton<IStreamFeature>(sp => sp.GetRequiredService<TimerFeature>());
        return services;
    }

    /// <summary>
    /// The timer job and one trigger per enabled timer (cron or interval), inside the program's one
    /// <c>services.AddQuartz(q => …)</c>. Triggers are fixed at start, so they are read from configuration here; an
    /// interval timer first fires one interval after <paramref name="time"/>'s now (the clock Quartz's scheduler runs on).
    /// </summary>
    public static IQuartzBuilder AddTimerJobs(this IQuartzBuilder quartz, IConfiguration configuration, TimeProvider time)
    {
        var timers = configuration.GetSection("Timers").Get<TimersOptions>() ?? new TimersOptions();
        quartz.AddJob<TimerJob>(j => j.WithIdentity(TimerJob.Key).StoreDurably());
        foreach (var timer in timers.Messages ?? [])
        {
            if (!timer.Enabled || timer.Name.Length == 0) continue;
            quartz.AddTrigger(t =>
            {
                t.ForJob(TimerJob.Key).WithIdentity("timer-" + timer.Name, "live").UsingJobData("name", timer.Name);
                if (!string.IsNullOrWhiteSpace(timer.Cron)) t.WithCronSchedule(timer.Cron);
                else t.StartAt(time.GetUtcNow() + (timer.Interval ?? TimeSpan.FromMinutes(15)))
                    .WithSimpleSchedule(s => s.WithInterval(timer.Interval ?? TimeSpan.FromMinutes(15)).RepeatForever());
            });
        }
        return quartz;
    }
}
