using System.Threading.Channels;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Storage.Schema;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SQLite;

namespace LiveBuddy.Storage.Writing;

/// <summary>
/// The one writer: takes events and updates from the pipeline without blocking it (bounded queue, drops
/// counted) and writes them in batched transactions, by time or count. A graceful stop drains the queue,
/// so everything that was broadcast is stored; a crash loses at most one batch window.
/// When chat comes faster than the writer stores it while it is still storing (a flood), the pipeline is held
/// back at two batches' worth of queued rows instead: nothing is dropped and the backlog stays small. Only when
/// the writer makes no progress for <see cref="HoldLimit"/> (a lock, a full disk) does chat carry on past it
/// into the bounded queue.
/// </summary>
public sealed partial class StorageWriter : IHostedService, IPipelineSink
{
    private readonly Channel<object> _queue;
    private readonly StorageOptions _options;
    private readonly string _databasePath;
    private readonly TimeProvider _time;
    private readonly ILogger<StorageWriter> _logger;
    private readonly Counter _dropped;
    private readonly Counter _written;
    private readonly Counter _failedBatches;
    private readonly Counter _openFailures;
    private readonly Counter _held;
    private readonly BatchWriter _batchWriter;
    private readonly int _holdAt;
    private readonly Lock _roomLock = new();
    private TaskCompletionSource? _room;
    private TaskCompletionSource? _wake;
    // Set when a hold timed out or a batch failed, cleared by the next batch written: no holding a stuck writer.
    private volatile bool _stalled;

    /// <summary>The longest the pipeline is held for a writer that is not taking rows; then chat carries on.</summary>
    public static readonly TimeSpan HoldLimit = TimeSpan.FromSeconds(1);

    public StorageWriter(IOptions<StorageOptions> options, LiveBuddy.Core.DataFolder dataFolder, Counters counters,
        IEnumerable<IStorageExtension> extensions, TimeProvider time, ILogger<StorageWriter> logger)
    {
        _options = options.Value;
        _queue = Channel.CreateBounded<object>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails when full, so the drop is counted
        });
        Directory.CreateDirectory(dataFolder.Path);
        _databasePath = dataFolder.File(LiveBuddyDatabase.FileName);
        _time = time;
        _logger = logger;
        _dropped = counters.Get("storage.dropped");
        _written = counters.Get("storage.written");
        _failedBatches = counters.Get("storage.failed_batches");
        _openFailures = counters.Get("storage.open_failures");
        _held = counters.Get("storage.backpressure_waits");
        _holdAt = Math.Min(_options.QueueCapacity, 2 * _options.MaxBatch);
        _batchWriter = new BatchWriter(extensions.ToArray());
    }

    public string DatabasePath => _databasePath;

    public void OnEvent(StreamEvent streamEvent, SessionInfo? session) =>
        Enqueue(new SessionEvent(streamEvent, session?.Id ?? ""));

    public void OnUpdate(LiveUpdate update)
    {
        if (_batchWriter.Wants(update)) Enqueue(update);
    }

    private void Enqueue(object item)
    {
        if (!_queue.Writer.TryWrite(item)) _dropped.Increment();
    }

    /// <summary>
    /// Holds the pipeline while two batches' worth of rows wait and the writer is taking them, until it takes the next
    /// batch; completes at once otherwise, and after <see cref="HoldLimit"/> at most.
    /// </summary>
    public ValueTask WaitForRoomAsync(CancellationToken cancellationToken)
    {
        var queued = _queue.Reader.Count;
        // A full batch is waiting: the writer need not sit out the rest of its batch window.
        if (queued >= _options.MaxBatch) Volatile.Read(ref _wake)?.TrySetResult();
        return _stalled || queued < _holdAt ? ValueTask.CompletedTask : new ValueTask(HoldAsync(cancellationToken));
    }

    private async Task HoldAsync(CancellationToken cancellationToken)
    {
        Task room;
        lock (_roomLock)
        {
            if (_queue.Reader.Count < _holdAt) return; // the writer took a batch meanwhile
            room = (_room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            _wake?.TrySetResult(); // the writer is in its batch window: a full batch is here
        }
        _held.Increment();
        try
        {
            await room.WaitAsync(HoldLimit, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _stalled = true;
            LogStalled(HoldLimit.TotalSeconds, _queue.Reader.Count);
        }
    }

    /// <summary>Lets a held pipeline go on: the writer took rows off the queue, failed, or ended.</summary>
    private void ReleaseHold(bool stalled)
    {
        _stalled = stalled;
        TaskCompletionSource? room;
        lock (_roomLock)
        {
            room = _room;
            _room = null;
        }
        room?.TrySetResult();
    }

    /// <summary>
    /// Completes when everything queued before the call is written (a report of the live session, tests).
    /// Call it from the pipeline thread or after the pipeline has stopped, so nothing is reordered.
    /// </summary>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        var marker = new FlushMarker();
        if (!_queue.Writer.TryWrite(marker)) return Task.CompletedTask; // stopped: already drained
        return marker.Written.Task.WaitAsync(cancellationToken);
    }

    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    // Not a BackgroundService: its loop may never start when stop comes quickly, and this one must
    // always run to drain the queue.
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => WriteLoopAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteLoopAsync(CancellationToken stoppingToken)
    {
        using var db = await OpenWithRetryAsync(stoppingToken).ConfigureAwait(false);
        var reader = _queue.Reader;
        if (db is null)
        {
            // Stopped before the database ever opened: what was queued is lost, and counted as such.
            await foreach (var item in reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                if (item is FlushMarker marker) marker.Written.TrySetResult();
                else _dropped.Increment();
            }
            return;
        }
        var batch = new List<object>(_options.MaxBatch);
        // No token here: after stop is requested the loop still drains what is queued, then ends.
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (batch.Count < _options.MaxBatch && reader.TryRead(out var item))
                batch.Add(item);
            ReleaseHold(_stalled);
            await WriteWithRetryAsync(db, batch, stoppingToken).ConfigureAwait(false);
            foreach (var item in batch)
                if (item is FlushMarker marker) marker.Written.TrySetResult();
            batch.Clear();

            // Stopping cuts the window short: go straight on to drain.
            if (!stoppingToken.IsCancellationRequested && reader.Count < _options.MaxBatch)
                await WaitForBatchAsync(stoppingToken).ConfigureAwait(false);
        }
        ReleaseHold(stalled: true);
        _batchWriter.CloseStatements();
        try
        {
            LiveBuddyDatabase.Tidy(db);
        }
        catch (SQLiteException ex)
        {
            LogTidyFailed(ex);
        }
    }

    /// <summary>
    /// Opens the database, again and again with a growing pause while it cannot be opened (a read-only folder, a file
    /// another program holds, a full disk at start); the bounded queue holds new events meanwhile. Null when stopped first.
    /// </summary>
    private async Task<SQLiteConnection?> OpenWithRetryAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                return LiveBuddyDatabase.Open(_databasePath);
            }
            catch (Exception ex) when (ex is SQLiteException or IOException or UnauthorizedAccessException)
            {
                _openFailures.Increment();
                ReleaseHold(stalled: true);
                LogOpenFailed(ex, _databasePath, delay.TotalSeconds);
            }
            if (!await PauseAsync(delay, stoppingToken).ConfigureAwait(false)) return null;
            delay = Doubled(delay, TimeSpan.FromSeconds(30));
        }
    }

    private async Task WriteWithRetryAsync(SQLiteConnection db, List<object> batch, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                WriteInTransaction(db, batch);
                _written.Add(batch.Count);
                _stalled = false;
                return;
            }
            catch (Exception ex) when (!IsTransient(ex))
            {
                // Not the disk or a lock but something in the batch itself (a bug, a constraint): retrying the
                // same batch would stop storage for good. Store what can be stored, one item at a time.
                LogBatchBroken(ex, batch.Count);
                WriteOneByOne(db, batch);
                return;
            }
            catch (SQLiteException ex)
            {
                // Disk full, database locked by another program: keep the batch and try again; the
                // bounded queue holds new events meanwhile and counts what it cannot hold.
                _failedBatches.Increment();
                ReleaseHold(stalled: true);
                LogBatchFailed(ex, batch.Count, attempt, ex.Result.ToString());
                if (stoppingToken.IsCancellationRequested && attempt >= 3)
                {
                    _dropped.Add(batch.Count);
                    LogBatchAbandoned(batch.Count);
                    return;
                }
                // Stopping cuts the pause short: a last few attempts, then give up on this batch (above).
                await PauseAsync(delay, stoppingToken).ConfigureAwait(false);
                delay = Doubled(delay, TimeSpan.FromSeconds(10));
            }
        }
    }

    /// <summary>
    /// The batch window: rows gather for up to <see cref="StorageOptions.BatchWindow"/>, cut short by stopping or by a
    /// full batch waiting (in a flood the writer would otherwise idle, and then hold the pipeline, for the rest of it).
    /// </summary>
    private async Task WaitForBatchAsync(CancellationToken stoppingToken)
    {
        var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_roomLock)
        {
            if (_room is not null) return;
            Volatile.Write(ref _wake, wake);
        }
        using var window = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        await Task.WhenAny(Task.Delay(_options.BatchWindow, _time, window.Token), wake.Task).ConfigureAwait(false);
        await window.CancelAsync().ConfigureAwait(false);
        lock (_roomLock) Volatile.Write(ref _wake, null);
    }

    /// <summary>Waits on the writer's clock (batch window, retry pause); false when stopping cut the wait short.</summary>
    private async Task<bool> PauseAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static TimeSpan Doubled(TimeSpan delay, TimeSpan cap) => TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, cap.Ticks));

    /// <summary>Errors that go away by themselves: a lock, a full disk, a failing or missing device.</summary>
    private static bool IsTransient(Exception ex) => ex is SQLiteException
    {
        Result: SQLite3.Result.Busy or SQLite3.Result.Locked or SQLite3.Result.Full or SQLite3.Result.IOError
            or SQLite3.Result.CannotOpen or SQLite3.Result.ReadOnly or SQLite3.Result.NoMem or SQLite3.Result.Interrupt,
    };

    private void WriteOneByOne(SQLiteConnection db, List<object> batch)
    {
        var single = new List<object>(1);
        foreach (var item in batch)
        {
            single.Add(item);
            try
            {
                WriteInTransaction(db, single);
                _written.Increment();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _dropped.Increment();
                LogItemDropped(ex, item.GetType().Name);
            }
            single.Clear();
        }
    }

    private void WriteInTransaction(SQLiteConnection db, List<object> batch)
    {
        db.BeginTransaction();
        try
        {
            _batchWriter.Write(db, batch);
            db.Commit();
        }
        catch
        {
            _batchWriter.Undo();
            try
            {
                db.Rollback();
            }
            catch (SQLiteException)
            {
                // SQLite already rolled back itself (disk full, I/O error): the first error is the one to report.
            }
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage took no rows for {Seconds} s with {Queued} waiting; chat goes on and the queue holds what comes (bounded, drops counted)")]
    private partial void LogStalled(double seconds, int queued);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage batch of {Count} events failed (attempt {Attempt}, {SqliteResult}); retrying")]
    private partial void LogBatchFailed(Exception ex, int count, int attempt, string sqliteResult);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage batch of {Count} events cannot be written as a whole; writing it one event at a time")]
    private partial void LogBatchBroken(Exception ex, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage cannot open the database {Path}; events wait in memory (bounded) and it tries again in {RetrySeconds} s")]
    private partial void LogOpenFailed(Exception ex, string path, double retrySeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage dropped one {ItemType} it cannot write")]
    private partial void LogItemDropped(Exception ex, string itemType);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Storage gave up on a batch of {Count} events at shutdown")]
    private partial void LogBatchAbandoned(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database checkpoint at shutdown failed")]
    private partial void LogTidyFailed(Exception ex);
}

internal sealed class FlushMarker
{
    public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>An event with the session it belongs to (captured on the pipeline thread, in order).</summary>
internal sealed record SessionEvent(StreamEvent Event, string SessionId);

/// <summary>
/// Lets another part of the program persist its own updates (polls, Q&amp;A, commands) in the writer's
/// batches and transaction, without the writer knowing their types.
/// </summary>
public interface IStorageExtension
{
    bool Wants(LiveUpdate update);
    /// <summary>Writes one update; <paramref name="sessionId"/> is the session it happened in ("" when none).</summary>
    void Write(SQLiteConnection db, LiveUpdate update, string sessionId);
}
