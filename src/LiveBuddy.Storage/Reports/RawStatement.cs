using System.Text;
using SQLite;
using SQLitePCL;

namespace LiveBuddy.Storage.Reports;

/// <summary>
/// A prepared statement, bound and read column by column through SQLitePCL's API. sqlite-net maps rows by reflection
/// and prepares its SQL again on every call, which costs more than the work itself when a report scans a million rows
/// or the writer stores a line; a statement prepared once and stepped directly does not.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3_stmt _statement;
    private readonly sqlite3 _db;

    public RawStatement(SQLiteConnection db, string sql)
    {
        _db = db.Handle;
        var rc = raw.sqlite3_prepare_v2(_db, sql, out _statement);
        if (rc != raw.SQLITE_OK) throw Error(rc);
    }

    public RawStatement Bind(int index, string? value)
    {
        // UTF-16 straight from the string: SQLite converts it, so no UTF-8 copy is made here.
        if (value is null) raw.sqlite3_bind_null(_statement, index);
        else raw.sqlite3_bind_text16(_statement, index, value.AsSpan());
        return this;
    }

    public RawStatement Bind(int index, long value)
    {
        raw.sqlite3_bind_int64(_statement, index, value);
        return this;
    }

    public RawStatement Bind(int index, double value)
    {
        raw.sqlite3_bind_double(_statement, index, value);
        return this;
    }

    public void Reset() => raw.sqlite3_reset(_statement);

    /// <summary>Steps once: true for a row, false when done.</summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW) return true;
        if (rc == raw.SQLITE_DONE) return false;
        raw.sqlite3_reset(_statement);
        throw Error(rc);
    }

    /// <summary>Runs a statement that returns no rows, then resets it for the next binding.</summary>
    public void Run()
    {
        var rc = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE) throw Error(rc);
    }

    public long Int64(int column) => raw.sqlite3_column_int64(_statement, column);

    public int Int32(int column) => raw.sqlite3_column_int(_statement, column);

    public double Double(int column) => raw.sqlite3_column_double(_statement, column);

    public bool IsNull(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL;

    public string Text(int column) => Encoding.UTF8.GetString(Utf8(column));

    /// <summary>The column's UTF-8 bytes, valid until the next step.</summary>
    public ReadOnlySpan<byte> Utf8(int column) => raw.sqlite3_column_blob(_statement, column);

    /// <summary>Decodes the column into <paramref name="buffer"/> without allocating; falls back to a string when it does not fit.</summary>
    public ReadOnlySpan<char> Chars(int column, Span<char> buffer)
    {
        var bytes = Utf8(column);
        return Encoding.UTF8.GetMaxCharCount(bytes.Length) <= buffer.Length
            ? buffer[..Encoding.UTF8.GetChars(bytes, buffer)]
            : Encoding.UTF8.GetString(bytes).AsSpan();
    }

    public void Dispose() => raw.sqlite3_finalize(_statement);

    // The same exception sqlite-net throws, so the writer's retry (disk full, locked) treats both alike.
    private SQLiteException Error(int rc) => SQLiteException.New((SQLite3.Result)rc, raw.sqlite3_errmsg(_db).utf8_to_string());
}
