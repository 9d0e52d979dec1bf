using Microsoft.Extensions.Logging;

namespace LiveBuddy.Scoring.Emotes;

/// <summary>
/// Holds the current emote table and reloads it when the file changes, so a streamer can add the
/// channel's own emotes without a restart. Polls the file's write time on a <see cref="TimeProvider"/>
/// timer rather than a FileSystemWatcher: it works the same on network drives and in tests.
/// </summary>
public sealed partial class EmoteTableSource : IDisposable
{
    private readonly string? _path;
    private readonly ILogger _logger;
    private readonly ITimer? _timer;
    private DateTime _lastWrite;
    private volatile EmoteTable _current;
    private int _reloading;

    public EmoteTableSource(EmoteTable fixedTable)
    {
        _current = fixedTable;
        _logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    }

    public EmoteTableSource(string path, TimeProvider time, TimeSpan checkEvery, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(time);
        _path = path;
        _logger = logger;
        _lastWrite = File.GetLastWriteTimeUtc(path);
        _current = EmoteTable.Load(path);
        _timer = time.CreateTimer(_ => CheckForChange(), null, checkEvery, checkEvery);
    }

    public EmoteTable Current => _current;

    /// <summary>Raised after a successful reload.</summary>
    public event EventHandler? Reloaded;

    /// <summary>Reloads when the file's write time moved; a broken file keeps the previous table.</summary>
    public bool CheckForChange()
    {
        if (_path is null || Interlocked.Exchange(ref _reloading, 1) == 1) return false;
        try
        {
            var write = File.GetLastWriteTimeUtc(_path);
            if (write == _lastWrite) return false;
            var table = EmoteTable.Load(_path);
            _lastWrite = write;
            _current = table;
            LogReloaded(_path, table.Count);
            Reloaded?.Invoke(this, EventArgs.Empty);
            return true;
        }
        catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
        {
            LogReloadFailed(ex, _path);
            return false;
        }
        finally
        {
            Volatile.Write(ref _reloading, 0);
        }
    }

    public void Dispose() => _timer?.Dispose();

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Emote table {Path} reloaded: {Count} emotes")]
    private partial void LogReloaded(string path, int count);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Emote table {Path} could not be reloaded; keeping the previous one")]
    private partial void LogReloadFailed(Exception exception, string path);
}
