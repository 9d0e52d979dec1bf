using LiveBuddy.Core.Commands;
using LiveBuddy.Core.NamedCounters;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Server.Hosting;
using LiveBuddy.Storage.NamedCounters;
using LiveBuddy.Storage.Writing;

// Not LiveBuddy.Server.Counters: it would hide the pipeline's Counters (metrics) type (see Core/Counters).
namespace LiveBuddy.Server.NamedCounters;

public static class CountersRegistration
{
    /// <summary>Named counters (<c>!count</c>, <c>{count:name}</c>), read from storage.</summary>
    public static IServiceCollection AddNamedCounters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IStorageExtension, CounterRecords>();
        services.AddSingleton(sp => StoredState.Load(sp, db => new CounterBoard(CounterRecords.LoadCounters(db))));
        services.AddSingleton<IStreamFeature>(sp => sp.GetRequiredService<CounterBoard>());
        services.AddSingleton<IChatCommandHandler>(sp => sp.GetRequiredService<CounterBoard>());
        return services;
    }

    /// <summary><c>GET /api/counters</c> and <c>POST /api/counters/{name}</c> (<c>{value}</c>).</summary>
    public static IEndpointRouteBuilder MapCountersEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/counters", (EventIngress ingress, CancellationToken ct) => ControlApi.SendAsync(ingress, new ListCounters(), ct));
        api.MapPost("/counters/{name}", (string name, SetCounterRequest body, EventIngress ingress, CancellationToken ct) =>
            ControlApi.SendAsync(ingress, new SetCounter(name, body.Value), ct));
        return api;
    }

    private sealed record SetCounterRequest(long Value);
}
