using System.Text;
using SQLitePCL;

namespace LiveBuddy.Storage.Reports;

/// <summary>
/// A prepared statement read column by column. Reports scan a million rows; sqlite-net's reflection mapping costs
/// more than the scan itself, so the hot queries step the statement directly.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3_stmt _statement;
    private readonly sqlite3 _db;

    public RawStatement(SQLite.SQLiteConnection db, string sql)
    {
        _db = db.Handle;
        var rc = raw.sqlite3_prepare_v2(_db, sql, out _statement);
        if (rc != raw.SQLITE_OK) throw new InvalidOperationException($"SQLite could not prepare a report query: {raw.sqlite3_errmsg(_db).utf8_to_string()}");
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

    public long Int64(int column) => raw.sqlite3_column_int64(_statement, column);

    public int Int32(int column) => raw.sqlite3_column_int(_statement, column);

    public double Double(int column) => raw.sqlite3_column_double(_statement, column);

    public bool IsNull(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL;

    public string Text(int column) => raw.sqlite3_column_text(_statement, column).utf8_to_string() ?? "";

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
}
