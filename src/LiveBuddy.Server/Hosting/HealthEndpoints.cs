using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Core.Sources;

namespace LiveBuddy.Server.Hosting;

/// <summary>The <c>/healthz</c> answer: overall status, each source's state, the current session.</summary>
public sealed record HealthReport(string Status, string? SessionId, IReadOnlyList<SourceStatus> Sources, int PipelineBacklog,
    IReadOnlyDictionary<string, long> Counters);

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (SourceStatusBoard sources, SessionTracker sessions, EventIngress ingress, Counters counters) =>
        {
            var all = sources.All();
            var status = all.Count > 0 && all.All(s => s.State is SourceState.Failed or SourceState.Stopped) ? "degraded"
                : all.Any(s => s.State is SourceState.Failed or SourceState.Reconnecting) ? "degraded" : "ok";
            return Results.Json(new HealthReport(status, sessions.Current?.Id, all, ingress.Backlog, counters.Snapshot()));
        });
        return app;
    }
}
