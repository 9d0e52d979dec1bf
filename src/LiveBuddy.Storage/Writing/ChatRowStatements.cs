using System.Runtime.InteropServices;
using System.Text;
using LiveBuddy.Core.Events;
using SQLite;
using SQLitePCL;

namespace LiveBuddy.Storage.Writing;

/// <summary>
/// The statements run for every chat line (the message insert, the viewer upsert, the viewer's session), prepared once per
/// connection and bound field by field. sqlite-net's <c>Insert</c> reflects over the row and <c>Execute</c>
/// prepares its SQL again on every call; at tens of thousands of lines a second that was most of the writer's time.
/// </summary>
internal sealed partial class ChatRowStatements : IDisposable
{
    private const string InsertMessage =
        """
        INSERT INTO messages (SessionId, Platform, EventId, Channel, AuthorId, AuthorName, AuthorDisplayName, Roles,
          Text, EmoteCount, SentAt, ReceivedAt, Sentiment, Score, Question, Toxic, FirstMessage, Bits, Deleted)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
        """;

    private const string UpsertViewer =
        """
        INSERT INTO viewers (Key, Platform, UserId, Name, DisplayName, FirstSeenAt, LastSeenAt, Messages)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(Key) DO UPDATE SET Name = excluded.Name, DisplayName = excluded.DisplayName,
          FirstSeenAt = min(FirstSeenAt, excluded.FirstSeenAt), LastSeenAt = max(LastSeenAt, excluded.LastSeenAt),
          Messages = Messages + excluded.Messages
        RETURNING RowId
        """;

    // The same update as the upsert's, straight to a row the writer knows: no search of the key index, no insert
    // attempt first. The key is checked, so a row deleted meanwhile (erasure, retention) or reused changes nothing.
    private const string UpdateViewer =
        """
        UPDATE viewers SET Name = ?3, DisplayName = ?4, FirstSeenAt = min(FirstSeenAt, ?7), LastSeenAt = max(LastSeenAt, ?5),
          Messages = Messages + ?6
        WHERE RowId = ?1 AND Key = ?2
        """;

    // Appended, never looked up while writing: the writer remembers the pairs it stored, so a pair is written again only
    // after it forgot them (a restart, a very large session); readers take them DISTINCT.
    private const string AddChatterSession = "INSERT INTO viewer_sessions (ViewerKey, SessionId) VALUES (?, ?)";

    private const string StoredLine = "SELECT Platform = ? AND EventId = ? FROM messages WHERE RowId = ?";

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _message;
    private readonly sqlite3_stmt _viewer;
    private readonly sqlite3_stmt _knownViewer;
    private readonly sqlite3_stmt _chatterSession;
    private readonly sqlite3_stmt _storedLine;
    // The statements' native handles, valid while this object owns the statements (until Dispose).
    private readonly nint _messageHandle, _viewerHandle, _knownViewerHandle, _chatterSessionHandle, _storedLineHandle;
    private readonly nint _dbHandle;
    private byte[] _utf8 = new byte[1024];

    public ChatRowStatements(SQLiteConnection connection)
    {
        Connection = connection;
        _db = connection.Handle;
        try
        {
            _message = Prepare(InsertMessage);
            _viewer = Prepare(UpsertViewer);
            _knownViewer = Prepare(UpdateViewer);
            _chatterSession = Prepare(AddChatterSession);
            _storedLine = Prepare(StoredLine);
        }
        catch
        {
            Dispose();
            throw;
        }
        _messageHandle = _message.DangerousGetHandle();
        _viewerHandle = _viewer.DangerousGetHandle();
        _knownViewerHandle = _knownViewer.DangerousGetHandle();
        _chatterSessionHandle = _chatterSession.DangerousGetHandle();
        _storedLineHandle = _storedLine.DangerousGetHandle();
        _dbHandle = _db.DangerousGetHandle();
    }

    /// <summary>The connection these statements belong to.</summary>
    public SQLiteConnection Connection { get; }

    /// <summary>Stores a line as a <see cref="Schema.MessageRow"/>, bound straight from the message; returns its row id.</summary>
    public long Insert(ChatMessage chat, string sessionId, int emoteCount)
    {
        var s = _messageHandle;
        var score = chat.Score ?? MessageScore.Neutral;
        Text(s, 1, sessionId);
        Text(s, 2, chat.Platform.ToWire());
        Text(s, 3, chat.Id);
        Text(s, 4, chat.Channel);
        Text(s, 5, chat.Author.Id);
        Text(s, 6, chat.Author.Name);
        Text(s, 7, chat.Author.DisplayName);
        Native.BindInt(s, 8, (int)chat.Author.Roles);
        Text(s, 9, chat.Text);
        Native.BindInt(s, 10, emoteCount);
        Native.BindInt64(s, 11, chat.SentAt.ToUnixTimeMilliseconds());
        Native.BindInt64(s, 12, chat.ReceivedAt.ToUnixTimeMilliseconds());
        Native.BindInt(s, 13, (int)score.Sentiment);
        // Stored as sqlite-net stores a float property: widened to double.
        Native.BindDouble(s, 14, score.Value);
        Native.BindInt(s, 15, score.Question ? 1 : 0);
        Native.BindInt(s, 16, score.Toxic ? 1 : 0);
        Native.BindInt(s, 17, chat.IsFirstMessage ? 1 : 0);
        Native.BindInt(s, 18, chat.Bits);
        Run(s);
        return Native.LastInsertRowId(_dbHandle);
    }

    /// <summary>Whether row <paramref name="rowId"/> holds the line with this platform and id.</summary>
    public bool IsStoredAt(long rowId, string platform, string eventId)
    {
        var s = _storedLineHandle;
        Text(s, 1, platform);
        Text(s, 2, eventId);
        Native.BindInt64(s, 3, rowId);
        var rc = Native.Step(s);
        var stored = rc == raw.SQLITE_ROW && Native.ColumnInt(s, 0) == 1;
        Native.Reset(s);
        if (rc is not (raw.SQLITE_ROW or raw.SQLITE_DONE)) throw Error(rc);
        return stored;
    }

    /// <summary>Records that a viewer chatted in a session (erasure finds the sessions to clear by it).</summary>
    public void AddViewerSession(string platform, string userId, string sessionId)
    {
        var s = _chatterSessionHandle;
        ViewerKey(s, 1, platform, userId);
        Text(s, 2, sessionId);
        Run(s);
    }

    /// <summary>
    /// Adds a batch's lines to the viewer's row <paramref name="rowId"/> (from <see cref="UpsertViewerRow"/>); false when
    /// that row is no longer this viewer's.
    /// </summary>
    public bool UpdateViewerRow(long rowId, string platform, string userId, string name, string displayName, long firstSeenAt, long lastSeenAt, long messages)
    {
        var s = _knownViewerHandle;
        Native.BindInt64(s, 1, rowId);
        ViewerKey(s, 2, platform, userId);
        Text(s, 3, name);
        Text(s, 4, displayName);
        Native.BindInt64(s, 5, lastSeenAt);
        Native.BindInt64(s, 6, messages);
        Native.BindInt64(s, 7, firstSeenAt);
        Run(s);
        return Native.Changes(_dbHandle) == 1;
    }

    /// <summary>
    /// Adds a batch's lines to the viewer's row (<c>platform:userId</c>), creating it on their first line; returns the
    /// row's id.
    /// </summary>
    public long UpsertViewerRow(string platform, string userId, string name, string displayName, long firstSeenAt, long lastSeenAt, long messages)
    {
        var s = _viewerHandle;
        ViewerKey(s, 1, platform, userId);
        Text(s, 2, platform);
        Text(s, 3, userId);
        Text(s, 4, name);
        Text(s, 5, displayName);
        Native.BindInt64(s, 6, firstSeenAt);
        Native.BindInt64(s, 7, lastSeenAt);
        Native.BindInt64(s, 8, messages);
        var rc = Native.Step(s);
        var rowId = rc == raw.SQLITE_ROW ? Native.ColumnInt64(s, 0) : 0;
        Native.Reset(s);
        if (rc != raw.SQLITE_ROW) throw Error(rc);
        return rowId;
    }

    public void Dispose()
    {
        Finalize(_message);
        Finalize(_viewer);
        Finalize(_knownViewer);
        Finalize(_chatterSession);
        Finalize(_storedLine);
    }

    // Null when a constructor failed before preparing it.
    private static void Finalize(sqlite3_stmt? statement)
    {
        if (statement is not null) raw.sqlite3_finalize(statement);
    }

    private sqlite3_stmt Prepare(string sql)
    {
        var rc = raw.sqlite3_prepare_v2(_db, sql, out var statement);
        if (rc != raw.SQLITE_OK) throw Error(rc);
        return statement;
    }

    /// <summary>Binds text as UTF-8 from a reused buffer (SQLite copies it), so no byte array per field.</summary>
    private void Text(nint s, int index, string value) => BindUtf8(s, index, Encoding.UTF8.GetBytes(value, Utf8Buffer(value.Length)));

    /// <summary>Binds a viewer's row key, <c>platform:userId</c>, written straight into the buffer.</summary>
    private void ViewerKey(nint s, int index, string platform, string userId)
    {
        var buffer = Utf8Buffer(platform.Length + 1 + userId.Length);
        var length = Encoding.UTF8.GetBytes(platform, buffer);
        buffer[length++] = (byte)':';
        length += Encoding.UTF8.GetBytes(userId, buffer.AsSpan(length));
        BindUtf8(s, index, length);
    }

    /// <summary>The reused buffer, large enough for <paramref name="chars"/> characters as UTF-8.</summary>
    private byte[] Utf8Buffer(int chars)
    {
        var max = Encoding.UTF8.GetMaxByteCount(chars);
        if (max > _utf8.Length) _utf8 = new byte[Math.Max(max, _utf8.Length * 2)];
        return _utf8;
    }

    /// <summary>Binds the first <paramref name="length"/> bytes of the buffer as text (SQLite copies them).</summary>
    private unsafe void BindUtf8(nint s, int index, int length)
    {
        fixed (byte* text = _utf8) Native.BindText(s, index, text, length, Native.Transient);
    }

    private void Run(nint s)
    {
        var rc = Native.Step(s);
        // No clear_bindings: every parameter is bound again before the next step.
        Native.Reset(s);
        // The same exception sqlite-net throws, so the writer's retry (disk full, locked) treats both alike.
        if (rc != raw.SQLITE_DONE) throw Error(rc);
    }

    private SQLiteException Error(int rc) => SQLiteException.New((SQLite3.Result)rc, raw.sqlite3_errmsg(_db).utf8_to_string());

    /// <summary>
    /// SQLite's bind and step calls straight from the native library, on the statements' raw handles: SQLitePCL wraps
    /// each call in a SafeHandle reference count (two interlocked operations), and a stored line makes ~25 calls; that
    /// was 5% of the writer's time. Same library SQLitePCL loads (e_sqlite3).
    /// </summary>
    private static unsafe partial class Native
    {
        private const string Library = "e_sqlite3";

        /// <summary>SQLITE_TRANSIENT: SQLite copies the text before the call returns.</summary>
        public const nint Transient = -1;

        // Binding a number copies it into the statement: short, never blocks, never calls back into .NET.
        [LibraryImport(Library, EntryPoint = "sqlite3_bind_int"), SuppressGCTransition]
        public static partial int BindInt(nint statement, int index, int value);

        [LibraryImport(Library, EntryPoint = "sqlite3_bind_int64"), SuppressGCTransition]
        public static partial int BindInt64(nint statement, int index, long value);

        [LibraryImport(Library, EntryPoint = "sqlite3_bind_double"), SuppressGCTransition]
        public static partial int BindDouble(nint statement, int index, double value);

        [LibraryImport(Library, EntryPoint = "sqlite3_column_int"), SuppressGCTransition]
        public static partial int ColumnInt(nint statement, int column);

        [LibraryImport(Library, EntryPoint = "sqlite3_column_int64"), SuppressGCTransition]
        public static partial long ColumnInt64(nint statement, int column);

        [LibraryImport(Library, EntryPoint = "sqlite3_changes"), SuppressGCTransition]
        public static partial int Changes(nint db);

        [LibraryImport(Library, EntryPoint = "sqlite3_last_insert_rowid"), SuppressGCTransition]
        public static partial long LastInsertRowId(nint db);

        // Text is copied with malloc, and a step does the real work (pages, disk): both keep the GC transition.
        [LibraryImport(Library, EntryPoint = "sqlite3_bind_text")]
        public static partial int BindText(nint statement, int index, byte* text, int length, nint destructor);

        [LibraryImport(Library, EntryPoint = "sqlite3_step")]
        public static partial int Step(nint statement);

        [LibraryImport(Library, EntryPoint = "sqlite3_reset")]
        public static partial int Reset(nint statement);
    }
}
