using LiveBuddy.Server.Alerts;
using LiveBuddy.Server.Auth;
using LiveBuddy.Server.ChannelPoints;
using LiveBuddy.Server.Credits;
using LiveBuddy.Server.Goals;
using LiveBuddy.Server.Import;
using LiveBuddy.Server.NamedCounters;
using LiveBuddy.Server.Overlays;
using LiveBuddy.Server.Points;
using LiveBuddy.Server.Polls;
using LiveBuddy.Server.Privacy;
using LiveBuddy.Server.Qa;
using LiveBuddy.Server.Quotes;
using LiveBuddy.Server.Raffles;
using LiveBuddy.Server.Reports;
using LiveBuddy.Server.Security;
using LiveBuddy.Server.Sessions;
using LiveBuddy.Server.Shoutouts;
using LiveBuddy.Server.Tips;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace LiveBuddy.Server.Hosting;

public static class WebRegistration
{
    public const string DefaultUrl = "http://localhost:5180";

    /// <summary>
    /// Reads <c>config/appsettings.json</c> after the built-in JSON files and before environment variables
    /// and the command line, so <c>Section__Key</c> and <c>--Section:Key</c> still override it.
    /// </summary>
    public static ConfigFolder AddConfigFolder(this WebApplicationBuilder builder)
    {
        var folder = ConfigFolder.Locate();
        var sources = builder.Configuration.Sources;
        var index = sources.ToList().FindLastIndex(s => s is JsonConfigurationSource) + 1;
        if (Directory.Exists(folder.Path))
        {
            // timers.json holds the "Timers" section; appsettings.json may override it.
            foreach (var file in new[] { "appsettings.json", "timers.json" })
            {
                sources.Insert(index, new JsonConfigurationSource
                {
                    Path = file, Optional = true, ReloadOnChange = false, FileProvider = new PhysicalFileProvider(folder.Path),
                });
            }
        }
        // Loopback on port 5180 unless --urls, ASPNETCORE_URLS or the config says otherwise.
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(DefaultUrl);
        return folder;
    }

    /// <summary>JSON in camelCase for every HTTP answer; oversized request bodies are refused before any endpoint reads them.</summary>
    public static IServiceCollection AddHttpApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase;
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
        });
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = RequestSizeLimits.BodyLimit);
        return services;
    }

    /// <summary>
    /// Routes: health, overlay pages and hub, the control page, the YouTube sign-in callback, and each feature's
    /// admin API under <c>/api</c> (admin key).
    /// </summary>
    public static WebApplication MapLiveBuddy(this WebApplication app)
    {
        // Once LiveBuddy is stopping, SignalR closes the overlays' connections, and an overlay reconnects at once. Kestrel
        // still listens for a moment, and a hub connection it accepts then holds Kestrel's stop for the whole shutdown
        // timeout (dotnet/aspnetcore#58947): the pipeline and storage are left no time to drain. New requests are refused.
        var stopping = app.Lifetime.ApplicationStopping;
        app.Use((context, next) =>
        {
            if (!stopping.IsCancellationRequested) return next(context);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.Connection = "close";
            return Task.CompletedTask;
        });
        app.UseMiddleware<RequestSizeLimits>();
        app.UseMiddleware<OverlayKeyMiddleware>();
        app.MapOverlays();
        app.MapHealth();
        app.MapLiveBuddyDefaults(); // /metrics
        app.MapYouTubeCallback();
        app.MapTipsEndpoints(); // Ko-fi's webhook: its own verification token, not the admin key
        var api = app.MapGroup("/api").AddEndpointFilter<AdminKeyFilter>();
        api.MapOverlayEndpoints();
        api.MapSignInEndpoints();
        api.MapSessionsEndpoints();
        api.MapPollsEndpoints();
        api.MapQaEndpoints();
        api.MapAlertsEndpoints();
        api.MapReportsEndpoints();
        api.MapPrivacyEndpoints();
        api.MapPointsEndpoints();
        api.MapRafflesEndpoints();
        api.MapQuotesEndpoints();
        api.MapCountersEndpoints();
        api.MapImportEndpoints();
        api.MapShoutoutsEndpoints();
        api.MapGoalsEndpoints();
        api.MapCreditsEndpoints();
        api.MapChannelPointsEndpoints();
        return app;
    }
}
