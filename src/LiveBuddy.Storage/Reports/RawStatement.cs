using System.Runtime.InteropServices;
using System.Text;
using SQLitePCL;

namespace LiveBuddy.Storage.Reports;

/// <summary>
/// A prepared statement read column by column. Reports scan a million rows; sqlite-net's reflection mapping costs
/// more than the scan itself, so the hot queries step the statement directly.
/// <para>
/// Columns are read through <see cref="Columns"/>, straight from the native library: SQLitePCL wraps each call
/// in a SafeHandle reference count (two interlocked operations) and a GC transition, which for the ~10 million
/// column reads of a million-message report took a fifth of its time. The native handle stays valid because
/// this object owns the statement until <see cref="Dispose"/>.
/// </para>
/// </summary>
internal sealed partial class RawStatement : IDisposable
{
    private readonly sqlite3_stmt _statement;
    private readonly nint _handle;
    private readonly sqlite3 _db;

    public RawStatement(SQLite.SQLiteConnection db, string sql)
    {
        _db = db.Handle;
        var rc = raw.sqlite3_prepare_v2(_db, sql, out _statement);
        if (rc != raw.SQLITE_OK) throw new InvalidOperationException($"SQLite could not prepare a report query: {raw.sqlite3_errmsg(_db).utf8_to_string()}");
        _handle = _statement.DangerousGetHandle();
    }

    public RawStatement Bind(int index, string value)
    {
        raw.sqlite3_bind_text(_statement, index, value);
        return this;
    }

    public RawStatement Bind(int index, long value)
    {
        raw.sqlite3_bind_int64(_statement, index, value);
        return this;
    }

    public void Reset() => raw.sqlite3_reset(_statement);

    public bool Step()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW) return true;
        if (rc == raw.SQLITE_DONE) return false;
        throw new InvalidOperationException($"SQLite failed while reading a report: {raw.sqlite3_errmsg(_db).utf8_to_string()}");
    }

    public long Int64(int column) => Columns.Int64(_handle, column);

    public int Int32(int column) => Columns.Int32(_handle, column);

    public double Double(int column) => Columns.Double(_handle, column);

    public bool IsNull(int column) => Columns.Type(_handle, column) == raw.SQLITE_NULL;

    public string Text(int column) => Encoding.UTF8.GetString(Utf8(column));

    /// <summary>The column's UTF-8 bytes, valid until the next step.</summary>
    public unsafe ReadOnlySpan<byte> Utf8(int column)
    {
        // SQLite's rule: ask for the bytes first, then their count (the first call may convert the value).
        var bytes = Columns.Blob(_handle, column);
        return bytes == 0 ? default : new ReadOnlySpan<byte>((void*)bytes, Columns.Bytes(_handle, column));
    }

    /// <summary>Decodes the column into <paramref name="buffer"/> without allocating; falls back to a string when it does not fit.</summary>
    public ReadOnlySpan<char> Chars(int column, Span<char> buffer)
    {
        var bytes = Utf8(column);
        return Encoding.UTF8.GetMaxCharCount(bytes.Length) <= buffer.Length
            ? buffer[..Encoding.UTF8.GetChars(bytes, buffer)]
            : Encoding.UTF8.GetString(bytes).AsSpan();
    }

    public void Dispose() => raw.sqlite3_finalize(_statement);

    /// <summary>
    /// SQLite's column getters. They are short, never block and never call back into .NET, which is what
    /// <see cref="SuppressGCTransitionAttribute"/> requires. Same library SQLitePCL loads (e_sqlite3).
    /// </summary>
    private static partial class Columns
    {
        private const string Library = "e_sqlite3";

        [LibraryImport(Library, EntryPoint = "sqlite3_column_int64"), SuppressGCTransition]
        public static partial long Int64(nint statement, int column);

        [LibraryImport(Library, EntryPoint = "sqlite3_column_int"), SuppressGCTransition]
        public static partial int Int32(nint statement, int column);

        [LibraryImport(Library, EntryPoint = "sqlite3_column_double"), SuppressGCTransition]
        public static partial double Double(nint statement, int column);

        [LibraryImport(Library, EntryPoint = "sqlite3_column_type"), SuppressGCTransition]
        public static partial int Type(nint statement, int column);

        [LibraryImport(Library, EntryPoint = "sqlite3_column_blob"), SuppressGCTransition]
        public static partial nint Blob(nint statement, int column);

        [LibraryImport(Library, EntryPoint = "sqlite3_column_bytes"), SuppressGCTransition]
        public static partial int Bytes(nint statement, int column);
    }
}
