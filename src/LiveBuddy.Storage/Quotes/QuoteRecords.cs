using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Quotes;
using LiveBuddy.Storage.Writing;
using SQLite;

namespace LiveBuddy.Storage.Quotes;

/// <summary>
/// Stores quotes by number; a deleted quote keeps its row (marked deleted) so its number is never given again. An
/// import's quotes arrive as one update and so are written in one of the writer's transactions: all or none.
/// </summary>
public sealed class QuoteRecords : IStorageExtension
{
    public bool Wants(LiveUpdate update) => update is QuoteChanged or QuotesImported;

    public void Write(SQLiteConnection db, LiveUpdate update, string sessionId)
    {
        switch (update)
        {
            case QuoteChanged changed:
                Upsert(db, changed.Quote, changed.Deleted);
                break;
            case QuotesImported imported:
                foreach (var quote in imported.Quotes) Upsert(db, quote, deleted: false);
                break;
        }
    }

    private static void Upsert(SQLiteConnection db, Quote quote, bool deleted) =>
        db.Execute(
            """
            INSERT INTO quotes (Number, Text, AddedBy, AddedAt, Category, SaidBy, Deleted) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(Number) DO UPDATE SET Text = excluded.Text, AddedBy = excluded.AddedBy, AddedAt = excluded.AddedAt,
              Category = excluded.Category, SaidBy = excluded.SaidBy, Deleted = excluded.Deleted
            """,
            quote.Number, quote.Text, quote.AddedBy, quote.AddedAt.ToUnixTimeMilliseconds(), quote.Category, quote.SaidBy, deleted ? 1 : 0);

    public static (IReadOnlyList<Quote> Quotes, int LastNumber) LoadQuotes(SQLiteConnection db)
    {
        var rows = db.Query<QuoteRow>("SELECT Number, Text, AddedBy, AddedAt, Category, SaidBy, Deleted FROM quotes ORDER BY Number");
        return (rows.Where(r => r.Deleted == 0)
                .Select(r => new Quote(r.Number, r.Text, r.AddedBy, DateTimeOffset.FromUnixTimeMilliseconds(r.AddedAt), r.Category, r.SaidBy))
                .ToArray(),
            rows.Count == 0 ? 0 : rows.Max(r => r.Number));
    }

    private sealed class QuoteRow
    {
        public int Number { get; set; }
        public string Text { get; set; } = "";
        public string AddedBy { get; set; } = "";
        public long AddedAt { get; set; }
        public string? Category { get; set; }
        public string? SaidBy { get; set; }
        public int Deleted { get; set; }
    }
}
