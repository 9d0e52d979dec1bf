using LiveBuddy.Core.Alerts;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Moderation;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Server.Hosting;
using LiveBuddy.Storage.Alerts;
using LiveBuddy.Storage.Writing;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Server.Alerts;

/// <summary>Body of <c>POST /api/alerts/test</c>: an alert kind in camelCase (<c>subscription</c>, <c>superChat</c>…).</summary>
public sealed record TestAlertRequest(string Kind, string? Platform);

public static class AlertsRegistration
{
    /// <summary>The alert queue (the <c>Alerts</c> section; names pass the moderation word filter) and its storage.</summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertsOptions>().BindConfiguration("Alerts");
        services.AddSingleton<IStorageExtension, AlertRecords>();
        services.AddSingleton(sp => new AlertQueue(sp.GetRequiredService<IOptions<AlertsOptions>>().Value,
            WordFilter.From(sp.GetRequiredService<IOptions<ModerationOptions>>().Value), sp.GetService<IChatScorer>()));
        services.AddSingleton<IStreamFeature>(sp => sp.GetRequiredService<AlertQueue>());
        return services;
    }

    /// <summary><c>POST /api/alerts/{id}/replay</c> and <c>POST /api/alerts/test</c>.</summary>
    public static IEndpointRouteBuilder MapAlertsEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/alerts/{id}/replay", (string id, EventIngress ingress, CancellationToken ct) => ControlApi.SendAsync(ingress, new ReplayAlert(id), ct));
        api.MapPost("/alerts/test", (TestAlertRequest body, EventIngress ingress, CancellationToken ct) =>
        {
            if (!Enum.TryParse<AlertKind>(body.Kind, ignoreCase: true, out var kind))
                return Task.FromResult(ControlApi.Problem($"Unknown alert kind '{body.Kind}'."));
            var platform = PlatformNames.TryParse(body.Platform, out var p) ? p : Platform.Demo;
            return ControlApi.SendAsync(ingress, new TestAlert(kind, platform), ct);
        });
        return api;
    }
}
