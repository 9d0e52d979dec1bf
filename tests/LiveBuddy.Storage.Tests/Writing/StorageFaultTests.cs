using LiveBuddy.Core;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Storage.Schema;
using LiveBuddy.Storage.Writing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SQLite;

namespace LiveBuddy.Storage.Tests.Writing;

/// <summary>
/// The disk fills up under the writer (simulated with <c>PRAGMA max_page_count</c> on the writer's own
/// connection, which SQLite answers with SQLITE_FULL exactly as it does for a full file system).
/// </summary>
public sealed class StorageFaultTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("livebuddy-fault-").FullName;
    private readonly Counters _counters = new();
    private readonly ListLogger<StorageWriter> _log = new();
    private static readonly SessionInfo Session = new() { Id = "s1", StartedAt = DateTimeOffset.UnixEpoch };

    private StorageWriter NewWriter(DiskQuota quota, int capacity = 200_000) => new(
        Options.Create(new StorageOptions { Path = _folder, QueueCapacity = capacity, BatchWindow = TimeSpan.FromMilliseconds(10) }),
        new DataFolder(_folder), _counters, [quota], TimeProvider.System, _log);

    private static ChatMessage Chat(string id) => new()
    {
        Platform = Platform.Twitch, Id = id, Channel = "chan",
        SentAt = DateTimeOffset.UnixEpoch, ReceivedAt = DateTimeOffset.UnixEpoch,
        Author = new Author { Id = "id-" + id, Name = id, DisplayName = id }, Text = new string('x', 400) + id,
    };

    private SQLiteConnection OpenDb() => LiveBuddyDatabase.Open(Path.Combine(_folder, LiveBuddyDatabase.FileName));

    [Fact]
    public async Task Database_full_keeps_rows_in_memory_and_writes_them_when_space_returns()
    {
        var quota = new DiskQuota { Full = true };
        var writer = NewWriter(quota);
        // Queued before the loop starts, so the quota check is the first thing in the one failing batch
        // and runs again before every retry.
        writer.OnUpdate(new QuotaCheck());
        for (var i = 0; i < 500; i++) writer.OnEvent(Chat("m" + i), Session);
        await writer.StartAsync(CancellationToken.None);

        await Wait.UntilAsync(() => _counters.Value("storage.failed_batches") >= 2);
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("Full", StringComparison.Ordinal));
        for (var i = 500; i < 1_000; i++) writer.OnEvent(Chat("m" + i), Session); // still arriving while full

        quota.Full = false;
        await writer.FlushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        await writer.StopAsync(CancellationToken.None);

        using var db = OpenDb();
        Assert.Equal("ok", db.ExecuteScalar<string>("PRAGMA integrity_check"));
        Assert.Equal(1_000, db.ExecuteScalar<int>("SELECT COUNT(*) FROM messages"));
        Assert.Equal(1_000, db.ExecuteScalar<int>("SELECT SUM(Messages) FROM viewers"));
        // Failed attempts leave no trace in the per-minute tallies either.
        Assert.Equal(1_000, db.ExecuteScalar<int>("SELECT SUM(Messages) FROM minute_stats"));
        Assert.Equal(1_000, db.ExecuteScalar<int>("SELECT SUM(Chatters) FROM minute_stats"));
        Assert.Equal(0, _counters.Value("storage.dropped"));
    }

    [Fact]
    public async Task A_database_that_cannot_be_opened_at_start_is_retried_and_queued_rows_are_written_once_it_opens()
    {
        // Something that is not a database sits where the file should be (a folder here; a read-only mount or a
        // file locked by another program in the wild): SQLite cannot open it.
        var path = Path.Combine(_folder, LiveBuddyDatabase.FileName);
        Directory.CreateDirectory(path);
        var writer = NewWriter(new DiskQuota());
        await writer.StartAsync(CancellationToken.None);
        for (var i = 0; i < 100; i++) writer.OnEvent(Chat("m" + i), Session);

        await Wait.UntilAsync(() => _counters.Value("storage.open_failures") >= 2);
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(path, StringComparison.Ordinal));

        Directory.Delete(path);
        await writer.FlushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        await writer.StopAsync(CancellationToken.None);

        using var db = OpenDb();
        Assert.Equal(100, db.ExecuteScalar<int>("SELECT COUNT(*) FROM messages"));
        Assert.Equal(0, _counters.Value("storage.dropped"));
    }

    [Fact]
    public async Task A_database_that_never_opens_counts_what_was_queued_as_dropped_at_stop()
    {
        Directory.CreateDirectory(Path.Combine(_folder, LiveBuddyDatabase.FileName));
        var writer = NewWriter(new DiskQuota());
        await writer.StartAsync(CancellationToken.None);
        for (var i = 0; i < 10; i++) writer.OnEvent(Chat("m" + i), Session);
        await Wait.UntilAsync(() => _counters.Value("storage.open_failures") >= 1);

        await writer.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(10, _counters.Value("storage.dropped"));
    }

    [Fact]
    public async Task Batch_that_cannot_be_written_loses_only_the_bad_item_and_the_writer_goes_on()
    {
        var writer = new StorageWriter(
            Options.Create(new StorageOptions { Path = _folder, BatchWindow = TimeSpan.FromMilliseconds(10) }),
            new DataFolder(_folder), _counters, [new BrokenExtension()], TimeProvider.System, _log);
        writer.OnEvent(Chat("before"), Session);
        writer.OnUpdate(new QuotaCheck()); // the extension throws on it, as a bug would
        writer.OnEvent(Chat("after"), Session);
        await writer.StartAsync(CancellationToken.None);
        await writer.FlushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        writer.OnEvent(Chat("later"), Session);
        await writer.FlushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        await writer.StopAsync(CancellationToken.None);

        using var db = OpenDb();
        Assert.Equal(["after", "before", "later"],
            db.Query<MessageRow>("SELECT EventId FROM messages ORDER BY EventId").Select(r => r.EventId));
        Assert.Equal(1, _counters.Value("storage.dropped"));
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Error && e.Exception is InvalidOperationException);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }

    private sealed record QuotaCheck : LiveUpdate;

    private sealed class BrokenExtension : IStorageExtension
    {
        public bool Wants(LiveUpdate update) => update is QuotaCheck;

        public void Write(SQLiteConnection db, LiveUpdate update, string sessionId) =>
            throw new InvalidOperationException("a bug in a feature's storage code");
    }

    /// <summary>Caps the writer's database at its current size while <see cref="Full"/> is set.</summary>
    private sealed class DiskQuota : IStorageExtension
    {
        public volatile bool Full;

        public bool Wants(LiveUpdate update) => update is QuotaCheck;

        public void Write(SQLiteConnection db, LiveUpdate update, string sessionId)
        {
            var pages = db.ExecuteScalar<long>("PRAGMA page_count");
            db.ExecuteScalar<long>($"PRAGMA max_page_count = {(Full ? pages : 1_000_000_000)}");
        }
    }
}
