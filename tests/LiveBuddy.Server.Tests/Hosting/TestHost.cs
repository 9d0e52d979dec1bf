using LiveBuddy.Core.Pipeline;
using LiveBuddy.Server.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LiveBuddy.Server.Tests.Hosting;

/// <summary>
/// The real LiveBuddy host on Kestrel at a free 127.0.0.1 port, with its own temporary data folder.
/// Settings are configuration keys (<c>Demo:Mode</c>, <c>Twitch:ChatUrl</c>…) as a user would set them.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private bool _stopped;

    private bool _ownsData;

    private TestHost(WebApplicationFactory<Program> factory, string dataPath, bool ownsData)
    {
        _factory = factory;
        DataPath = dataPath;
        _ownsData = ownsData;
    }

    public string DataPath { get; }
    public Uri BaseUrl { get; private set; } = null!;
    public IServiceProvider Services => _factory.Services;
    public string OverlayKey => Services.GetRequiredService<AccessKeys>().OverlayKey;
    public string AdminKey => Services.GetRequiredService<AccessKeys>().AdminKey;
    public EventIngress Ingress => Services.GetRequiredService<EventIngress>();
    public Counters Counters => Services.GetRequiredService<Counters>();

    /// <summary>Starts a host; demo chat is off unless a setting turns it on.</summary>
    public static TestHost Start(IDictionary<string, string?>? settings = null, string? dataPath = null) =>
        Start(settings, dataPath, ownsData: dataPath is null); // a caller's folder outlives this host (restart tests)

    /// <summary>
    /// Stops this host and starts another on the same data folder, as a streamer restarting LiveBuddy. The new host takes
    /// the folder over: if this host was to delete it, the new one does.
    /// </summary>
    public async Task<TestHost> RestartAsync(IDictionary<string, string?>? settings)
    {
        await StopAsync();
        var owns = _ownsData;
        _ownsData = false;
        return Start(settings, DataPath, owns);
    }

    private static TestHost Start(IDictionary<string, string?>? settings, string? dataPath, bool ownsData)
    {
        dataPath ??= Path.Combine(Path.GetTempPath(), "livebuddy-test-" + Guid.NewGuid().ToString("N"));
        var all = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Storage:Path"] = dataPath,
            ["Demo:Mode"] = "off",
            ["Logging:LogLevel:Default"] = "Warning",
            ["urls"] = "http://127.0.0.1:0",
        };
        if (settings is not null)
            foreach (var (key, value) in settings) all[key] = value;

        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in all) builder.UseSetting(key, value);
        });
        factory.UseKestrel();
        var host = new TestHost(factory, dataPath, ownsData);
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses;
        host.BaseUrl = new Uri(addresses.First());
        return host;
    }

    public HttpClient CreateClient(bool admin = false)
    {
        var client = new HttpClient { BaseAddress = BaseUrl };
        if (admin) client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey);
        return client;
    }

    /// <summary>A real SignalR client on the overlay hub.</summary>
    public HubConnection CreateOverlayConnection(string? key = null, string? platforms = null)
    {
        var url = new Uri(BaseUrl, $"/hubs/overlay?key={Uri.EscapeDataString(key ?? OverlayKey)}" + (platforms is null ? "" : "&platforms=" + platforms));
        return new HubConnectionBuilder()
            .WithUrl(url)
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(
                new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)))
            .Build();
    }

    /// <summary>Graceful stop, as on SIGTERM: sources stop, the pipeline drains, storage flushes.</summary>
    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await _factory.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (!_ownsData) return;
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a late reader: the temp folder is cleaned by the OS.
        }
    }
}
