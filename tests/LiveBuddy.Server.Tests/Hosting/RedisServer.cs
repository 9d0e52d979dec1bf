using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LiveBuddy.Server.Tests.Hosting;

/// <summary>
/// A real <c>redis-server</c> (Debian package <c>redis-server</c>; CI's <c>.ci/run</c> installs it) on a free loopback
/// port, without persistence, in its own temporary folder. Missing or not answering is a test failure, never a skip.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    public RedisServer()
    {
        var executable = Locate() ?? throw new InvalidOperationException(
            "redis-server is not installed: the Redis backplane tests start a real one. Install it with " +
            "`apt-get install -y redis-server` (CI's .ci/run does).");
        _folder = Path.Combine(Path.GetTempPath(), "livebuddy-redis-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        Port = FreePort();
        var start = new ProcessStartInfo(executable) { UseShellExecute = false, WorkingDirectory = _folder };
        foreach (var arg in new[]
        {
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--dir", _folder, "--logfile", LogPath,
        })
        {
            start.ArgumentList.Add(arg);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        try
        {
            WaitUntilAnswering(TimeSpan.FromSeconds(15));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int Port { get; }

    /// <summary>What <c>Redis:Connection</c> is set to.</summary>
    public string Connection => $"127.0.0.1:{Port}";

    private string LogPath => Path.Combine(_folder, "redis.log");

    /// <summary><c>redis-server</c> on the PATH, else where Debian puts it.</summary>
    private static string? Locate()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin").Append("/usr/sbin")
            .Select(dir => Path.Combine(dir, "redis-server"))
            .FirstOrDefault(File.Exists);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void WaitUntilAnswering(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? lastError = null;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"redis-server exited with code {_process.ExitCode} before answering PING. Its log:\n{ReadLog()}");
            try
            {
                if (Ping()) return;
                lastError = "no +PONG";
            }
            catch (SocketException ex)
            {
                lastError = ex.Message;
            }
            // Waiting for a process to open its port: nothing to await but the next attempt.
            _process.WaitForExit(TimeSpan.FromMilliseconds(50));
        }
        throw new TimeoutException($"redis-server on port {Port} did not answer PING within {timeout.TotalSeconds} s ({lastError}). Its log:\n{ReadLog()}");
    }

    /// <summary>One inline <c>PING</c> over a fresh TCP connection.</summary>
    private bool Ping()
    {
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, Port);
        client.ReceiveTimeout = 2000;
        var stream = client.GetStream();
        stream.Write("PING\r\n"u8);
        var buffer = new byte[16];
        var read = stream.Read(buffer);
        return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
    }

    private string ReadLog()
    {
        try
        {
            return File.Exists(LogPath) ? File.ReadAllText(LogPath) : "(no log file)";
        }
        catch (IOException ex)
        {
            return $"(log unreadable: {ex.Message})";
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans the temp folder.
        }
    }
}
