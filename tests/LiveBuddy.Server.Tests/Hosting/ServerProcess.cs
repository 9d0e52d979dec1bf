using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LiveBuddy.Server.Tests.Hosting;

/// <summary>
/// LiveBuddy.Server.dll from this test's output folder, run with <c>dotnet</c> as a user runs it, its output redirected
/// as under a service manager or <c>docker logs</c>. Configuration comes as environment variables (<c>Storage__Path</c>…);
/// everything it prints (standard output and error) is kept in <see cref="Printed"/>.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _printed = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waiting = [];
    private readonly HttpClient _http;

    private ServerProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        _http = new HttpClient { BaseAddress = baseUrl };
    }

    public Uri BaseUrl { get; }

    /// <summary>Everything the program printed so far.</summary>
    public string Printed
    {
        get
        {
            lock (_printed) return _printed.ToString();
        }
    }

    public static ServerProcess Start(IDictionary<string, string> environment)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "LiveBuddy.Server.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start)!;
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => server.Read(e.Data);
        process.ErrorDataReceived += (_, e) => server.Read(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    private void Read(string? line)
    {
        if (line is null) return;
        lock (_printed)
        {
            _printed.AppendLine(line);
            foreach (var (text, seen) in _waiting)
                if (line.Contains(text, StringComparison.Ordinal)) seen.TrySetResult();
        }
    }

    /// <summary>Waits until a printed line contains <paramref name="text"/> (the banner's "Health:" says it is running).</summary>
    public Task WaitForPrintedAsync(string text, CancellationToken cancellationToken)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_printed)
        {
            if (_printed.ToString().Contains(text, StringComparison.Ordinal)) return Task.CompletedTask;
            _waiting.Add((text, seen));
        }
        return seen.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Kestrel answers /healthz (it starts after the sources).</summary>
    public async Task WaitUntilServingAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException("the server exited: " + Printed);
            try
            {
                if ((await _http.GetAsync(new Uri("healthz", UriKind.Relative), cancellationToken)).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(50, cancellationToken);
        }
    }

    public async Task<string?> SessionIdAsync()
    {
        using var doc = JsonDocument.Parse(await _http.GetStringAsync(new Uri("healthz", UriKind.Relative)));
        return doc.RootElement.GetProperty("sessionId").GetString();
    }

    /// <summary>SIGKILL: no shutdown code runs at all.</summary>
    public void Kill() => _process.Kill();

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>SIGTERM, as a service manager stops it, and wait for the graceful exit.</summary>
    public async Task TerminateAsync(CancellationToken cancellationToken)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync(cancellationToken);
        await _process.WaitForExitAsync(cancellationToken);
        Assert.True(_process.ExitCode == 0, $"exit code {_process.ExitCode}: {Printed}");
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill();
        _process.Dispose();
        _http.Dispose();
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
