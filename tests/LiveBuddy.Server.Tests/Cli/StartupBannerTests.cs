using System.Diagnostics;
using System.Globalization;
using System.Text;
using LiveBuddy.Core;
using LiveBuddy.Server.Cli;
using LiveBuddy.Server.Hosting;
using LiveBuddy.Server.Security;
using Microsoft.AspNetCore.DataProtection;

namespace LiveBuddy.Server.Tests.Cli;

/// <summary>
/// Keys reach a terminal, never a journal or <c>docker logs</c>: the start-up banner of a redirected run names the
/// <c>keys</c> verb instead, and nothing the program writes (banner and log) contains either key.
/// </summary>
public sealed class StartupBannerTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("livebuddy-banner-").FullName;

    [Fact]
    public void Banner_for_a_terminal_shows_both_keys_and_for_redirected_output_only_where_to_find_them()
    {
        var keys = new AccessKeys(new SecurityOptions { OverlayKey = "overlay-key-123", AdminKey = "admin-key-456" },
            new DataFolder(_data), new EphemeralDataProtectionProvider());

        var terminal = WelcomeBanner.Text("http://127.0.0.1:5180", keys, showKeys: true);
        var redirected = WelcomeBanner.Text("http://127.0.0.1:5180", keys, showKeys: false);

        Assert.Contains("admin key: admin-key-456", terminal, StringComparison.Ordinal);
        Assert.Contains("http://localhost:5180/overlay/chat.html?key=overlay-key-123", terminal, StringComparison.Ordinal);
        Assert.DoesNotContain("overlay-key-123", redirected, StringComparison.Ordinal);
        Assert.DoesNotContain("admin-key-456", redirected, StringComparison.Ordinal);
        Assert.Contains(" keys", redirected, StringComparison.Ordinal);
        Assert.Contains("http://localhost:5180/healthz", redirected, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirected_server_run_prints_no_key_anywhere_and_the_keys_verb_shows_them()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "LiveBuddy.Server.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory,
            // Generated keys (not configured ones), and every Information line of the log, as a service would run.
            Environment =
            {
                ["Storage__Path"] = _data, ["Demo__Mode"] = "on",
                ["Logging__LogLevel__Default"] = "Information", ["Logging__LogLevel__Microsoft.AspNetCore"] = "Information",
            },
        };
        var printed = new StringBuilder();
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = Process.Start(start)!;
        void Read(string? line)
        {
            if (line is null) return;
            lock (printed) printed.AppendLine(line);
            if (line.Contains("Health:", StringComparison.Ordinal)) running.TrySetResult();
        }
        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await running.Task.WaitAsync(deadline.Token);
            using var http = new HttpClient();
            // Requests that carry the keys, demo chat through the pipeline and a stop: their log lines too.
            Assert.True((await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"), deadline.Token)).IsSuccessStatusCode);
            using var keys = new StringWriter();
            Assert.Equal(0, await LiveBuddyCli.RunAsync(["keys", "--Storage:Path", _data], _ => Task.FromResult(1), keys, TextWriter.Null));
            var overlayPage = new Uri($"http://127.0.0.1:{port}/overlay/chat.html?key={Value(keys.ToString(), "Overlay key:")}");
            Assert.True((await http.GetAsync(overlayPage, deadline.Token)).IsSuccessStatusCode);
            using var sessions = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{port}/api/sessions"));
            sessions.Headers.Authorization = new("Bearer", Value(keys.ToString(), "Admin key:"));
            Assert.True((await http.SendAsync(sessions, deadline.Token)).IsSuccessStatusCode);
            using (var stop = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])) await stop.WaitForExitAsync(deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }

        using var keysOutput = new StringWriter();
        Assert.Equal(0, await LiveBuddyCli.RunAsync(["keys", "--Storage:Path", _data], _ => Task.FromResult(1), keysOutput, TextWriter.Null));
        var adminKey = Value(keysOutput.ToString(), "Admin key:");
        var overlayKey = Value(keysOutput.ToString(), "Overlay key:");

        string all;
        lock (printed) all = printed.ToString();
        Assert.Contains("LiveBuddy is running.", all, StringComparison.Ordinal);
        Assert.Contains("LiveBuddy.Server.dll keys", all, StringComparison.Ordinal);
        Assert.DoesNotContain(adminKey, all, StringComparison.Ordinal);
        Assert.DoesNotContain(overlayKey, all, StringComparison.Ordinal);
    }

    private static string Value(string text, string label)
    {
        var value = text.Split('\n').Single(l => l.StartsWith(label, StringComparison.Ordinal))[label.Length..].Trim();
        Assert.Matches("^[0-9a-f]{32}$", value);
        return value;
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }
}
