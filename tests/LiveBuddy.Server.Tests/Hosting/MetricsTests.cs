using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace LiveBuddy.Server.Tests.Hosting;

/// <summary>The counters as OpenTelemetry exports them: Prometheus <c>/metrics</c> behind the admin key, and OTLP when configured.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task Metrics_needs_the_admin_key_and_shows_the_same_counts_as_healthz()
    {
        await using var host = TestHost.Start();
        host.Counters.Add("test.metrics_probe", 7);
        using var anonymous = host.CreateClient();
        using var admin = host.CreateClient(admin: true);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
        Assert.Equal(1, host.Counters.Value("api.rejected_key"));
        var metrics = await admin.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        using var health = JsonDocument.Parse(await anonymous.GetStringAsync(new Uri("/healthz", UriKind.Relative)));

        Assert.Equal(7, health.RootElement.GetProperty("counters").GetProperty("test.metrics_probe").GetInt64());
        Assert.Equal("7", Sample(metrics, "test_metrics_probe_total"));
        Assert.NotNull(Sample(metrics, "api_rejected_key_total"));
    }

    [Fact]
    public async Task With_an_otlp_endpoint_the_counters_are_pushed_to_the_collector()
    {
        var received = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var collector = WebApplication.CreateBuilder();
        collector.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = collector.Build();
        app.MapPost("/v1/metrics", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            if (request.ContentType == "application/x-protobuf" && body.ToArray() is var bytes && Contains(bytes, "test.otlp_probe"u8)) received.TrySetResult(bytes);
            return Results.Ok();
        });
        await app.StartAsync();

        await using var host = TestHost.Start(new Dictionary<string, string?>
        {
            ["Telemetry:OtlpEndpoint"] = app.Urls.First() + "/v1/metrics",
            ["Telemetry:OtlpProtocol"] = "http/protobuf",
            ["Telemetry:OtlpInterval"] = "00:00:00.200",
        });
        host.Counters.Add("test.otlp_probe", 3);

        var body = await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(Contains(body, "LiveBuddy"u8), "the export names the LiveBuddy meter");
    }

    private static bool Contains(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    /// <summary>The value of a Prometheus sample (any labels), e.g. <c>name{otel_scope_name="LiveBuddy"} 7</c>.</summary>
    private static string Sample(string metrics, string name)
    {
        var match = Regex.Match(metrics, $@"^{Regex.Escape(name)}(\{{[^}}]*\}})? (\S+)", RegexOptions.Multiline);
        Assert.True(match.Success, $"{name} is not in /metrics:\n{metrics}");
        return match.Groups[2].Value;
    }
}
