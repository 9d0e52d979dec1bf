using LiveBuddy.Core.Pipeline;
using LiveBuddy.Server.Security;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace LiveBuddy.Server.Hosting;

/// <summary>The <c>Telemetry</c> configuration section.</summary>
public sealed record TelemetryOptions
{
    public const string Section = "Telemetry";
    /// <summary>An OpenTelemetry collector to push the counters to (e.g. <c>http://localhost:4317</c>); off when empty.</summary>
    public string? OtlpEndpoint { get; init; }
    /// <summary><c>grpc</c> (port 4317) or <c>http/protobuf</c> (port 4318, the endpoint ends in <c>/v1/metrics</c>).</summary>
    public string OtlpProtocol { get; init; } = "grpc";
    /// <summary>How often the counters are pushed to the collector.</summary>
    public TimeSpan OtlpInterval { get; init; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// What every LiveBuddy host gets before its features (in the spirit of .NET Aspire's ServiceDefaults): logging that
/// keeps secrets out, and OpenTelemetry metrics for the <see cref="Counters"/> (a Prometheus <c>/metrics</c> endpoint
/// behind the admin key, and OTLP when <c>Telemetry:OtlpEndpoint</c> is set).
/// </summary>
public static class LiveBuddyDefaults
{
    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddLiveBuddyDefaults(this WebApplicationBuilder builder)
    {
        // "Request starting GET /overlay/chat.html?key=…" would put the overlay key in the log whenever someone turns
        // Microsoft.AspNetCore up to Information to debug: request lines are left out (a filter added in code wins over the configuration).
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);

        var telemetry = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            // Ours, and the runtime's own (GC, memory, CPU, thread pool: "System.Runtime", built into .NET 9+).
            metrics.AddMeter(Counters.MeterName, "System.Runtime");
            metrics.AddPrometheusExporter();
            if (!string.IsNullOrWhiteSpace(telemetry.OtlpEndpoint))
            {
                metrics.AddOtlpExporter((exporter, reader) =>
                {
                    exporter.Endpoint = new Uri(telemetry.OtlpEndpoint);
                    exporter.Protocol = telemetry.OtlpProtocol.Equals("http/protobuf", StringComparison.OrdinalIgnoreCase)
                        ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)telemetry.OtlpInterval.TotalMilliseconds;
                });
            }
        });
        return builder;
    }

    /// <summary><c>GET /metrics</c>: Prometheus text, with <c>Authorization: Bearer &lt;admin key&gt;</c> like the API.</summary>
    public static IEndpointRouteBuilder MapLiveBuddyDefaults(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (context, next) =>
        {
            if (!AdminKeyFilter.HasAdminKey(context))
            {
                await AdminKeyFilter.Refuse(context).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
            await next(context).ConfigureAwait(false);
        }), optionsName: null);
        return app;
    }
}
