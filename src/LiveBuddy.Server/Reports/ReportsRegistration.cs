using LiveBuddy.Core.Pipeline;
using LiveBuddy.Storage.Reports;
using Quartz;

namespace LiveBuddy.Server.Reports;

public static class ReportsRegistration
{
    /// <summary>
    /// Session reports (<see cref="SessionReports"/>, <see cref="ReportFiles"/>, the <c>Reports</c> section) and the
    /// end-of-session report: the sink that asks Quartz for it, and <see cref="ReportsAtShutdown"/> for a session a
    /// graceful stop ends. Registered after the storage writer's sink.
    /// </summary>
    public static IServiceCollection AddReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReportOptions>().BindConfiguration(ReportOptions.Section);
        services.AddSingleton<SessionReports>();
        services.AddSingleton<ReportFiles>();
        services.AddSingleton<SessionEndReports>();
        services.AddSingleton<IPipelineSink>(sp => sp.GetRequiredService<SessionEndReports>());
        // First of all hosted services, so the last to stop: the report needs every line stored.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, ReportsAtShutdown>());
        return services;
    }

    /// <summary>The session report job, inside the program's one <c>services.AddQuartz(q => …)</c>.</summary>
    public static IQuartzBuilder AddReportJobs(this IQuartzBuilder quartz) =>
        quartz.AddJob<SessionReportJob>(j => j.WithIdentity(SessionReportJob.Key).StoreDurably());
}
