using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Raffles;
using LiveBuddy.Storage.Reports;
using LiveBuddy.Storage.Writing;
using SQLite;

namespace LiveBuddy.Storage.Raffles;

/// <summary>Stores raffles, their entries and their winners; an unfinished raffle is read back at start.</summary>
public sealed class RaffleRecords : IStorageExtension
{
    public bool Wants(LiveUpdate update) => update is RaffleChanged or RaffleEntered or RaffleWinnerDrawn;

    public void Write(SQLiteConnection db, LiveUpdate update, string sessionId)
    {
        switch (update)
        {
            case RaffleChanged { Raffle: var raffle }:
                db.Execute(
                    """
                    INSERT INTO raffles (Id, SessionId, Keyword, Cost, OpenedAt, EndsAt, Status) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(Id) DO UPDATE SET Status = excluded.Status, EndsAt = excluded.EndsAt
                    """,
                    raffle.Id, sessionId, raffle.Keyword, raffle.Cost, raffle.OpenedAt.ToUnixTimeMilliseconds(),
                    raffle.EndsAt?.ToUnixTimeMilliseconds(), raffle.Status);
                break;
            case RaffleEntered entered:
                db.Execute(
                    "INSERT OR IGNORE INTO raffle_entries (RaffleId, ViewerKey, Platform, UserId, Name, DisplayName, Paid, EnteredAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    entered.RaffleId, entered.Entrant.Key, entered.Entrant.Platform.ToWire(), entered.Entrant.UserId,
                    entered.Entrant.Name, entered.Entrant.DisplayName, entered.Paid, entered.At.ToUnixTimeMilliseconds());
                break;
            case RaffleWinnerDrawn drawn:
                db.Execute(
                    "INSERT OR IGNORE INTO raffle_winners (RaffleId, ViewerKey, SessionId, Platform, DisplayName, DrawnAt) VALUES (?, ?, ?, ?, ?, ?)",
                    drawn.Raffle.Id, drawn.Winner.Key, sessionId, drawn.Winner.Platform.ToWire(), drawn.Winner.DisplayName,
                    drawn.At.ToUnixTimeMilliseconds());
                break;
        }
    }

    /// <summary>The latest raffle if it is still open or closed but not finished (cancelled ones are done); null otherwise.</summary>
    public static Raffle? LoadUnfinished(SQLiteConnection db)
    {
        var row = db.Query<RaffleRow>("SELECT Id, Keyword, Cost, OpenedAt, EndsAt, Status FROM raffles ORDER BY OpenedAt DESC LIMIT 1").FirstOrDefault();
        if (row is null || row.Status is not ("open" or "closed")) return null;
        var entrants = db.Query<EntrantRow>("SELECT ViewerKey, Platform, UserId, Name, DisplayName FROM raffle_entries WHERE RaffleId = ? ORDER BY EnteredAt, rowid", row.Id)
            .Select(Entrant).ToArray();
        var winnerKeys = db.Query<EntrantRow>("SELECT ViewerKey FROM raffle_winners WHERE RaffleId = ? ORDER BY DrawnAt, rowid", row.Id)
            .Select(w => w.ViewerKey).ToArray();
        var winners = winnerKeys.Select(k => entrants.FirstOrDefault(e => e.Key == k)).OfType<RaffleEntrant>().ToArray();
        return new Raffle(row.Id, row.Keyword, row.Cost, DateTimeOffset.FromUnixTimeMilliseconds(row.OpenedAt),
            row.EndsAt is { } ends ? DateTimeOffset.FromUnixTimeMilliseconds(ends) : null, row.Status, entrants, winners);
    }

    /// <summary>Winners drawn in one session, for its report: (display name, platform) in the order drawn.</summary>
    public static IReadOnlyList<(string DisplayName, string Platform)> WinnersOf(SQLiteConnection db, string sessionId) =>
        db.Query<EntrantRow>("SELECT DisplayName, Platform FROM raffle_winners WHERE SessionId = ? ORDER BY DrawnAt, rowid", sessionId)
            .Select(r => (r.DisplayName, r.Platform)).ToArray();

    /// <summary>The raffles opened or drawn in a session, each with its entry count and the winners drawn in that session.</summary>
    public static IReadOnlyList<ReportRaffle> ForSession(SQLiteConnection db, string sessionId, DateTimeOffset sessionStart)
    {
        var raffles = db.Query<RaffleRow>(
            """
            SELECT Id, Keyword, Cost, OpenedAt, EndsAt, Status FROM raffles
            WHERE SessionId = ? OR Id IN (SELECT RaffleId FROM raffle_winners WHERE SessionId = ?) ORDER BY OpenedAt
            """, sessionId, sessionId);
        return raffles.Select(r =>
        {
            var opened = DateTimeOffset.FromUnixTimeMilliseconds(r.OpenedAt);
            var winners = db.Query<WinnerRow>(
                    "SELECT DisplayName, Platform, DrawnAt FROM raffle_winners WHERE RaffleId = ? AND SessionId = ? ORDER BY DrawnAt, rowid", r.Id, sessionId)
                .Select(w => new ReportRaffleWinner(w.DisplayName, w.Platform, DateTimeOffset.FromUnixTimeMilliseconds(w.DrawnAt)))
                .ToArray();
            return new ReportRaffle(r.Id, r.Keyword, r.Cost, r.Status, db.ExecuteScalar<int>("SELECT COUNT(*) FROM raffle_entries WHERE RaffleId = ?", r.Id),
                opened, Math.Max(0, (int)(opened - sessionStart).TotalSeconds), winners);
        }).ToArray();
    }

    private static RaffleEntrant Entrant(EntrantRow r) =>
        new(PlatformNames.TryParse(r.Platform, out var p) ? p : Platform.Demo, r.UserId, r.Name, r.DisplayName);

    private sealed class RaffleRow
    {
        public string Id { get; set; } = "";
        public string? Keyword { get; set; }
        public long Cost { get; set; }
        public long OpenedAt { get; set; }
        public long? EndsAt { get; set; }
        public string Status { get; set; } = "";
    }

    private sealed class WinnerRow
    {
        public string DisplayName { get; set; } = "";
        public string Platform { get; set; } = "";
        public long DrawnAt { get; set; }
    }

    private sealed class EntrantRow
    {
        public string ViewerKey { get; set; } = "";
        public string Platform { get; set; } = "";
        public string UserId { get; set; } = "";
        public string Name { get; set; } = "";
        public string DisplayName { get; set; } = "";
    }
}
