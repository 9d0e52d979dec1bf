using LiveBuddy.Core;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Storage.Moderation;
using LiveBuddy.Storage.Schema;
using LiveBuddy.Storage.Writing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SQLite;

namespace LiveBuddy.Storage.Tests.Writing;

public sealed class StorageWriterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("livebuddy-storage-").FullName;
    private readonly Counters _counters = new();
    private static readonly SessionInfo Session = new() { Id = "s1", StartedAt = DateTimeOffset.UnixEpoch };

    private StorageWriter NewWriter(int maxBatch = 5_000, int capacity = 200_000) => new(
        Options.Create(new StorageOptions { Path = _folder, MaxBatch = maxBatch, QueueCapacity = capacity, BatchWindow = TimeSpan.FromMilliseconds(10) }),
        new DataFolder(_folder), _counters, [], TimeProvider.System, NullLogger<StorageWriter>.Instance);

    private static ChatMessage Chat(string id, string user = "alice", long at = 0) => new()
    {
        Platform = Platform.Twitch, Id = id, Channel = "chan",
        SentAt = DateTimeOffset.UnixEpoch.AddMilliseconds(at), ReceivedAt = DateTimeOffset.UnixEpoch.AddMilliseconds(at),
        Author = new Author { Id = "id-" + user, Name = user, DisplayName = user }, Text = "hello " + id,
    };

    private SQLiteConnection OpenDb() => LiveBuddyDatabase.Open(Path.Combine(_folder, LiveBuddyDatabase.FileName));

    [Fact]
    public async Task Many_messages_are_written_in_batches_and_all_arrive()
    {
        var writer = NewWriter(maxBatch: 1_000);
        await writer.StartAsync(CancellationToken.None);

        writer.OnUpdate(new SessionStarted(Session, false));
        for (var i = 0; i < 10_000; i++) writer.OnEvent(Chat("m" + i, "user" + (i % 50), i * 10), Session);
        await writer.FlushAsync(CancellationToken.None);
        await writer.StopAsync(CancellationToken.None);

        using var db = OpenDb();
        Assert.Equal(10_000, db.ExecuteScalar<int>("SELECT COUNT(*) FROM messages WHERE SessionId = 's1'"));
        Assert.Equal(50, db.ExecuteScalar<int>("SELECT COUNT(*) FROM viewers"));
        Assert.Equal(200, db.ExecuteScalar<int>("SELECT Messages FROM viewers WHERE Key = 'twitch:id-user7'"));
        Assert.True(_counters.Value("storage.written") >= 10_001);
        // 100 s of chat at one message per 10 ms: two minute rows.
        Assert.Equal(10_000, db.ExecuteScalar<int>("SELECT SUM(Messages) FROM minute_stats WHERE SessionId = 's1'"));
    }

    private static ViewerCountSample Viewers(int viewers, long at) => new()
    {
        Platform = Platform.Twitch, Id = "v" + at, Channel = "chan", SentAt = DateTimeOffset.UnixEpoch.AddMilliseconds(at),
        ReceivedAt = DateTimeOffset.UnixEpoch.AddMilliseconds(at), Viewers = viewers,
    };

    private (int Messages, int Chatters, int? Viewers) Minute(int minute)
    {
        using var db = OpenDb();
        var row = db.Find<MinuteStatsRow>("s1:" + minute);
        return (row.Messages, row.Chatters, row.Viewers);
    }

    /// <summary>Minute 0: two chatters and a viewer count of 40.</summary>
    private static void WriteMinuteZero(StorageWriter writer)
    {
        writer.OnEvent(Chat("a1", "alice", 1_000), Session);
        writer.OnEvent(Chat("b1", "bob", 2_000), Session);
        writer.OnEvent(Viewers(40, 3_000), Session);
    }

    [Fact]
    public async Task A_late_message_adds_to_its_minute_instead_of_overwriting_what_was_stored()
    {
        var writer = NewWriter();
        await writer.StartAsync(CancellationToken.None);
        WriteMinuteZero(writer);
        await writer.FlushAsync(CancellationToken.None);
        // Chat moves on: minute 0 is no longer among the minutes the writer keeps in memory.
        for (var minute = 1; minute <= 6; minute++) writer.OnEvent(Chat("later" + minute, "alice", minute * 60_000), Session);
        await writer.FlushAsync(CancellationToken.None);

        writer.OnEvent(Chat("late", "carol", 4_000), Session); // seven minutes late
        await writer.FlushAsync(CancellationToken.None);
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal((3, 3, 40), Minute(0));
    }

    [Fact]
    public async Task After_a_restart_the_current_minute_goes_on_from_its_stored_tallies()
    {
        var before = NewWriter();
        await before.StartAsync(CancellationToken.None);
        WriteMinuteZero(before);
        await before.StopAsync(CancellationToken.None);

        var after = NewWriter();
        await after.StartAsync(CancellationToken.None);
        after.OnEvent(Chat("c1", "carol", 30_000), Session);
        await after.StopAsync(CancellationToken.None);

        Assert.Equal((3, 3, 40), Minute(0));
    }

    [Fact]
    public async Task Stop_flushes_everything_that_was_queued()
    {
        var writer = NewWriter();
        await writer.StartAsync(CancellationToken.None);
        for (var i = 0; i < 2_500; i++) writer.OnEvent(Chat("m" + i), Session);

        await writer.StopAsync(CancellationToken.None);

        using var db = OpenDb();
        Assert.Equal(2_500, db.ExecuteScalar<int>("SELECT COUNT(*) FROM messages"));
    }

    [Fact]
    public async Task Deletion_marks_the_message_and_is_logged_as_moderation()
    {
        var writer = NewWriter();
        await writer.StartAsync(CancellationToken.None);
        writer.OnEvent(Chat("m1"), Session);
        writer.OnEvent(new MessageDeleted
        {
            Platform = Platform.Twitch, Id = "del-1", Channel = "chan", SentAt = DateTimeOffset.UnixEpoch, ReceivedAt = DateTimeOffset.UnixEpoch,
            TargetMessageId = "m1", TargetAuthorName = "alice",
        }, Session);
        writer.OnEvent(new UserCleared
        {
            Platform = Platform.Twitch, Id = "to-1", Channel = "chan", SentAt = DateTimeOffset.UnixEpoch, ReceivedAt = DateTimeOffset.UnixEpoch,
            Target = new Author { Id = "id-bob", Name = "bob", DisplayName = "bob" }, Duration = TimeSpan.FromSeconds(600),
        }, Session);
        await writer.StopAsync(CancellationToken.None);

        using var db = OpenDb();
        Assert.True(db.ExecuteScalar<bool>("SELECT Deleted FROM messages WHERE EventId = 'm1'"));
        Assert.Equal(["delete", "timeout"], db.Query<ModerationRow>("SELECT Kind FROM moderation_actions ORDER BY RowId").Select(r => r.Kind));
        Assert.Equal(600, db.ExecuteScalar<int>("SELECT DurationSeconds FROM moderation_actions WHERE Kind = 'timeout'"));
    }

    [Fact]
    public async Task A_deletion_after_a_restart_marks_the_line_stored_before_it()
    {
        var first = NewWriter();
        await first.StartAsync(CancellationToken.None);
        first.OnEvent(Chat("m1"), Session);
        first.OnEvent(Chat("m2"), Session);
        await first.StopAsync(CancellationToken.None);

        var second = NewWriter();
        await second.StartAsync(CancellationToken.None);
        second.OnEvent(Deletion("m1"), Session);
        await second.StopAsync(CancellationToken.None);

        using var db = OpenDb();
        Assert.Equal(["m1"], db.QueryScalars<string>("SELECT EventId FROM messages WHERE Deleted = 1"));
    }

    [Fact]
    public void A_deletion_marks_its_line_whichever_batch_stored_it()
    {
        using var db = OpenDb();
        var batches = new BatchWriter([]);
        Write(batches, db, [.. Enumerable.Range(1, 5).Select(i => new SessionEvent(Chat("m" + i), "s1"))]);

        Write(batches, db, [new SessionEvent(Deletion("m1"), "s1"), new SessionEvent(Chat("m6"), "s1"), new SessionEvent(Deletion("m6"), "s1")]);

        Assert.Equal(["m1", "m6"], db.QueryScalars<string>("SELECT EventId FROM messages WHERE Deleted = 1 ORDER BY EventId"));
    }

    [Fact]
    public void A_repeated_line_is_stored_once_and_a_line_removed_meanwhile_can_be_stored_again()
    {
        using var db = OpenDb();
        var batches = new BatchWriter([]);
        Write(batches, db, [new SessionEvent(Chat("m1"), "s1"), new SessionEvent(Chat("m2"), "s1"), new SessionEvent(Chat("m1"), "s1")]);
        db.Execute("DELETE FROM messages WHERE EventId = 'm2'"); // retention, erasure

        Write(new BatchWriter([]), db, [new SessionEvent(Chat("m1"), "s1"), new SessionEvent(Chat("m2"), "s1"), new SessionEvent(Chat("m3"), "s1")]);

        Assert.Equal(["m1", "m2", "m3"], db.QueryScalars<string>("SELECT EventId FROM messages ORDER BY EventId"));
    }

    [Fact]
    public void The_database_refuses_a_second_row_with_the_same_platform_and_id()
    {
        using var db = OpenDb();
        // Keyed as the writer keys a line: by the fingerprint of its platform and id.
        const string Insert = "INSERT INTO messages (SessionId, Platform, EventId, EventKey, Channel, AuthorId, AuthorName, AuthorDisplayName, Text) VALUES ('s', ?, ?, ?, 'c', 'a', 'n', 'N', 'hi')";
        void Store(string platform, string id) => db.Execute(Insert, platform, id, ChatRowStatements.EventKey(platform, id));
        Store("twitch", "same");
        Store("youtube", "same"); // another platform's id may be equal

        var refused = Assert.Throws<SQLiteException>(() => Store("twitch", "same"));

        Assert.Equal(SQLite3.Result.Constraint, refused.Result);
        Assert.Equal(2, db.ExecuteScalar<int>("SELECT COUNT(*) FROM messages"));
    }

    [Fact]
    public async Task Each_viewer_is_recorded_once_per_session_they_chatted_in()
    {
        var writer = NewWriter();
        await writer.StartAsync(CancellationToken.None);
        writer.OnEvent(Chat("m1", "alice"), Session);
        writer.OnEvent(Chat("m2", "alice"), Session);
        writer.OnEvent(Chat("m3", "bob"), Session);
        writer.OnEvent(Chat("m4", "alice"), null);
        await writer.StopAsync(CancellationToken.None);

        using var db = OpenDb();
        Assert.Equal(["twitch:id-alice@", "twitch:id-alice@s1", "twitch:id-bob@s1"],
            db.QueryScalars<string>("SELECT ViewerKey || '@' || SessionId FROM viewer_sessions ORDER BY 1"));
    }

    [Fact]
    public void A_viewer_is_first_seen_at_their_earliest_line_even_when_older_lines_are_written_later()
    {
        // An imported log comes after the stream it predates; "returning chatter" reads the first-seen time alone.
        using var db = OpenDb();
        var batches = new BatchWriter([]);
        Write(batches, db, [new SessionEvent(Chat("m1", "alice", at: 5_000), "s2"), new SessionEvent(Chat("m2", "bob", at: 3_000), "s2"),
            new SessionEvent(Chat("m3", "bob", at: 2_000), "s2")]);
        Write(batches, db, [new SessionEvent(Chat("m4", "alice", at: 1_000), "s1")]); // a row this writer knows: updated by row id
        Write(new BatchWriter([]), db, [new SessionEvent(Chat("m5", "bob", at: 500), "s1")]); // a row it does not: the upsert

        var firstSeen = db.Query<ViewerRow>("SELECT * FROM viewers ORDER BY Key").Select(v => (v.Key, v.FirstSeenAt, v.LastSeenAt, v.Messages));
        Assert.Equal([("twitch:id-alice", 1_000L, 5_000L, 2L), ("twitch:id-bob", 500L, 3_000L, 3L)], firstSeen);
    }

    private static void Write(BatchWriter batches, SQLiteConnection db, List<object> batch) => db.RunInTransaction(() => batches.Write(db, batch));

    private static MessageDeleted Deletion(string target) => new()
    {
        Platform = Platform.Twitch, Id = "del-" + target, Channel = "chan", SentAt = DateTimeOffset.UnixEpoch, ReceivedAt = DateTimeOffset.UnixEpoch,
        TargetMessageId = target, TargetAuthorName = "alice",
    };

    [Fact]
    public async Task Locked_database_delays_the_batch_without_losing_it()
    {
        using (OpenDb()) { } // create the schema first
        using var blocker = new SQLiteConnection(Path.Combine(_folder, LiveBuddyDatabase.FileName));
        blocker.BusyTimeout = TimeSpan.Zero;
        blocker.Execute("BEGIN EXCLUSIVE");
        var writer = NewWriter();
        await writer.StartAsync(CancellationToken.None);

        writer.OnEvent(Chat("while-locked"), Session);
        await Wait.UntilAsync(() => _counters.Value("storage.failed_batches") > 0, TimeSpan.FromSeconds(30));
        blocker.Execute("ROLLBACK");
        await writer.FlushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        await writer.StopAsync(CancellationToken.None);

        using var db = OpenDb();
        Assert.True(_counters.Value("storage.failed_batches") >= 1);
        Assert.Equal(1, db.ExecuteScalar<int>("SELECT COUNT(*) FROM messages WHERE EventId = 'while-locked'"));
    }

    [Fact]
    public void Full_queue_drops_and_counts_instead_of_blocking_the_pipeline()
    {
        var writer = NewWriter(capacity: 10); // not started: nothing drains

        for (var i = 0; i < 25; i++) writer.OnEvent(Chat("m" + i), Session);

        Assert.Equal(15, _counters.Value("storage.dropped"));
        // And by kind, so a test (or a streamer reading /healthz) can tell lost chat lines from other lost rows.
        Assert.Equal(15, _counters.Value("storage.dropped.chat_message"));
    }

    [Fact]
    public async Task Duplicate_message_id_after_a_restart_is_stored_once()
    {
        var first = NewWriter();
        await first.StartAsync(CancellationToken.None);
        first.OnEvent(Chat("same"), Session);
        await first.StopAsync(CancellationToken.None);
        var second = NewWriter();
        await second.StartAsync(CancellationToken.None);
        second.OnEvent(Chat("same"), Session);
        await second.StopAsync(CancellationToken.None);

        using var db = OpenDb();
        Assert.Equal(1, db.ExecuteScalar<int>("SELECT COUNT(*) FROM messages"));
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
}
