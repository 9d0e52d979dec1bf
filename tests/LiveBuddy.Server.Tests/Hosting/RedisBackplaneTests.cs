using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveBuddy.Server.Tests.Hosting;

/// <summary>
/// Two LiveBuddy hosts (own data folders, own ports) in one test process, against a real <c>redis-server</c>: an alert
/// raised on one host must reach an overlay connected to the other only when <c>Redis:Connection</c> joins them.
/// </summary>
[Trait("Category", "Redis")]
public sealed class RedisBackplaneTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Overlay_on_second_host_receives_alert_raised_on_first_host_through_redis()
    {
        await using var hostA = TestHost.Start(Backplane(redis.Connection));
        await using var hostB = TestHost.Start(Backplane(redis.Connection));
        await using var overlayB = await AlertListener.ConnectAsync(hostB);

        var raised = await RaiseTestAlertAsync(hostA, "raid");

        var received = await overlayB.NextAsync(Delivery, "host B's overlay should get host A's alert through Redis");
        Assert.Equal(raised.GetProperty("id").GetString(), received.GetProperty("id").GetString());
        Assert.Equal("raid", received.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Without_redis_connection_an_alert_on_one_host_stays_on_that_host()
    {
        await using var hostA = TestHost.Start();
        await using var hostB = TestHost.Start();
        await AssertHostsApartAsync(hostA, hostB);
    }

    [Fact]
    public async Task Hosts_on_one_redis_with_different_channel_prefixes_do_not_share_alerts()
    {
        await using var hostA = TestHost.Start(Backplane(redis.Connection, "stream-a"));
        await using var hostB = TestHost.Start(Backplane(redis.Connection, "stream-b"));
        await AssertHostsApartAsync(hostA, hostB);
    }

    [Fact]
    public async Task The_program_ends_with_exit_code_1_and_one_clear_line_when_redis_does_not_answer()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "livebuddy-test-" + Guid.NewGuid().ToString("N"));
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "LiveBuddy.Server.dll"), "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory,
            Environment =
            {
                ["Storage__Path"] = dataPath, ["Demo__Mode"] = "off",
                ["Redis__Connection"] = $"127.0.0.1:{RedisServer.FreePort()},connectTimeout=1000",
                ["Redis__StartAttempts"] = "2", ["Redis__StartRetryDelay"] = "00:00:00.100",
            },
        };
        try
        {
            using var process = System.Diagnostics.Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            var all = await output + await errors;

            Assert.Equal(1, process.ExitCode);
            Assert.Contains("does not answer yet (attempt 1 of 2)", all, StringComparison.Ordinal); // tried again first
            Assert.Contains("but Redis does not answer", all, StringComparison.Ordinal);
            Assert.Contains("remove Redis:Connection", all, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", all, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(dataPath)) Directory.Delete(dataPath, recursive: true);
        }
    }

    /// <summary>
    /// A raises an alert and its own overlay gets it; then B raises one and its overlay gets that. Had A's alert crossed
    /// over, it would have reached B's overlay first (it was published first), so B's overlay holding only B's alert
    /// shows the hosts are apart without waiting for something not to happen.
    /// </summary>
    private static async Task AssertHostsApartAsync(TestHost hostA, TestHost hostB)
    {
        await using var overlayA = await AlertListener.ConnectAsync(hostA);
        await using var overlayB = await AlertListener.ConnectAsync(hostB);

        var raisedOnA = await RaiseTestAlertAsync(hostA, "raid");
        var seenOnA = await overlayA.NextAsync(Delivery, "host A's own overlay should get host A's alert");
        Assert.Equal(raisedOnA.GetProperty("id").GetString(), seenOnA.GetProperty("id").GetString());

        await RaiseTestAlertAsync(hostB, "follow");
        var seenOnB = await overlayB.NextAsync(Delivery, "host B's own overlay should get host B's alert");

        Assert.Equal("follow", seenOnB.GetProperty("kind").GetString());
        Assert.Equal(0, overlayB.Pending);
        Assert.Equal(0, overlayA.Pending);
    }

    private static Dictionary<string, string?> Backplane(string connection, string? prefix = null) => new(StringComparer.Ordinal)
    {
        ["Redis:Connection"] = connection,
        ["Redis:ChannelPrefix"] = prefix,
    };

    private static async Task<JsonElement> RaiseTestAlertAsync(TestHost host, string kind)
    {
        using var client = host.CreateClient(admin: true);
        using var response = await client.PostAsJsonAsync("/api/alerts/test", new { kind });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A real SignalR overlay client that queues every <c>alert</c> push it gets.</summary>
    private sealed class AlertListener : IAsyncDisposable
    {
        private readonly HubConnection _connection;
        private readonly System.Threading.Channels.Channel<JsonElement> _alerts = System.Threading.Channels.Channel.CreateUnbounded<JsonElement>();

        private AlertListener(HubConnection connection) => _connection = connection;

        public int Pending => _alerts.Reader.Count;

        public static async Task<AlertListener> ConnectAsync(TestHost host)
        {
            var listener = new AlertListener(host.CreateOverlayConnection());
            var state = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            listener._connection.On<JsonElement>("alert", a => listener._alerts.Writer.TryWrite(a));
            listener._connection.On<JsonElement>("state", _ => state.TrySetResult());
            await listener._connection.StartAsync();
            // The snapshot is sent last in OnConnectedAsync: by then the connection is in its groups (and Redis channels).
            await state.Task.WaitAsync(Delivery);
            return listener;
        }

        public async Task<JsonElement> NextAsync(TimeSpan timeout, string because)
        {
            try
            {
                return await _alerts.Reader.ReadAsync().AsTask().WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException(because);
            }
        }

        public ValueTask DisposeAsync() => _connection.DisposeAsync();
    }
}
