using LiveBuddy.Server.Hosting;
using LiveBuddy.Server.Security;
using Microsoft.Extensions.FileProviders;

namespace LiveBuddy.Server.Overlays;

/// <summary>The overlay URLs the control page shows with copy buttons.</summary>
public sealed record OverlayUrls(string OverlayKey, IReadOnlyDictionary<string, string> Urls);

public static class OverlayRegistration
{
    /// <summary>The overlay pages in <c>overlay/</c> a streamer adds to OBS.</summary>
    public static readonly string[] Widgets = ["chat", "alerts", "poll", "qa", "mood", "goal", "credits"];

    /// <summary>SignalR for overlays (with the Redis backplane only when <c>Redis:Connection</c> is set).</summary>
    public static IServiceCollection AddOverlays(this IServiceCollection services, IConfiguration configuration)
    {
        var signalR = services.AddSignalR(o => o.MaximumReceiveMessageSize = 4 * 1024)
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        var redis = configuration["Redis:Connection"];
        if (!string.IsNullOrWhiteSpace(redis))
        {
            // Redis pub/sub channels are shared by every database on a server: streams that share a Redis need their own prefix.
            var prefix = configuration["Redis:ChannelPrefix"];
            signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix =
                StackExchange.Redis.RedisChannel.Literal(string.IsNullOrWhiteSpace(prefix) ? "livebuddy" : prefix));
            services.AddHostedService<RedisBackplaneCheck>();
        }
        return services;
    }

    /// <summary>The overlay pages under <c>/overlay</c>, the control page at <c>/</c>, and the hub.</summary>
    public static WebApplication MapOverlays(this WebApplication app)
    {
        var overlayFolder = LocateOverlayFolder();
        if (Directory.Exists(overlayFolder))
        {
            var files = new PhysicalFileProvider(overlayFolder);
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files, RequestPath = "/overlay" });
            app.MapGet("/", () => Results.File(Path.Combine(overlayFolder, "control.html"), "text/html; charset=utf-8"));
        }
        app.MapHub<OverlayHub>(OverlayHub.Path);
        return app;
    }

    /// <summary><c>GET /api/overlays</c>: each overlay's URL with the overlay key.</summary>
    public static IEndpointRouteBuilder MapOverlayEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/overlays", (HttpContext http, AccessKeys keys) =>
        {
            var origin = $"{http.Request.Scheme}://{http.Request.Host}";
            return Results.Json(new OverlayUrls(keys.OverlayKey,
                Widgets.ToDictionary(w => w, w => $"{origin}/overlay/{w}.html?key={keys.OverlayKey}", StringComparer.Ordinal)));
        });
        return api;
    }

    public static string LocateOverlayFolder()
    {
        var inWorkingDir = Path.GetFullPath("overlay");
        return Directory.Exists(inWorkingDir) ? inWorkingDir : Path.Combine(AppContext.BaseDirectory, "overlay");
    }
}
