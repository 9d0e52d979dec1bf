using LiveBuddy.Core.Credits;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Server.Hosting;
using LiveBuddy.Server.Sessions;
using LiveBuddy.Storage.Credits;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Server.Credits;

public static class CreditsRegistration
{
    /// <summary>End credits (the <c>Credits</c> section), still naming everyone after a restart within the session.</summary>
    public static IServiceCollection AddCredits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CreditsOptions>().BindConfiguration("Credits");
        services.AddSingleton(sp => new CreditsRoll(sp.GetRequiredService<IOptions<CreditsOptions>>().Value,
            ResumableSession.Load(sp, (db, id, _) => CreditsRecords.Load(db, id))));
        services.AddSingleton<IStreamFeature>(sp => sp.GetRequiredService<CreditsRoll>());
        return services;
    }

    /// <summary><c>POST /api/credits</c> rolls the credits on the overlay; <c>GET /api/credits</c> shows what they would name.</summary>
    public static IEndpointRouteBuilder MapCreditsEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/credits", (EventIngress ingress, CancellationToken ct) => ControlApi.SendAsync(ingress, new RollCredits(), ct));
        api.MapGet("/credits", (EventIngress ingress, CancellationToken ct) => ControlApi.SendAsync(ingress, new PreviewCredits(), ct));
        return api;
    }
}
