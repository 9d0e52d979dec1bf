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

    /// <summary>True the first time the key is seen, and when an origin reports it more often than it was counted.</summary>
    private bool Fresh(Alert alert, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(alert.DedupeKey)) return true;
        if (!_keys.TryGetValue(alert.DedupeKey, out var reports)) _keys[alert.DedupeKey] = reports = new Reports();
        reports.Last = now;
        var seen = reports.ByOrigin[alert.Origin] = reports.ByOrigin.GetValueOrDefault(alert.Origin) + 1;
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
