using LiveBuddy.Server.Api;
using LiveBuddy.Server.Overlays;
using LiveBuddy.Server.Reports;
using LiveBuddy.Server.Security;
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

    /// <summary>SignalR for overlays (with the Redis backplane only when <c>Redis:Connection</c> is set).</summary>
    public static IServiceCollection AddOverlayHub(this IServiceCollection services, IConfiguration configuration)
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
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase;
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
        });
        // Oversized request bodies are refused before any endpoint reads them.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = RequestSizeLimits.BodyLimit);
        return services;
    }

    /// <summary>Routes: health, overlay pages, control page, hub and the admin API.</summary>
    public static WebApplication MapLiveBuddy(this WebApplication app)
    {
        app.UseMiddleware<RequestSizeLimits>();
        app.UseMiddleware<OverlayKeyMiddleware>();
        var overlayFolder = LocateOverlayFolder();
        if (Directory.Exists(overlayFolder))
        {
            var files = new PhysicalFileProvider(overlayFolder);
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files, RequestPath = "/overlay" });
            app.MapGet("/", () => Results.File(Path.Combine(overlayFolder, "control.html"), "text/html; charset=utf-8"));
        }
        app.MapHealth();
        app.MapHub<OverlayHub>(OverlayHub.Path);
        app.MapYouTubeCallback();
        var api = app.MapGroup("/api").AddEndpointFilter<AdminKeyFilter>();
        api.MapSessions();
        api.MapControl();
        api.MapReports();
        return app;
    }

    public static string LocateOverlayFolder()
    {
        var inWorkingDir = Path.GetFullPath("overlay");
        return Directory.Exists(inWorkingDir) ? inWorkingDir : Path.Combine(AppContext.BaseDirectory, "overlay");
    }
}
