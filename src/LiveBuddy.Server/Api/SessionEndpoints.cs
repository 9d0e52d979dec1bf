using LiveBuddy.Storage.Queries;

namespace LiveBuddy.Server.Api;

public static class SessionEndpoints
{
    public static RouteGroupBuilder MapSessions(this RouteGroupBuilder api)
    {
        api.MapGet("/sessions", (SessionStore store) => Results.Json(store.List()));
        api.MapGet("/sessions/{id}", (string id, SessionStore store) =>
            store.Get(id) is { } session ? Results.Json(session) : Results.NotFound());
        return api;
    }
}
