using LiveBuddy.Storage.Alerts;
using LiveBuddy.Storage.Commands;
using LiveBuddy.Storage.Emotes;
using LiveBuddy.Storage.Moderation;
using LiveBuddy.Storage.Polls;
using LiveBuddy.Storage.Privacy;
using LiveBuddy.Storage.Qa;
using LiveBuddy.Storage.Sessions;
using SQLite;

namespace LiveBuddy.Storage.Schema;

/// <summary>
/// Opens the SQLite database in the data folder with the pragmas LiveBuddy relies on and brings its
/// schema forward. Each migration runs once, in order, inside a transaction; a database written by a
/// newer LiveBuddy is refused rather than touched.
/// </summary>
public static class LiveBuddyDatabase
{
    public const string FileName = "livebuddy.db";

    /// <summary>Forward migrations; index + 1 is the version a migration brings the schema to. Append only.</summary>
    internal static readonly IReadOnlyList<Action<SQLiteConnection>> Migrations =
    [
        // v1: the first schema.
        db =>
        {
            db.CreateTable<SettingRow>();
            db.CreateTable<SessionRow>();
            db.CreateTable<ViewerRow>();
            db.CreateTable<MessageRow>();
            db.CreateTable<AlertRow>();
            db.CreateTable<ModerationRow>();
            db.CreateTable<PollRow>();
            db.CreateTable<PollVoteRow>();
            db.CreateTable<QuestionRow>();
            db.CreateTable<QuestionUpvoteRow>();
            db.CreateTable<CustomCommandRow>();
            db.CreateTable<MinuteStatsRow>();
        },
        // v2: message lookups by platform id (deletions, dedupe after a restart); dropped in v6, back (renamed) in v8.
        db => db.Execute("CREATE UNIQUE INDEX IF NOT EXISTS ix_messages_platform_event ON messages(Platform, EventId)"),
        // v3: session summaries kept after retention removes chat. Retention used to create this table on its first
        // run, outside this list; CREATE TABLE IF NOT EXISTS keeps such a table and its rows as they are.
        db => db.CreateTable<SessionArchiveRow>(),
        // v4: the channel of each poll vote, for restoring an open poll after a restart. CreateTable adds the column to an
        // existing table (older votes get an empty channel: their poll announces where later votes came from).
        db => db.CreateTable<PollVoteRow>(),
        // v5: a question's uid, channel, asker id and voters, for restoring the Q&A queue after a restart.
        db => db.CreateTable<QuestionRow>(),
        // v6: no index a chat line inserts into at a random place. Message ids and viewer ids are random, and the
        // (Platform, EventId) and AuthorId indexes halved the stored lines per second once they outgrew the page cache;
        // viewers.Name was read by nothing. Which sessions a viewer chatted in (erasure, returning chatters) is one row per
        // viewer and session. (v8 brings a (Platform, EventId) index back, v9 keys it by a fingerprint.)
        db =>
        {
            db.Execute(
                """
                CREATE TABLE IF NOT EXISTS viewer_sessions (
                  ViewerKey TEXT NOT NULL, SessionId TEXT NOT NULL, PRIMARY KEY (ViewerKey, SessionId)) WITHOUT ROWID
                """);
            db.Execute("INSERT OR IGNORE INTO viewer_sessions (ViewerKey, SessionId) SELECT DISTINCT Platform || ':' || AuthorId, SessionId FROM messages");
            db.Execute("DROP INDEX IF EXISTS ix_messages_platform_event");
            db.Execute("DROP INDEX IF EXISTS messages_AuthorId");
            db.Execute("DROP INDEX IF EXISTS viewers_Name");
        },
        // v7: viewer_sessions loses its primary key and is only appended to. The key put each first-time chatter's row
        // at a random place, and in a flood of new chatters rewriting those pages took a quarter to a third of the
        // writer's time. It was read by viewer for two things: erasure, which now scans it (one row per viewer and
        // session, not per line), and "returning chatter", which viewers.FirstSeenAt now answers alone because it goes
        // back to the earliest line stored (an older log imported later moves it back). Records written before that
        // learn it here from the sessions that ended before the viewer was first seen.
        db =>
        {
            db.Execute(
                """
                UPDATE viewers SET FirstSeenAt = (
                  SELECT min(s.StartedAt) FROM viewer_sessions v JOIN sessions s ON s.Id = v.SessionId
                  WHERE v.ViewerKey = viewers.Key AND coalesce(s.EndedAt, s.LastActivityAt) < viewers.FirstSeenAt)
                WHERE EXISTS (
                  SELECT 1 FROM viewer_sessions v JOIN sessions s ON s.Id = v.SessionId
                  WHERE v.ViewerKey = viewers.Key AND coalesce(s.EndedAt, s.LastActivityAt) < viewers.FirstSeenAt)
                """);
            db.Execute("CREATE TABLE viewer_sessions_v7 (ViewerKey TEXT NOT NULL, SessionId TEXT NOT NULL)");
            db.Execute("INSERT INTO viewer_sessions_v7 (ViewerKey, SessionId) SELECT ViewerKey, SessionId FROM viewer_sessions");
            db.Execute("DROP TABLE viewer_sessions");
            db.Execute("ALTER TABLE viewer_sessions_v7 RENAME TO viewer_sessions");
        },
        // v8: a chat line is unique by (Platform, EventId) again, so a line delivered twice (a platform's redelivery after
        // a restart) is stored once by the database itself. Versions 6 and 7 relied on the writer remembering recent
        // lines, so a repeat older than that window may be stored twice: the first copy stays (marked deleted if any
        // copy was), the later copies go.
        db =>
        {
            db.Execute(
                """
                CREATE TEMP TABLE repeated_lines AS
                  SELECT Platform, EventId, min(RowId) AS Kept, max(Deleted) AS Deleted FROM messages
                  GROUP BY Platform, EventId HAVING count(*) > 1
                """);
            db.Execute("UPDATE messages SET Deleted = 1 WHERE RowId IN (SELECT Kept FROM repeated_lines WHERE Deleted = 1)");
            db.Execute(
                """
                DELETE FROM messages WHERE RowId IN (
                  SELECT m.RowId FROM repeated_lines r JOIN messages m ON m.Platform = r.Platform AND m.EventId = r.EventId
                  WHERE m.RowId <> r.Kept)
                """);
            db.Execute("DROP TABLE temp.repeated_lines");
            db.Execute("CREATE UNIQUE INDEX ux_messages_platform_event ON messages(Platform, EventId)");
        },
        // v9: hype trains (level, total, top contributors) for the report.
        db => db.CreateTable<HypeTrain.HypeTrainRow>(),
        // v10: a YouTube gift's name and picture on its alert row. CreateTable adds the columns (older rows: null).
        db => db.CreateTable<AlertRow>(),
        // v11: each minute's likes (YouTube). CreateTable adds the column (older minutes: null).
        db => db.CreateTable<MinuteStatsRow>(),
        // v12: what each channel's chat taught the scorer about its own emotes (Emotes/ChannelEmoteRecords). A new table:
        // nothing stored before is touched.
        db => db.Execute(ChannelEmoteRecords.CreateTable),
        // v13: the community layer (issue 20). Points are balances plus one key per awarded (viewer, minute, kind), so an
        // award repeated after a restart adds nothing; raffles with entries and winners; quotes (a deleted quote keeps
        // its row so its number is never reused); named counters.
        db =>
        {
            db.Execute(
                """
                CREATE TABLE IF NOT EXISTS points_balances (
                  ViewerKey TEXT NOT NULL PRIMARY KEY, Platform TEXT NOT NULL, UserId TEXT NOT NULL, Name TEXT NOT NULL,
                  DisplayName TEXT NOT NULL, Balance INTEGER NOT NULL CHECK (Balance >= 0), UpdatedAt INTEGER NOT NULL)
                """);
            db.Execute(
                """
                CREATE TABLE IF NOT EXISTS points_awards (
                  ViewerKey TEXT NOT NULL, Minute INTEGER NOT NULL, Kind TEXT NOT NULL, PRIMARY KEY (ViewerKey, Minute, Kind)) WITHOUT ROWID
                """);
            db.Execute(
                """
                CREATE TABLE IF NOT EXISTS raffles (
                  Id TEXT NOT NULL PRIMARY KEY, SessionId TEXT NOT NULL, Keyword TEXT, Cost INTEGER NOT NULL, OpenedAt INTEGER NOT NULL,
                  EndsAt INTEGER, Status TEXT NOT NULL)
                """);
            db.Execute(
                """
                CREATE TABLE IF NOT EXISTS raffle_entries (
                  RaffleId TEXT NOT NULL, ViewerKey TEXT NOT NULL, Platform TEXT NOT NULL, UserId TEXT NOT NULL, Name TEXT NOT NULL,
                  DisplayName TEXT NOT NULL, Paid INTEGER NOT NULL, EnteredAt INTEGER NOT NULL, PRIMARY KEY (RaffleId, ViewerKey))
                """);
            db.Execute(
                """
                CREATE TABLE IF NOT EXISTS raffle_winners (
                  RaffleId TEXT NOT NULL, ViewerKey TEXT NOT NULL, SessionId TEXT NOT NULL, Platform TEXT NOT NULL,
                  DisplayName TEXT NOT NULL, DrawnAt INTEGER NOT NULL, PRIMARY KEY (RaffleId, ViewerKey))
                """);
            db.Execute("CREATE INDEX IF NOT EXISTS ix_raffle_winners_session ON raffle_winners(SessionId)");
            db.Execute(
                """
                CREATE TABLE IF NOT EXISTS quotes (
                  Number INTEGER NOT NULL PRIMARY KEY, Text TEXT NOT NULL, AddedBy TEXT NOT NULL, AddedAt INTEGER NOT NULL,
                  Category TEXT, Deleted INTEGER NOT NULL DEFAULT 0)
                """);
            db.Execute(
                """
                CREATE TABLE IF NOT EXISTS counters (
                  Name TEXT NOT NULL PRIMARY KEY, Value INTEGER NOT NULL, UpdatedBy TEXT NOT NULL, UpdatedAt INTEGER NOT NULL)
                """);
        },
        // v14: the channel-points redemption queue (ChannelPoints/RedemptionRecords), kept across restarts and sessions. A new
        // table: nothing stored before is touched.
        db => db.Execute(ChannelPoints.RedemptionRecords.CreateTable),
        // v15: Twitch stream markers and clips made (or refused) for moments and moderators, which the report links to its
        // highlights (Markers/StreamMarkRecords). A new table: nothing stored before is touched.
        db => db.CreateTable<Markers.StreamMarkRow>(),
        // v16: the unique key of a chat line is a 64-bit fingerprint of (Platform, EventId) in its own column: the index
        // on the text ids took ~17 µs of a flood's ~45 µs a line (docs/performance.md). Filled for the lines stored so far
        // under the new index already, so a line whose fingerprint an earlier line holds keeps a null key and is kept.
        db =>
        {
            db.CreateTable<MessageRow>(); // adds the EventKey column
            db.Execute("CREATE UNIQUE INDEX ux_messages_event_key ON messages(EventKey)");
            FillEventKeys(db);
            db.Execute("DROP INDEX ux_messages_platform_event");
        },
        // v17: which stored lines came from a Shared Chat partner channel and do not take part here (messages.SharedFrom), so
        // the report counts them apart from our chatters. CreateTable adds the nullable column (older lines: null, ours).
        db => db.CreateTable<MessageRow>(),
        // v18: who said a quote (quotes.SaidBy), which bots like Firebot record and their exports carry. A nullable column:
        // quotes added before have none, as before.
        db => db.Execute("ALTER TABLE quotes ADD COLUMN SaidBy TEXT"),
    ];

    private static void FillEventKeys(SQLiteConnection db)
    {
        using var update = new Reports.RawStatement(db, "UPDATE OR IGNORE messages SET EventKey = ? WHERE RowId = ?");
        for (long after = -1; ;)
        {
            var lines = db.Query<MessageRow>("SELECT RowId, Platform, EventId FROM messages WHERE RowId > ? ORDER BY RowId LIMIT 10000", after);
            if (lines.Count == 0) return;
            foreach (var line in lines)
                update.Bind(1, Writing.ChatRowStatements.EventKey(line.Platform, line.EventId)).Bind(2, line.RowId).Run();
            after = lines[^1].RowId;
        }
    }

    public static int LatestVersion => Migrations.Count;

    private const string ViewerSessionsVersionKey = "viewer-sessions-version";

    /// <summary>
    /// Call in the transaction that deletes rows of <c>viewer_sessions</c> (erasure, retention): the storage writer keeps
    /// the pairs it stored in memory and starts that afresh when the version changes.
    /// </summary>
    internal static void ViewerSessionsChanged(SQLiteConnection db) =>
        db.Execute("INSERT INTO settings (Key, Value) VALUES (?, '1') ON CONFLICT(Key) DO UPDATE SET Value = CAST(Value AS INTEGER) + 1", ViewerSessionsVersionKey);

    internal static string? ViewerSessionsVersion(SQLiteConnection db) =>
        db.ExecuteScalar<string?>("SELECT Value FROM settings WHERE Key = ?", ViewerSessionsVersionKey);

    /// <summary>Opens (creating if needed) and migrates the database at <paramref name="path"/>.</summary>
    public static SQLiteConnection Open(string path, bool readOnly = false)
    {
        // Every connection is opened by one caller and used by it alone (a query, a report, the storage writer's loop,
        // a retention run), never by two threads at once, so none needs a mutex of its own: serialized mode would lock
        // one around every call, a fifth of a million-message report's scan and ~2% of the server in a chat flood.
        var flags = readOnly
            ? SQLiteOpenFlags.ReadOnly | SQLiteOpenFlags.NoMutex
            : SQLiteOpenFlags.ReadWrite | SQLiteOpenFlags.Create | SQLiteOpenFlags.NoMutex;
        var db = new SQLiteConnection(new SQLiteConnectionString(path, flags, storeDateTimeAsTicks: true));
        try
        {
            // Another connection (a report, the control page) may hold a read lock for a moment: wait, don't fail.
            db.BusyTimeout = TimeSpan.FromSeconds(5);
            if (!readOnly)
            {
                // WAL: readers (reports, API) never block the one writer, and a crash loses at most the open transaction.
                db.ExecuteScalar<string>("PRAGMA journal_mode=WAL");
                // NORMAL is durable to the last checkpoint in WAL mode and far cheaper than FULL per batch.
                db.Execute("PRAGMA synchronous=NORMAL");
                // 8 MB of page cache for the one writer (SQLite's default is 2 MB): each line updates its viewer's row and
                // the message-id index at random places, and pages the cache cannot hold are read again from the file.
                // RSS ≤ 200 MB at 1,000 lines/s: 32 MB filled with message pages never read again (docs/performance.md).
                db.ExecuteScalar<long>("PRAGMA cache_size=-8192");
                // Copy the log back into the database every ~40 MB of it rather than SQLite's 4 MB. In a flood each batch
                // rewrites thousands of viewer pages, so the default ran a checkpoint (a second write of every page, and
                // an fsync) after every batch; at 40 MB a page changed by several batches is copied back once. The log
                // file is cut back to 64 MB when it restarts, and to nothing at shutdown (Tidy).
                db.ExecuteScalar<long>("PRAGMA wal_autocheckpoint=10000");
                db.ExecuteScalar<long>("PRAGMA journal_size_limit=67108864");
                Migrate(db);
            }
            return db;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>Applies every migration newer than the stored version.</summary>
    internal static int Migrate(SQLiteConnection db, int? upTo = null)
    {
        db.CreateTable<SchemaVersionRow>();
        var current = db.Table<SchemaVersionRow>().FirstOrDefault()?.Version ?? 0;
        var target = upTo ?? Migrations.Count;
        if (current > Migrations.Count)
            throw new InvalidOperationException(
                $"The database is at schema version {current}, newer than this LiveBuddy knows ({Migrations.Count}). Update LiveBuddy; the database was not changed.");
        for (var version = current + 1; version <= target; version++)
        {
            var migration = Migrations[version - 1];
            db.RunInTransaction(() =>
            {
                migration(db);
                db.InsertOrReplace(new SchemaVersionRow { Version = version, AppliedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
            });
        }
        return Math.Max(current, target);
    }

    /// <summary>Checkpoint and let SQLite refresh its statistics; called on graceful shutdown.</summary>
    public static void Tidy(SQLiteConnection db)
    {
        db.ExecuteScalar<string>("PRAGMA optimize");
        db.ExecuteScalar<string>("PRAGMA wal_checkpoint(TRUNCATE)");
    }
}
