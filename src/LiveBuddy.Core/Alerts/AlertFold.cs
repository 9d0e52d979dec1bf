using System.Globalization;
using LiveBuddy.Core.Events;

namespace LiveBuddy.Core.Alerts;

/// <summary>
/// Tells whether an <see cref="Alert"/> is a new real-world event or another report of one already seen: a
/// <see cref="Alert.DedupeKey"/> counts again only when the same <see cref="Alert.Origin"/> reports it again (IRC and
/// EventSub telling of one sub make one; two real gifts make two), and single gifts whose <see cref="Alert.GiftBombId"/>
/// belongs to a gift bomb already seen are folded into it. The alert queue, goals and credits each keep one, so a sub is
/// announced, counted and credited once.
/// </summary>
public sealed class AlertFold(TimeSpan window)
{
    private readonly Dictionary<string, Reports> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _bombs = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="alert"/> is a real event not counted before.</summary>
    public bool IsNew(Alert alert, DateTimeOffset now)
    {
        Prune(now);
        if (alert.GiftBombId is { Length: > 0 } bomb)
        {
            if (IsBomb(alert.Kind))
            {
                // Remember the bomb id even when this report is the duplicate (EventSub first, IRC with the id
                // second): its single gifts still need folding.
                _bombs[bomb] = now;
                return Fresh(alert, now);
            }
            if (_bombs.ContainsKey(bomb))
            {
                _bombs[bomb] = now; // its single gifts keep trickling in: keep folding them
                return false;
            }
        }
        return Fresh(alert, now);
    }

    /// <summary>Forgets keys and bombs older than the window.</summary>
    public void Prune(DateTimeOffset now)
    {
        foreach (var key in _keys.Where(k => now - k.Value.Last >= window).Select(k => k.Key).ToArray())
            _keys.Remove(key);
        foreach (var bomb in _bombs.Where(b => now - b.Value >= window).Select(b => b.Key).ToArray())
            _bombs.Remove(bomb);
    }

    /// <summary>
    /// True when the alert is new under its dedupe key and under its money key (both are counted, so neither falls behind).
    /// </summary>
    private bool Fresh(Alert alert, DateTimeOffset now)
    {
        var money = MoneyKey(alert);
        var fresh = Fresh(alert.DedupeKey, alert.Origin, now);
        if (money is not null && money != alert.DedupeKey) fresh &= Fresh(money, alert.Origin, now);
        return fresh;
    }

    /// <summary>
    /// Who gave how much on which platform. A cheer or Super Chat that the platform reports and a tip service passes on
    /// (Streamlabs and StreamElements know only the viewer's name, not the platform's event id) share this key, so they
    /// make one alert, whichever arrives first. Null for alerts that are not platform money.
    /// </summary>
    public static string? MoneyKey(Alert alert) =>
        alert.Kind is AlertKind.Bits or AlertKind.SuperChat && alert.Platform is not Platform.Tips
        && alert.Author?.Name is { Length: > 0 } name && alert.Amount is { } amount
            ? string.Create(CultureInfo.InvariantCulture,
                $"money:{alert.Platform.ToWire()}:{name.TrimStart('@').ToLowerInvariant()}:{amount:0.00}:{alert.Currency?.ToUpperInvariant()}")
            : null;

    /// <summary>True the first time the key is seen, and when an origin reports it more often than it was counted.</summary>
    private bool Fresh(string? key, string origin, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(key)) return true;
        if (!_keys.TryGetValue(key, out var reports)) _keys[key] = reports = new Reports();
        reports.Last = now;
        var seen = reports.ByOrigin[origin] = reports.ByOrigin.GetValueOrDefault(origin) + 1;
        if (seen <= reports.Announced) return false;
        reports.Announced = seen;
        return true;
    }

    private static bool IsBomb(AlertKind kind) => kind is AlertKind.GiftBomb or AlertKind.MembershipGift;

    private sealed class Reports
    {
        public Dictionary<string, int> ByOrigin { get; } = new(StringComparer.Ordinal);
        public int Announced { get; set; }
        public DateTimeOffset Last { get; set; }
    }
}
