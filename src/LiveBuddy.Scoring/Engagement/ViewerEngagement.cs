namespace LiveBuddy.Scoring.Engagement;

/// <summary>One viewer on one platform (ids are per platform).</summary>
public readonly record struct ViewerKey(string Platform, string Id);

/// <summary>What one viewer did in one session.</summary>
public sealed record ViewerSession(ViewerKey Viewer, string Name, int Messages, decimal Money = 0, int Gifts = 0);

/// <summary>A viewer with a number to rank or explain them by.</summary>
public sealed record ViewerStanding(ViewerKey Viewer, string Name, decimal Value, int Sessions);

/// <summary>
/// Per-viewer facts for the post-stream report: regulars, top supporters, new chatters and regulars
/// who did not show up. Pure functions over per-session counts; sessions are ordered oldest first.
/// </summary>
public static class ViewerEngagement
{
    /// <summary>Viewers who chatted in at least <paramref name="minSessions"/> of the last <paramref name="lookback"/> sessions.</summary>
    public static IReadOnlyList<ViewerStanding> Regulars(IReadOnlyList<IReadOnlyList<ViewerSession>> sessions, int minSessions = 3, int lookback = 5)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var recent = sessions.Skip(Math.Max(0, sessions.Count - lookback));
        return [.. recent.SelectMany(s => s.Where(v => v.Messages > 0))
            .GroupBy(v => v.Viewer)
            .Select(g => new ViewerStanding(g.Key, g.Last().Name, g.Sum(v => v.Messages), g.Count()))
            .Where(v => v.Sessions >= minSessions)
            .OrderByDescending(v => v.Sessions).ThenByDescending(v => v.Value).ThenBy(v => v.Name, StringComparer.Ordinal)];
    }

    /// <summary>The session's biggest supporters: money plus gifts valued at <paramref name="giftValue"/> each.</summary>
    public static IReadOnlyList<ViewerStanding> TopSupporters(IReadOnlyList<ViewerSession> session, int count = 5, decimal giftValue = 5m)
    {
        ArgumentNullException.ThrowIfNull(session);
        return [.. session.Select(v => new ViewerStanding(v.Viewer, v.Name, v.Money + v.Gifts * giftValue, 1))
            .Where(v => v.Value > 0)
            .OrderByDescending(v => v.Value).ThenBy(v => v.Name, StringComparer.Ordinal)
            .Take(count)];
    }

    /// <summary>Chatters of <paramref name="current"/> never seen in <paramref name="history"/>.</summary>
    public static IReadOnlyList<ViewerStanding> NewChatters(IReadOnlyList<ViewerSession> current, IReadOnlyList<IReadOnlyList<ViewerSession>> history)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(history);
        var seen = history.SelectMany(s => s).Where(v => v.Messages > 0).Select(v => v.Viewer).ToHashSet();
        return [.. current.Where(v => v.Messages > 0 && !seen.Contains(v.Viewer))
            .Select(v => new ViewerStanding(v.Viewer, v.Name, v.Messages, 1))
            .OrderByDescending(v => v.Value).ThenBy(v => v.Name, StringComparer.Ordinal)];
    }

    /// <summary>Regulars of the previous sessions who did not chat in <paramref name="current"/>.</summary>
    public static IReadOnlyList<ViewerStanding> MissingRegulars(IReadOnlyList<ViewerSession> current, IReadOnlyList<IReadOnlyList<ViewerSession>> history,
        int minSessions = 3, int lookback = 5)
    {
        ArgumentNullException.ThrowIfNull(current);
        var present = current.Where(v => v.Messages > 0).Select(v => v.Viewer).ToHashSet();
        return [.. Regulars(history, minSessions, lookback).Where(r => !present.Contains(r.Viewer))];
    }
}
