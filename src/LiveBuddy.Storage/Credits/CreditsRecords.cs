using LiveBuddy.Core.Alerts;
using LiveBuddy.Core.Credits;
using LiveBuddy.Core.Events;
using SQLite;

namespace LiveBuddy.Storage.Credits;

/// <summary>What the credits of a session a restart continues start from: its announced alerts, each chatter's line count and its raffle winners.</summary>
public static class CreditsRecords
{
    public static CreditsSeed Load(SQLiteConnection db, string sessionId)
    {
        var alerts = db.Query<AlertSeedRow>(
                "SELECT Platform, Kind, AuthorName, Amount, Currency, Count, SentAt FROM alerts WHERE SessionId = ? AND Announced = 1 ORDER BY SentAt", sessionId)
            .Where(r => PlatformNames.TryParse(r.Platform, out _))
            .Select(r =>
            {
                PlatformNames.TryParse(r.Platform, out var platform);
                // Rows name the kind as the enum does (GiftBomb); payloads in camelCase (giftBomb).
                var kind = Enum.TryParse<AlertKind>(r.Kind, out var k) ? AlertQueue.KindName(k) : r.Kind;
                return new AlertPayload("", platform, kind, r.AuthorName, r.Amount is { } a ? (decimal)a : null, r.Currency, r.Count, null, r.SentAt);
            })
            .ToList();
        var chatters = db.Query<ChatterSeedRow>(
                "SELECT Platform, max(AuthorDisplayName) AS Name, count(*) AS Messages FROM messages WHERE SessionId = ? GROUP BY Platform, AuthorId", sessionId)
            .Where(r => r.Name.Length > 0 && PlatformNames.TryParse(r.Platform, out _))
            .Select(r =>
            {
                PlatformNames.TryParse(r.Platform, out var platform);
                return (platform, r.Name, r.Messages);
            })
            .ToList();
        var raffleWinners = new List<(Platform, string)>();
        foreach (var (name, wire) in Raffles.RaffleRecords.WinnersOf(db, sessionId))
            if (PlatformNames.TryParse(wire, out var platform)) raffleWinners.Add((platform, name));
        return new CreditsSeed(sessionId, alerts, chatters, raffleWinners);
    }

    private sealed class AlertSeedRow
    {
        public string Platform { get; set; } = "";
        public string Kind { get; set; } = "";
        public string? AuthorName { get; set; }
        public double? Amount { get; set; }
        public string? Currency { get; set; }
        public int? Count { get; set; }
        public long SentAt { get; set; }
    }

    private sealed class ChatterSeedRow
    {
        public string Platform { get; set; } = "";
        public string Name { get; set; } = "";
        public int Messages { get; set; }
    }
}
