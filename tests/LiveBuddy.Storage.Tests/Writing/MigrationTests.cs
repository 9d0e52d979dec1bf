using LiveBuddy.Storage.Polls;
using LiveBuddy.Storage.Privacy;
using LiveBuddy.Storage.Qa;
using LiveBuddy.Storage.Schema;
using LiveBuddy.Storage.Sessions;
using LiveBuddy.Storage.Writing;
using SQLite;

namespace LiveBuddy.Storage.Tests.Writing;

public sealed class MigrationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("livebuddy-migrate-").FullName;
    private string DbPath => Path.Combine(_folder, LiveBuddyDatabase.FileName);

    [Fact]
    public void Fresh_database_is_brought_to_the_latest_version_with_wal()
    {
        using var db = LiveBuddyDatabase.Open(DbPath);

        Assert.Equal(LiveBuddyDatabase.LatestVersion, db.Table<SchemaVersionRow>().Single().Version);
        Assert.Equal("wal", db.ExecuteScalar<string>("PRAGMA journal_mode"));
        Assert.Equal(1, db.ExecuteScalar<int>("PRAGMA synchronous")); // NORMAL
        Assert.Equal(10_000, db.ExecuteScalar<int>("PRAGMA wal_autocheckpoint"));
    }

    [Fact]
    public void The_writer_gets_an_8_MB_page_cache_and_migrations_are_stamped_by_the_given_clock()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 8, 5, 0, 0, TimeSpan.Zero));

        using var db = LiveBuddyDatabase.Open(DbPath, time: time);

        Assert.Equal(-8192, db.ExecuteScalar<int>("PRAGMA cache_size")); // KiB: the soak RSS bar (docs/performance.md)
        Assert.Equal(time.GetUtcNow().ToUnixTimeMilliseconds(), db.Table<SchemaVersionRow>().Single().AppliedAt);
    }

    [Fact]
    public void Version_17_adds_the_shared_chat_column_and_older_lines_stay_our_own_chat()
    {
        using (var v16 = new SQLiteConnection(DbPath))
        {
            LiveBuddyDatabase.Migrate(v16, upTo: 16);
            // The messages table as versions 1-16 made it, before the row class had SharedFrom.
            v16.Execute("ALTER TABLE messages DROP COLUMN SharedFrom");
            v16.Execute("INSERT INTO messages (SessionId, Platform, EventId, Channel, AuthorId, AuthorName, AuthorDisplayName, Text) VALUES ('s1', 'twitch', 'a', 'c', '7', 'n', 'N', 'hi')");
        }

        using var db = LiveBuddyDatabase.Open(DbPath);

        Assert.Equal(LiveBuddyDatabase.LatestVersion, db.Table<SchemaVersionRow>().Single().Version);
        Assert.Null(db.Table<MessageRow>().Single().SharedFrom);
        Assert.Equal(1, db.ExecuteScalar<int>("SELECT COUNT(*) FROM messages WHERE SharedFrom IS NULL"));
    }

    [Fact]
    public void Older_database_is_migrated_forward_and_keeps_its_data()
    {
        using (var v1 = new SQLiteConnection(DbPath))
        {
            LiveBuddyDatabase.Migrate(v1, upTo: 1);
            v1.Insert(new SessionRow { Id = "old", StartedAt = 1, Platforms = "twitch" });
            Assert.Equal(1, v1.Table<SchemaVersionRow>().Single().Version);
        }

        using var db = LiveBuddyDatabase.Open(DbPath);

        Assert.Equal(LiveBuddyDatabase.LatestVersion, db.Table<SchemaVersionRow>().Single().Version);
        Assert.Equal("old", db.Table<SessionRow>().Single().Id);
        Assert.Equal(1, db.ExecuteScalar<int>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'viewer_sessions'"));
    }

    [Fact]
    public void Version_5_loses_the_random_chat_indexes_as_version_6_and_learns_which_sessions_each_viewer_chatted_in()
    {
        using (var v5 = new SQLiteConnection(DbPath))
        {
            LiveBuddyDatabase.Migrate(v5, upTo: 5);
            // As version 1 made them, when the row classes still carried [Indexed] on these columns.
            v5.Execute("CREATE INDEX IF NOT EXISTS messages_AuthorId ON messages(AuthorId)");
            v5.Execute("CREATE INDEX IF NOT EXISTS viewers_Name ON viewers(Name)");
            foreach (var (session, platform, author, id) in new[] { ("s1", "twitch", "7", "a"), ("s1", "twitch", "7", "b"), ("s2", "twitch", "7", "c"), ("", "youtube", "UCx", "d") })
                v5.Execute("INSERT INTO messages (SessionId, Platform, EventId, Channel, AuthorId, AuthorName, AuthorDisplayName, Text) VALUES (?, ?, ?, 'c', ?, 'n', 'N', 'hi')",
                    session, platform, id, author);
            v5.Insert(new ViewerRow { Key = "twitch:7", Platform = "twitch", UserId = "7", Name = "ann", DisplayName = "Ann", FirstSeenAt = 1, LastSeenAt = 9, Messages = 3 });
        }

        using var db = LiveBuddyDatabase.Open(DbPath);

        Assert.Equal(LiveBuddyDatabase.LatestVersion, db.Table<SchemaVersionRow>().Single().Version);
        Assert.Equal(0, db.ExecuteScalar<int>(
            "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('ix_messages_platform_event', 'messages_AuthorId', 'viewers_Name')"));
        var pairs = db.QueryScalars<string>("SELECT ViewerKey || '@' || SessionId FROM viewer_sessions ORDER BY 1");
        Assert.Equal(["twitch:7@s1", "twitch:7@s2", "youtube:UCx@"], pairs);
        Assert.Equal(4, db.ExecuteScalar<int>("SELECT COUNT(*) FROM messages"));
    }

    [Fact]
    public void Version_6_keeps_each_viewers_sessions_as_version_7_and_moves_first_seen_back_to_sessions_that_ended_before_it()
    {
        using (var v6 = new SQLiteConnection(DbPath))
        {
            LiveBuddyDatabase.Migrate(v6, upTo: 6);
            v6.Insert(new SessionRow { Id = "older", StartedAt = 1_000, EndedAt = 2_000, Platforms = "twitch" });
            v6.Insert(new SessionRow { Id = "newer", StartedAt = 10_000, LastActivityAt = 11_000, Platforms = "twitch" });
            // Ann's record was made by the newer stream; the older one was imported after it (version 6 kept her first seen).
            v6.Insert(new ViewerRow { Key = "twitch:7", Platform = "twitch", UserId = "7", Name = "ann", DisplayName = "Ann", FirstSeenAt = 10_500, LastSeenAt = 10_900, Messages = 3 });
            // Bob was first seen in the newer stream only.
            v6.Insert(new ViewerRow { Key = "twitch:8", Platform = "twitch", UserId = "8", Name = "bob", DisplayName = "Bob", FirstSeenAt = 10_200, LastSeenAt = 10_200, Messages = 1 });
            foreach (var (viewer, session) in new[] { ("twitch:7", "newer"), ("twitch:7", "older"), ("twitch:8", "newer") })
                v6.Execute("INSERT INTO viewer_sessions (ViewerKey, SessionId) VALUES (?, ?)", viewer, session);
        }

        using var db = LiveBuddyDatabase.Open(DbPath);

        Assert.Equal(LiveBuddyDatabase.LatestVersion, db.Table<SchemaVersionRow>().Single().Version);
        Assert.Equal(["twitch:7@newer", "twitch:7@older", "twitch:8@newer"],
            db.QueryScalars<string>("SELECT ViewerKey || '@' || SessionId FROM viewer_sessions ORDER BY 1"));
        Assert.Equal([1_000L, 10_200L], db.QueryScalars<long>("SELECT FirstSeenAt FROM viewers ORDER BY Key"));
        // Appended to, not kept in key order: no primary key and no index.
        Assert.DoesNotContain("PRIMARY KEY", db.ExecuteScalar<string>("SELECT sql FROM sqlite_master WHERE name = 'viewer_sessions'"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, db.ExecuteScalar<int>("SELECT COUNT(*) FROM sqlite_master WHERE tbl_name = 'viewer_sessions' AND type = 'index'"));
    }

    [Fact]
    public void Version_7_keeps_the_first_copy_of_each_repeated_line_as_version_8_and_then_refuses_repeats()
    {
        using (var v7 = new SQLiteConnection(DbPath))
        {
            LiveBuddyDatabase.Migrate(v7, upTo: 7);
            // Version 7 had no unique index: a redelivery older than the writer's window was stored twice.
            foreach (var (platform, id, text, deleted) in new[]
            {
                ("twitch", "a", "first", 0), ("twitch", "b", "only", 0), ("twitch", "a", "again", 0), ("youtube", "a", "other platform", 0),
                ("twitch", "c", "kept", 0), ("twitch", "c", "deleted copy", 1),
            })
                v7.Execute("INSERT INTO messages (SessionId, Platform, EventId, Channel, AuthorId, AuthorName, AuthorDisplayName, Text, Deleted) VALUES ('s1', ?, ?, 'c', '7', 'n', 'N', ?, ?)",
                    platform, id, text, deleted);
            v7.Insert(new SessionRow { Id = "s1", StartedAt = 1, Platforms = "twitch" });
        }

        using var db = LiveBuddyDatabase.Open(DbPath);

        Assert.Equal(LiveBuddyDatabase.LatestVersion, db.Table<SchemaVersionRow>().Single().Version);
        Assert.Equal(["twitch:a:first:0", "twitch:b:only:0", "twitch:c:kept:1", "youtube:a:other platform:0"],
            db.QueryScalars<string>("SELECT Platform || ':' || EventId || ':' || Text || ':' || Deleted FROM messages ORDER BY Platform, EventId"));
        Assert.Equal("s1", db.Table<SessionRow>().Single().Id);
        db.Execute("INSERT INTO messages (SessionId, Platform, EventId, EventKey, Channel, AuthorId, AuthorName, AuthorDisplayName, Text) VALUES ('s1', 'twitch', 'a', ?, 'c', '7', 'n', 'N', 'x') ON CONFLICT DO NOTHING",
            ChatRowStatements.EventKey("twitch", "a"));
        Assert.Equal(4, db.ExecuteScalar<int>("SELECT COUNT(*) FROM messages"));
        Assert.Equal(1, db.ExecuteScalar<int>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'ux_messages_event_key' AND sql LIKE 'CREATE UNIQUE INDEX%'"));
    }

    [Fact]
    public void Version_15_lines_get_their_fingerprint_as_the_unique_key_in_version_16_and_the_text_index_goes()
    {
        using (var v8 = new SQLiteConnection(DbPath))
        {
            LiveBuddyDatabase.Migrate(v8, upTo: 15);
            // Versions 8 to 15 had no EventKey column (the row type has it now, so take it away as an older database lacks it).
            v8.Execute("ALTER TABLE messages DROP COLUMN EventKey");
            // More lines than the migration reads at a time, from two platforms.
            v8.RunInTransaction(() =>
            {
                for (var i = 0; i < 10_500; i++)
                    v8.Execute("INSERT INTO messages (SessionId, Platform, EventId, Channel, AuthorId, AuthorName, AuthorDisplayName, Text) VALUES ('s1', ?, ?, 'c', '7', 'n', 'N', 'x')",
                        i % 3 == 0 ? "youtube" : "twitch", $"id-{i}");
            });
        }

        using var db = LiveBuddyDatabase.Open(DbPath);

        Assert.Equal(LiveBuddyDatabase.LatestVersion, db.Table<SchemaVersionRow>().Single().Version);
        var lines = db.Query<MessageRow>("SELECT Platform, EventId, EventKey FROM messages");
        Assert.Equal(10_500, lines.Count);
        Assert.All(lines, line => Assert.Equal(ChatRowStatements.EventKey(line.Platform, line.EventId), line.EventKey));
        Assert.Equal(0, db.ExecuteScalar<int>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'ux_messages_platform_event'"));
        // A line stored before the migration is refused again after it.
        var changed = db.Execute("INSERT INTO messages (SessionId, Platform, EventId, EventKey, Channel, AuthorId, AuthorName, AuthorDisplayName, Text) VALUES ('s2', 'twitch', 'id-1', ?, 'c', '7', 'n', 'N', 'again') ON CONFLICT DO NOTHING",
            ChatRowStatements.EventKey("twitch", "id-1"));
        Assert.Equal(0, changed);
    }

    [Fact]
    public void Version_2_database_gains_the_session_archive_as_version_3_and_keeps_its_data()
    {
        using (var v2 = new SQLiteConnection(DbPath))
        {
            LiveBuddyDatabase.Migrate(v2, upTo: 2);
            v2.Insert(new SessionRow { Id = "old", StartedAt = 1, Platforms = "twitch" });
            v2.Insert(new MinuteStatsRow { Key = "old:0", SessionId = "old", Minute = 0, Messages = 7, Viewers = 40 });
        }

        using var db = LiveBuddyDatabase.Open(DbPath);

        Assert.Equal(LiveBuddyDatabase.LatestVersion, db.Table<SchemaVersionRow>().Single().Version);
        Assert.Equal(1, db.ExecuteScalar<int>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'session_archive'"));
        Assert.Equal("old", db.Table<SessionRow>().Single().Id);
        Assert.Equal(7, db.Table<MinuteStatsRow>().Single().Messages);
    }

    [Fact]
    public void Version_3_poll_votes_gain_their_channel_as_version_4_and_keep_their_votes()
    {
        using (var v3 = new SQLiteConnection(DbPath))
        {
            LiveBuddyDatabase.Migrate(v3, upTo: 3);
            v3.Execute("ALTER TABLE poll_votes DROP COLUMN Channel"); // as version 3 made the table
            v3.Execute("INSERT INTO poll_votes (PollId, Platform, ViewerId, Option, At) VALUES ('p1', 'twitch', 'u1', 2, 5)");
        }

        using var db = LiveBuddyDatabase.Open(DbPath);

        Assert.Equal(LiveBuddyDatabase.LatestVersion, db.Table<SchemaVersionRow>().Single().Version);
        var vote = db.Table<PollVoteRow>().Single();
        Assert.Equal(("p1", 2), (vote.PollId, vote.Option));
        Assert.True(string.IsNullOrEmpty(vote.Channel));
    }

    [Fact]
    public void Version_4_questions_gain_what_restoring_the_queue_needs_as_version_5_and_still_load()
    {
        using (var v4 = new SQLiteConnection(DbPath))
        {
            LiveBuddyDatabase.Migrate(v4, upTo: 4);
            foreach (var column in new[] { "Uid", "Channel", "AuthorId", "VotersJson" })
                v4.Execute($"ALTER TABLE questions DROP COLUMN {column}"); // as version 4 made the table
            v4.Execute("""
                INSERT INTO questions (Key, SessionId, ShortId, Platform, AuthorName, Text, Upvotes, Status, AskedAt, UpdatedAt)
                VALUES ('s1:17-twitch-m1', 's1', '3', 'twitch', 'Ann', 'which boss is next?', 0, 'pending', 17, 17)
                """);
        }

        using var db = LiveBuddyDatabase.Open(DbPath);

        Assert.Equal(LiveBuddyDatabase.LatestVersion, db.Table<SchemaVersionRow>().Single().Version);
        var question = Assert.Single(LiveBuddy.Storage.Qa.QaRecords.LoadQuestions(db, "s1"));
        Assert.Equal((3, "17-twitch-m1", "which boss is next?", "", 0), (question.Id, question.Uid, question.Text, question.Channel, question.Upvotes));
    }

    [Fact]
    public void A_damaged_stored_upvoter_list_costs_the_upvotes_not_the_question()
    {
        using var db = LiveBuddyDatabase.Open(DbPath);
        db.Insert(new QuestionRow
        {
            Key = "s1:u1", SessionId = "s1", ShortId = "1", Platform = "twitch", AuthorName = "Ann", Text = "which boss is next?",
            Status = "pending", Uid = "u1", VotersJson = "[\"twitch:7\", oops",
        });

        var question = Assert.Single(LiveBuddy.Storage.Qa.QaRecords.LoadQuestions(db, "s1"));

        Assert.Equal(("u1", 0), (question.Uid, question.Upvotes));
    }

    [Fact]
    public void Archive_table_made_by_an_older_retention_run_is_kept_by_the_migration()
    {
        // Before version 3, the first retention run created session_archive itself while the version stayed at 2.
        using (var v2 = new SQLiteConnection(DbPath))
        {
            LiveBuddyDatabase.Migrate(v2, upTo: 2);
            v2.Execute("CREATE TABLE session_archive (SessionId varchar PRIMARY KEY NOT NULL, Json varchar, ArchivedAt bigint)");
            v2.Execute("INSERT INTO session_archive VALUES ('old', '{}', 42)");
        }

        using var db = LiveBuddyDatabase.Open(DbPath);

        Assert.Equal(LiveBuddyDatabase.LatestVersion, db.Table<SchemaVersionRow>().Single().Version);
        var kept = db.Table<SessionArchiveRow>().Single();
        Assert.Equal(("old", "{}", 42L), (kept.SessionId, kept.Json, kept.ArchivedAt));
    }

    [Fact]
    public void Reopening_runs_no_migration_twice()
    {
        using (LiveBuddyDatabase.Open(DbPath)) { }
        long appliedAt;
        using (var db = LiveBuddyDatabase.Open(DbPath)) appliedAt = db.Table<SchemaVersionRow>().Single().AppliedAt;

        using var again = LiveBuddyDatabase.Open(DbPath);

        Assert.Equal(appliedAt, again.Table<SchemaVersionRow>().Single().AppliedAt);
    }

    [Fact]
    public void Database_from_a_newer_LiveBuddy_is_refused_untouched()
    {
        using (var db = LiveBuddyDatabase.Open(DbPath))
        {
            db.Insert(new SessionRow { Id = "keep-me", StartedAt = 1, Platforms = "twitch" });
            db.Execute("UPDATE schema_version SET Version = 999");
        }

        var error = Assert.Throws<InvalidOperationException>(() => LiveBuddyDatabase.Open(DbPath));

        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
        using var raw = new SQLiteConnection(DbPath);
        Assert.Equal("keep-me", raw.Table<SessionRow>().Single().Id);
        Assert.Equal(999, raw.Table<SchemaVersionRow>().Single().Version);
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
