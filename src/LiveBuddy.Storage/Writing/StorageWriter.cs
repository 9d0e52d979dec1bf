using System.Threading.Channels;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Storage.Schema;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
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
    private readonly Counters _counters;
    private readonly Counter _written;
    private readonly Counter _failedBatches;
    private readonly Counter _openFailures;
    private readonly Counter _held;
    private readonly BatchWriter _batchWriter;
    private readonly ResiliencePipeline _openRetry;
    private readonly ResiliencePipeline _writeRetry;
    private readonly ResiliencePipeline _lastAttempts;
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
        _counters = counters;
        _written = counters.Get("storage.written");
        _failedBatches = counters.Get("storage.failed_batches");
        _openFailures = counters.Get("storage.open_failures");
        _held = counters.Get("storage.backpressure_waits");
        _holdAt = Math.Min(_options.QueueCapacity, 2 * _options.MaxBatch);
        _batchWriter = new BatchWriter(extensions.ToArray());
        _openRetry = Retry(OpenErrors, TimeSpan.FromSeconds(30), (ex, delay, _) => LogOpenFailed(ex, _databasePath, delay.TotalSeconds));
        _writeRetry = Retry(TransientErrors, TimeSpan.FromSeconds(10), (ex, delay, attempt) => LogBatchFailed(ex, attempt, delay.TotalSeconds, Result(ex)));
        _lastAttempts = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions { ShouldHandle = OpenErrors, MaxRetryAttempts = 2, Delay = TimeSpan.Zero })
            .Build();
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
        if (!_queue.Writer.TryWrite(item)) Drop(item);
    }

    /// <summary>
    /// Counts one item storage lost, in <c>storage.dropped</c> and by its kind (<c>storage.dropped.chat_message</c>,
    /// <c>storage.dropped.points_changed</c>…): several features queue rows for one chat line, and "how many chat lines
    /// were lost" must not depend on which of them are switched on.
    /// </summary>
    private void Drop(object item)
    {
        _dropped.Increment();
        var type = item is SessionEvent e ? e.Event.GetType() : item.GetType();
        _droppedByKind.GetOrAdd(type, t => _counters.Get("storage.dropped." + SnakeCase(t.Name))).Increment();
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Counter> _droppedByKind = new();

    private static string SnakeCase(string name)
    {
        var text = new System.Text.StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0) text.Append('_');
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
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
                else Drop(item);
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
    /// another program holds, a full disk at start); the bounded queue holds new events meanwhile. Once stopping, two
    /// last attempts without a pause, so what is queued is still written if it can be; null when none succeeds.
    /// </summary>
    private async Task<SQLiteConnection?> OpenWithRetryAsync(CancellationToken stoppingToken)
    {
        try
        {
            try
            {
                return await _openRetry.ExecuteAsync(_ => ValueTask.FromResult(Open()), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return await _lastAttempts.ExecuteAsync(_ => ValueTask.FromResult(Open()), CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is SQLiteException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private SQLiteConnection Open()
    {
        try
        {
            return LiveBuddyDatabase.Open(_databasePath, time: _time);
        }
        catch (Exception ex) when (ex is SQLiteException or IOException or UnauthorizedAccessException)
        {
            _openFailures.Increment();
            ReleaseHold(stalled: true);
            throw;
        }
    }

    /// <summary>
    /// Writes a batch in one transaction. Disk full, database locked by another program: the batch is kept and tried again
    /// with a growing pause (the bounded queue holds new events meanwhile and counts what it cannot hold); stopping cuts
    /// the pause short for two last attempts, then gives the batch up, counted. Anything else is in the batch itself (a
    /// bug, a constraint): retrying it would stop storage for good, so what can be stored is stored one item at a time.
    /// </summary>
    private async Task WriteWithRetryAsync(SQLiteConnection db, List<object> batch, CancellationToken stoppingToken)
    {
        try
        {
            try
            {
                await _writeRetry.ExecuteAsync(_ => WriteBatch(db, batch), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                await _lastAttempts.ExecuteAsync(_ => WriteBatch(db, batch), CancellationToken.None).ConfigureAwait(false);
            }
            _written.Add(batch.Count);
            _stalled = false;
        }
        catch (SQLiteException ex) when (IsTransient(ex))
        {
            foreach (var item in batch)
                if (item is not FlushMarker) Drop(item);
            LogBatchAbandoned(batch.Count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogBatchBroken(ex, batch.Count);
            WriteOneByOne(db, batch);
        }
    }

    private ValueTask WriteBatch(SQLiteConnection db, List<object> batch)
    {
        try
        {
            WriteInTransaction(db, batch);
            return ValueTask.CompletedTask;
        }
        catch (SQLiteException ex) when (IsTransient(ex))
        {
            _failedBatches.Increment();
            ReleaseHold(stalled: true);
            throw;
        }
    }

    /// <summary>Retries <paramref name="errors"/> without end, pausing 200 ms and doubling up to <paramref name="maxDelay"/>.</summary>
    private ResiliencePipeline Retry(PredicateBuilder<object> errors, TimeSpan maxDelay, Action<Exception, TimeSpan, int> log) =>
        new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = errors,
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = maxDelay,
                OnRetry = args =>
                {
                    log(args.Outcome.Exception!, args.RetryDelay, args.AttemptNumber + 1);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    private static readonly PredicateBuilder<object> TransientErrors = new PredicateBuilder().Handle<SQLiteException>(IsTransient);

    // Opening: whatever SQLite or the file system answers. Also the last attempts at stop, where a second try is cheap.
    private static readonly PredicateBuilder<object> OpenErrors = new PredicateBuilder()
        .Handle<SQLiteException>().Handle<IOException>().Handle<UnauthorizedAccessException>();

    private static string Result(Exception ex) => ex is SQLiteException sqlite ? sqlite.Result.ToString() : ex.GetType().Name;

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
                Drop(item);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage batch failed (attempt {Attempt}, {SqliteResult}); retrying in {RetrySeconds} s")]
    private partial void LogBatchFailed(Exception ex, int attempt, double retrySeconds, string sqliteResult);

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

    /// <summary>The writer is closing its connection: finalize any statement prepared on it.</summary>
    void Close()
    {
    }
}
