using LiveBuddy.Core.Goals;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Server.Hosting;
using LiveBuddy.Server.Overlays;
using LiveBuddy.Storage.Goals;
using LiveBuddy.Storage.Sessions;
using LiveBuddy.Storage.Writing;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Server.Goals;

/// <summary>Body of <c>POST /api/goals/{kind}</c>: any of label, target and progress (missing ones stay as they are).</summary>
public sealed record GoalBody(string? Label, long? Target, decimal? Current);

public static class GoalsRegistration
{
    /// <summary>The goal bars (the <c>Goals</c> section), counting from where storage left them.</summary>
    public static IServiceCollection AddGoals(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GoalsOptions>().BindConfiguration("Goals");
        services.AddSingleton<IStorageExtension, GoalRecords>();
        services.AddSingleton(sp =>
        {
            using var db = sp.GetRequiredService<SessionStore>().OpenRead();
            return new GoalBoard(sp.GetRequiredService<IOptions<GoalsOptions>>().Value, GoalRecords.Load(db), sp.GetRequiredService<Counters>());
        });
        services.AddSingleton<IStreamFeature>(sp => sp.GetRequiredService<GoalBoard>());
        services.AddHostedService<GoalsSnapshotSeed>();
        return services;
    }

    /// <summary><c>GET /api/goals</c>, <c>POST /api/goals/{kind}</c> (followers, subs, bits, superchat, points, messages).</summary>
    public static IEndpointRouteBuilder MapGoalsEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/goals", (GoalBoard goals) => Results.Json(goals.Current));
        api.MapPost("/goals/{kind}", (string kind, GoalBody body, EventIngress ingress, CancellationToken ct) =>
            ControlApi.SendAsync(ingress, new SetGoal(kind, body.Label, body.Target, body.Current), ct));
        return api;
    }
}

/// <summary>Puts the stored goals into the overlays' <c>state</c> snapshot at start, so a goal bar shows its progress before anything new is counted.</summary>
internal sealed class GoalsSnapshotSeed(OverlayBroadcaster broadcaster, GoalBoard goals) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        broadcaster.SetFeatureState(OverlayMethods.Goals, goals.Current);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
