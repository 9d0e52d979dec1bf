using LiveBuddy.Core.ChannelPoints;
using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Server.Hosting;
using LiveBuddy.Storage.ChannelPoints;
using LiveBuddy.Storage.Sessions;
using LiveBuddy.Storage.Writing;

namespace LiveBuddy.Server.ChannelPoints;

public static class ChannelPointsRegistration
{
    /// <summary>
    /// The channel-points redemption queue (rewards in <c>Twitch:Rewards</c>; the reward sync itself is part of the Twitch API
    /// registration), carried on from storage after a restart, with <c>!fulfil</c>, <c>!refund</c> and <c>!redemptions</c>.
    /// </summary>
    public static IServiceCollection AddChannelPoints(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IStorageExtension, RedemptionRecords>();
        services.AddSingleton(sp =>
        {
            using var db = sp.GetRequiredService<SessionStore>().OpenRead();
            return new RedemptionQueue(RedemptionRecords.LoadWaiting(db));
        });
        services.AddSingleton<IStreamFeature>(sp => sp.GetRequiredService<RedemptionQueue>());
        services.AddSingleton<IChatCommandHandler>(sp => sp.GetRequiredService<RedemptionQueue>());
        services.AddSingleton<RedemptionResolver>();
        services.AddSingleton<IPipelineSink>(sp => sp.GetRequiredService<RedemptionResolver>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<RedemptionResolver>());
        return services;
    }

    /// <summary>
    /// <c>GET /api/redemptions</c> (the queue, oldest first); <c>POST /api/redemptions/{id}/fulfil</c> and
    /// <c>/refund</c>, where <c>{id}</c> may be <c>oldest</c>: answered once Twitch has (the redemption, or 400 with Twitch's reason).
    /// </summary>
    public static IEndpointRouteBuilder MapChannelPointsEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/redemptions", (EventIngress ingress, CancellationToken ct) => ControlApi.SendAsync(ingress, new ListRedemptions(), ct));
        api.MapPost("/redemptions/{id}/fulfil", (string id, EventIngress ingress, CancellationToken ct) => ResolveAsync(id, RedemptionAction.Fulfil, ingress, ct));
        api.MapPost("/redemptions/{id}/refund", (string id, EventIngress ingress, CancellationToken ct) => ResolveAsync(id, RedemptionAction.Refund, ingress, ct));
        return api;
    }

    private static async Task<IResult> ResolveAsync(string id, RedemptionAction action, EventIngress ingress, CancellationToken ct)
    {
        var result = await ControlApi.AskAsync(ingress, new ResolveRedemption(id, action, "control page"), ct);
        if (result is ControlError error) return ControlApi.Problem(error.Message);
        if (result is not RedemptionResolveRequested requested) return ControlApi.Problem("The redemption was not sent to Twitch.");
        var redemption = await requested.Outcome.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        var payload = RedemptionPayload.From(redemption);
        return redemption.Status is RedemptionStatus.Fulfilled or RedemptionStatus.Refunded
            ? Results.Json(payload)
            : Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not done", detail: redemption.Problem ?? "Twitch did not take it.");
    }
}
