using System.Net;
using System.Net.Sockets;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace LiveBuddy.Server.Tests.Overlays;

/// <summary>
/// The real LiveBuddy host on Kestrel (127.0.0.1, fixed keys, its own data folder, demo chat off) with one extra
/// pipeline feature, <see cref="OverlayProbe"/>, so a test can emit what a feature would (a poll change, an alert,
/// a mood reading) through the ordered pipeline into the real overlay broadcaster and hub.
/// </summary>
public sealed class OverlayTestHost : IAsyncDisposable
{
    public const string OverlayKey = "overlay-key-for-browser-tests";
    public const string AdminKey = "admin-key-for-browser-tests";

    private readonly WebApplicationFactory<Program> _factory;
    private bool _stopped;

    private OverlayTestHost(WebApplicationFactory<Program> factory, string dataPath, Uri baseUrl)
    {
        _factory = factory;
        DataPath = dataPath;
        BaseUrl = baseUrl;
    }

    public string DataPath { get; }
    public Uri BaseUrl { get; }
    public IServiceProvider Services => _factory.Services;
    public EventIngress Ingress => Services.GetRequiredService<EventIngress>();

    /// <summary>Starts a host on <paramref name="port"/> (a free one when 0) with data in <paramref name="dataPath"/>.</summary>
    public static OverlayTestHost Start(string? dataPath = null, int port = 0)
    {
        dataPath ??= Path.Combine(Path.GetTempPath(), "livebuddy-overlay-test-" + Guid.NewGuid().ToString("N"));
        // The host's own address setting, so the program's default (localhost:5180, which parallel hosts would fight
        // over) is never used; a fixed port lets a restart test come back on the same address.
        if (port == 0) port = FreePort();
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["Storage:Path"] = dataPath,
            ["Demo:Mode"] = "off",
            ["Security:OverlayKey"] = OverlayKey,
            ["Security:AdminKey"] = AdminKey,
            ["Logging:LogLevel:Default"] = "Warning",
            // The host's own mood estimate would push between the readings a test sends; once a day it stays out of the way.
            ["Mood:PushInterval"] = "1.00:00:00",
        };
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
            builder.ConfigureTestServices(services => services.AddSingleton<IStreamFeature, OverlayProbe>());
        });
        factory.UseKestrel();
        factory.StartServer();
        var address = $"http://127.0.0.1:{port}/";
        return new OverlayTestHost(factory, dataPath, new Uri(address));
    }

    /// <summary>A TCP port nobody listens on right now (for a host that must come back on the same address).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public string Widget(string widget, string query = "") =>
        new Uri(BaseUrl, $"/overlay/{widget}.html?key={OverlayKey}{query}").ToString();

    /// <summary>Publishes a platform event into the pipeline, as a chat source would.</summary>
    public ValueTask PublishAsync(StreamEvent streamEvent) => Ingress.PublishAsync(streamEvent);

    /// <summary>Emits a feature update (poll, qa, alert, mood…) from inside the pipeline and waits until it was delivered to the sinks.</summary>
    public Task ShowAsync(LiveUpdate update) => Ingress.RequestAsync(new ShowOnOverlays(update));

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a late reader: the temp folder is cleaned by the OS.
        }
    }

    /// <summary>Stops the host but keeps its data folder (a restart on the same port and data continues it).</summary>
    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await _factory.DisposeAsync();
    }
}

/// <summary>Asks <see cref="OverlayProbe"/> to emit <paramref name="Update"/>.</summary>
public sealed record ShowOnOverlays(LiveUpdate Update) : ControlRequest;

/// <summary>A test-only feature: emits the update a <see cref="ShowOnOverlays"/> request carries, like a real feature would.</summary>
public sealed class OverlayProbe : IStreamFeature
{
    public void Handle(PipelineInput input, FeatureContext context)
    {
        if (input is not ShowOnOverlays show) return;
        context.Emit(show.Update);
        show.Completion.TrySetResult(show.Update);
    }
}
