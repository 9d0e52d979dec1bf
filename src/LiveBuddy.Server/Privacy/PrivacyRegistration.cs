using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Storage.Privacy;
using LiveBuddy.Storage.Reports;
using Microsoft.Extensions.Options;
using Quartz;

namespace LiveBuddy.Server.Privacy;

public static class PrivacyRegistration
{
    /// <summary>
    /// <c>!forgetme</c> and erasing one viewer (<see cref="ViewerErasure"/>), and retention (<c>Storage:RetentionDays</c>,
    /// <see cref="DataRetention"/>).
    /// </summary>
    public static IServiceCollection AddPrivacy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<DataRetention>();
        services.AddSingleton<ViewerErasure>();
        services.AddSingleton<IStreamFeature>(sp => new ForgetMeCommand(sp.GetRequiredService<IOptions<CommandsOptions>>().Value));
        services.AddSingleton<ForgetMeWorker>();
        services.AddSingleton<IPipelineSink>(sp => sp.GetRequiredService<ForgetMeWorker>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ForgetMeWorker>());
        return services;
    }

    /// <summary>The daily retention job, inside the program's one <c>services.AddQuartz(q => …)</c>.</summary>
    public static IQuartzBuilder AddPrivacyJobs(this IQuartzBuilder quartz, TimeProvider? time = null)
    {
        var now = (time ?? TimeProvider.System).GetUtcNow();
        quartz.AddJob<RetentionJob>(j => j.WithIdentity(RetentionJob.Key).StoreDurably());
        quartz.AddTrigger(t => t.ForJob(RetentionJob.Key).WithIdentity("retention-daily", "reports")
            .StartAt(now.AddMinutes(10))
            .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromDays(1)).RepeatForever()));
        return quartz;
    }

    /// <summary><c>DELETE /api/viewers/{platform}/{userId}</c>: erases one viewer's stored data and rewrites their reports.</summary>
    public static IEndpointRouteBuilder MapPrivacyEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapDelete("/viewers/{platform}/{userId}", async (string platform, string userId, ViewerErasure erasure, CancellationToken ct) =>
        {
            if (!PlatformNames.TryParse(platform, out var parsed))
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown platform", detail: "Use twitch, youtube or demo.");
            var result = await erasure.EraseAsync(parsed, userId, null, ct).ConfigureAwait(false);
            return Results.Json(result, ReportJsonContext.Default.ErasureResult);
        });
        return api;
    }
}
