using LiveBuddy.Core.Sessions;
using LiveBuddy.Storage.Sessions;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Server.Sessions;

public static class SessionsRegistration
{
    /// <summary>
    /// The session tracker (the <c>Sessions</c> section), continuing the session a restart within its silence
    /// window left open.
    /// </summary>
    public static IServiceCollection AddSessions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SessionRules>().BindConfiguration("Sessions");
        services.AddSingleton(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            var options = sp.GetRequiredService<IOptions<SessionRules>>().Value;
            var resumable = sp.GetRequiredService<SessionStore>().LoadResumable(time.GetUtcNow(), options.Silence);
            return new SessionTracker(time, options, resumable);
        });
        return services;
    }

    /// <summary><c>GET /api/sessions</c> and <c>GET /api/sessions/{id}</c>.</summary>
    public static IEndpointRouteBuilder MapSessionsEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/sessions", (SessionStore store) => Results.Json(store.List()));
        api.MapGet("/sessions/{id}", (string id, SessionStore store) =>
            store.Get(id) is { } session ? Results.Json(session) : Results.NotFound());
        return api;
    }
}
