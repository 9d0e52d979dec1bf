using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sources;
using LiveBuddy.Tips.KoFi;
using LiveBuddy.Tips.Tips;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Server.Tips;

public static class TipsRegistration
{
    /// <summary>
    /// Tip services (the <c>Tips</c> section), each off until its token is set: Streamlabs' and StreamElements' sockets
    /// run as a hosted service; Ko-fi posts to <c>/webhooks/kofi</c>. Every tip becomes a <c>tip</c> alert.
    /// </summary>
    public static IServiceCollection AddTips(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TipsOptions>().BindConfiguration("Tips");
        var options = configuration.GetSection("Tips").Get<TipsOptions>() ?? new TipsOptions();
        if (!options.Streamlabs.IsConfigured && !options.StreamElements.IsConfigured) return services;
        services.AddSingleton(sp =>
        {
            var ingress = sp.GetRequiredService<EventIngress>();
            return new TipSources(sp.GetRequiredService<IOptions<TipsOptions>>().Value, (tip, ct) => ingress.PublishAsync(tip, ct),
                sp.GetRequiredService<SourceStatusBoard>(), sp.GetRequiredService<Counters>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>());
        });
        services.AddHostedService<TipsService>();
        return services;
    }

    /// <summary>
    /// <c>POST /webhooks/kofi</c>: Ko-fi's webhook (form field <c>data</c>), checked against <c>Tips:KoFi:VerificationToken</c>
    /// instead of the admin key, since Ko-fi cannot send one. Ko-fi must be able to reach this address.
    /// </summary>
    public static IEndpointRouteBuilder MapTipsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/kofi", async (HttpRequest request, IOptions<TipsOptions> options, EventIngress ingress, TimeProvider time, Counters counters,
            CancellationToken ct) =>
        {
            if (!options.Value.KoFi.IsConfigured) return Results.NotFound();
            if (!request.HasFormContentType) return Results.BadRequest();
            var form = await request.ReadFormAsync(ct).ConfigureAwait(false);
            switch (KoFiWebhook.Read(form["data"].ToString(), options.Value.KoFi, time.GetUtcNow(), out var tip))
            {
                case KoFiOutcome.Accepted:
                    counters.Add("tips.received");
                    await ingress.PublishAsync(tip!, ct).ConfigureAwait(false);
                    return Results.Ok();
                case KoFiOutcome.WrongToken:
                    counters.Add("tips.kofi_refused");
                    return Results.StatusCode(StatusCodes.Status403Forbidden);
                default:
                    counters.Add("tips.kofi_malformed");
                    return Results.BadRequest();
            }
        }).DisableAntiforgery();
        return app;
    }
}

/// <summary>Keeps the configured tip sockets connected while the host runs.</summary>
public sealed class TipsService(TipSources sources) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => sources.RunAsync(stoppingToken);
}
