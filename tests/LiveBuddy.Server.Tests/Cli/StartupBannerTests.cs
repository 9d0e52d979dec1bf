using LiveBuddy.Core;
using LiveBuddy.Server.Cli;
using LiveBuddy.Server.Hosting;
using LiveBuddy.Server.Tests.Hosting;
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
        // Generated keys (not configured ones), and every Information line of the log, as a service would run.
        using var server = ServerProcess.Start(new Dictionary<string, string>
        {
            ["Storage__Path"] = _data, ["Demo__Mode"] = "on",
            ["Logging__LogLevel__Default"] = "Information", ["Logging__LogLevel__Microsoft.AspNetCore"] = "Information",
        });
        await server.WaitForPrintedAsync("Health:", deadline.Token);
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        // Requests that carry the keys, demo chat through the pipeline and a stop: their log lines too.
        Assert.True((await http.GetAsync(new Uri("healthz", UriKind.Relative), deadline.Token)).IsSuccessStatusCode);
        using var keys = new StringWriter();
        Assert.Equal(0, await LiveBuddyCli.RunAsync(["keys", "--Storage:Path", _data], _ => Task.FromResult(1), keys, TextWriter.Null));
        Assert.True((await http.GetAsync(new Uri($"overlay/chat.html?key={Value(keys.ToString(), "Overlay key:")}", UriKind.Relative), deadline.Token)).IsSuccessStatusCode);
        using var sessions = new HttpRequestMessage(HttpMethod.Get, new Uri("api/sessions", UriKind.Relative));
        sessions.Headers.Authorization = new("Bearer", Value(keys.ToString(), "Admin key:"));
        Assert.True((await http.SendAsync(sessions, deadline.Token)).IsSuccessStatusCode);
        await server.TerminateAsync(deadline.Token);

        using var keysOutput = new StringWriter();
        Assert.Equal(0, await LiveBuddyCli.RunAsync(["keys", "--Storage:Path", _data], _ => Task.FromResult(1), keysOutput, TextWriter.Null));
        var adminKey = Value(keysOutput.ToString(), "Admin key:");
        var overlayKey = Value(keysOutput.ToString(), "Overlay key:");

        var all = server.Printed;
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
