using LiveBuddy.Core;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Storage.Schema;
using LiveBuddy.Storage.Writing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SQLite;

namespace LiveBuddy.Storage.Tests.Writing;

/// <summary>
/// Chat faster than the writer stores it: the pipeline is held back while the writer is busy writing, instead of
/// rows being dropped, and let go when the writer is stuck. The clock is fake, so only the writer can end a hold.
/// </summary>
public sealed class StorageHoldTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("livebuddy-hold-").FullName;
    private readonly Counters _counters = new();
    private readonly ListLogger<StorageWriter> _log = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch);
    private readonly SlowDisk _disk = new();
    private static readonly SessionInfo Session = new() { Id = "s1", StartedAt = DateTimeOffset.UnixEpoch };

    // Two batches of 5 waiting start a hold.
    private StorageWriter NewWriter(int capacity) => new(
        Options.Create(new StorageOptions { Path = _folder, MaxBatch = 5, QueueCapacity = capacity }),
        new DataFolder(_folder), _counters, [_disk], _time, _log);

    private static ChatMessage Chat(int n) => new()
    {
        Platform = Platform.Twitch, Id = "m" + n, Channel = "chan", SentAt = DateTimeOffset.UnixEpoch, ReceivedAt = DateTimeOffset.UnixEpoch,
        Author = new Author { Id = "id-" + n, Name = "viewer" + n, DisplayName = "viewer" + n }, Text = "line " + n,
    };

    private async Task<StorageWriter> WriterBusyWithABatchAsync(int capacity)
    {
        var writer = NewWriter(capacity);
        await writer.StartAsync(CancellationToken.None);
        writer.OnUpdate(new SlowBatch());
        await _disk.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return writer;
    }

    [Fact]
    public async Task A_writer_that_is_busy_writing_holds_the_pipeline_instead_of_dropping_and_lets_it_go_when_it_takes_the_next_batch()
    {
        var writer = await WriterBusyWithABatchAsync(capacity: 100);
        for (var i = 0; i < 9; i++) writer.OnEvent(Chat(i), Session);
        Assert.True(writer.WaitForRoomAsync(CancellationToken.None).AsTask().IsCompleted, "nine rows are less than two batches");

        writer.OnEvent(Chat(9), Session);
        var hold = writer.WaitForRoomAsync(CancellationToken.None).AsTask();
        Assert.False(hold.IsCompleted);

        _disk.Open.Set();
        await hold.WaitAsync(TimeSpan.FromSeconds(30)); // the clock never moved: the writer took a batch
        await writer.StopAsync(CancellationToken.None);

        using var db = LiveBuddyDatabase.Open(Path.Combine(_folder, LiveBuddyDatabase.FileName));
        Assert.Equal(10, db.ExecuteScalar<int>("SELECT COUNT(*) FROM messages"));
        Assert.Equal(0, _counters.Value("storage.dropped"));
        Assert.Equal(1, _counters.Value("storage.backpressure_waits"));
        Assert.DoesNotContain(_log.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task A_writer_that_takes_nothing_for_the_hold_limit_lets_chat_go_on_into_the_bounded_queue()
    {
        var writer = await WriterBusyWithABatchAsync(capacity: 20);
        for (var i = 0; i < 10; i++) writer.OnEvent(Chat(i), Session);
        var hold = writer.WaitForRoomAsync(CancellationToken.None).AsTask();
        Assert.False(hold.IsCompleted);

        _time.Advance(StorageWriter.HoldLimit);
        await hold.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("took no rows", StringComparison.Ordinal));
        // Stuck: no more holding; the queue takes what fits and counts the rest.
        for (var i = 10; i < 25; i++)
        {
            Assert.True(writer.WaitForRoomAsync(CancellationToken.None).AsTask().IsCompleted);
            writer.OnEvent(Chat(i), Session);
        }
        Assert.Equal(5, _counters.Value("storage.dropped"));

        _disk.Open.Set();
        await writer.StopAsync(CancellationToken.None);
        using var db = LiveBuddyDatabase.Open(Path.Combine(_folder, LiveBuddyDatabase.FileName));
        Assert.Equal(20, db.ExecuteScalar<int>("SELECT COUNT(*) FROM messages"));
    }

    [Fact]
    public async Task A_full_batch_waiting_ends_the_writer_s_batch_window_early()
    {
        var writer = NewWriter(capacity: 100);
        await writer.StartAsync(CancellationToken.None);
        writer.OnEvent(Chat(0), Session);
        await Wait.UntilAsync(() => _counters.Value("storage.written") == 1); // now in its window, on a clock that never moves

        for (var i = 1; i <= 4; i++) writer.OnEvent(Chat(i), Session);
        Assert.True(writer.WaitForRoomAsync(CancellationToken.None).AsTask().IsCompleted);
        writer.OnEvent(Chat(5), Session);
        Assert.True(writer.WaitForRoomAsync(CancellationToken.None).AsTask().IsCompleted); // five waiting: a full batch

        await Wait.UntilAsync(() => _counters.Value("storage.written") == 6);
        Assert.Equal(0, _counters.Value("storage.backpressure_waits"));
        _disk.Open.Set();
        await writer.StopAsync(CancellationToken.None);
    }

    public void Dispose()
    {
        _disk.Open.Set();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }

    private sealed record SlowBatch : LiveUpdate;

    /// <summary>A batch holding <see cref="SlowBatch"/> takes until the test opens the gate: a disk that is slow, not failing.</summary>
    private sealed class SlowDisk : IStorageExtension
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public ManualResetEventSlim Open { get; } = new();

        public bool Wants(LiveUpdate update) => update is SlowBatch;

        public void Write(SQLiteConnection db, LiveUpdate update, string sessionId)
        {
            Entered.TrySetResult();
            Open.Wait(TimeSpan.FromSeconds(30));
        }
    }
}
