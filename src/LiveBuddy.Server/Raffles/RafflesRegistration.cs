using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Credits;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Points;
using LiveBuddy.Core.Raffles;
using LiveBuddy.Server.Commands;
using LiveBuddy.Server.Hosting;
using LiveBuddy.Storage.Raffles;
using LiveBuddy.Storage.Writing;

namespace LiveBuddy.Server.Raffles;

public static class RafflesRegistration
{
    /// <summary>Raffles (<c>!raffle</c>, <c>!join</c>), continuing one a restart left unfinished; costs go through the points bank.</summary>
    public static IServiceCollection AddRaffles(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IStorageExtension, RaffleRecords>();
        services.AddSingleton(sp => new RaffleDraw(sp.GetRequiredService<PointsBank>(), StoredState.Load(sp, RaffleRecords.LoadUnfinished),
            prefix: sp.CommandPrefix(),
            // Asked when a raffle opens, long after start: the router is built from the handlers, this one among them.
            isCommand: word => sp.GetRequiredService<CommandRouter>().IsCommand(word),
            credits: sp.GetRequiredService<CreditsRoll>()));
        services.AddSingleton<IStreamFeature>(sp => sp.GetRequiredService<RaffleDraw>());
        services.AddSingleton<IChatCommandHandler>(sp => sp.GetRequiredService<RaffleDraw>());
        return services;
    }

    /// <summary>
    /// <c>GET /api/raffles/current</c>, <c>POST /api/raffles</c> (<c>{keyword, durationSeconds, cost}</c>) and
    /// <c>POST /api/raffles/{draw|close|cancel}</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapRafflesEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/raffles/current", (EventIngress ingress, CancellationToken ct) => ControlApi.SendAsync(ingress, new GetRaffle(), ct));
        api.MapPost("/raffles", (OpenRaffleRequest body, EventIngress ingress, CancellationToken ct) =>
            ControlApi.SendAsync(ingress, new OpenRaffle(body.Keyword,
                body.DurationSeconds is > 0 ? TimeSpan.FromSeconds(body.DurationSeconds.Value) : null, body.Cost), ct));
        api.MapPost("/raffles/{action}", (string action, EventIngress ingress, CancellationToken ct) =>
            ControlApi.SendAsync(ingress, new RaffleAction(action), ct));
        return api;
    }

    private sealed record OpenRaffleRequest(string? Keyword, int? DurationSeconds, long Cost);
}
