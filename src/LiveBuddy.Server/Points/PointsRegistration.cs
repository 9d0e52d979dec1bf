using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Goals;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Points;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Server.Hosting;
using LiveBuddy.Storage.Points;
using LiveBuddy.Storage.Writing;
using LiveBuddy.Twitch.Points;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Server.Points;

public static class PointsRegistration
{
    /// <summary>The channel currency (the <c>Points</c> section): balances and recent awards from storage.</summary>
    public static IServiceCollection AddPoints(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PointsOptions>().BindConfiguration("Points");
        services.AddSingleton<IStorageExtension, PointsRecords>();
        services.AddSingleton(sp => StoredState.Load(sp, db => new PointsBank(sp.GetRequiredService<IOptions<PointsOptions>>().Value,
            PointsRecords.LoadAccounts(db), PointsRecords.LoadLastAwards(db, PointsBank.ActivityKind), sp.GetRequiredService<GoalBoard>(),
            PointsRecords.LoadLastAwards(db, PointsBank.PresenceKind))));
        // Presence points on Twitch (Get Chatters, as a moderator), asked only while a session is live.
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<TwitchPresence>(sp,
            (Func<bool>)(() => sp.GetRequiredService<SessionTracker>().Current is not null)));
        services.AddSingleton<IStreamFeature>(sp => sp.GetRequiredService<PointsBank>());
        services.AddSingleton<IChatCommandHandler>(sp => sp.GetRequiredService<PointsBank>());
        return services;
    }

    /// <summary><c>GET /api/points/top?count=N</c> (10; up to 1,000) and <c>POST /api/points</c> (<c>{platform, user, amount}</c>, negative removes).</summary>
    public static IEndpointRouteBuilder MapPointsEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/points/top", (int? count, EventIngress ingress, CancellationToken ct) =>
            ControlApi.SendAsync(ingress, new ListTopPoints(count ?? 10), ct));
        api.MapPost("/points", (AdjustPointsRequest body, EventIngress ingress, CancellationToken ct) =>
            PlatformNames.TryParse(body.Platform ?? "", out var platform)
                ? ControlApi.SendAsync(ingress, new AdjustPoints(platform, body.User ?? "", body.Amount), ct)
                : Task.FromResult(ControlApi.Problem("platform must be twitch, youtube or demo.")));
        return api;
    }

    private sealed record AdjustPointsRequest(string? Platform, string? User, long Amount);
}
