namespace LiveBuddy.Twitch.ChannelPoints;

/// <summary>
/// Which rewards LiveBuddy manages: the ids the last reward sync created or found, or, until a sync has succeeded (Twitch
/// down at start), the configured titles. A redemption of one of them goes to the redemption queue instead of being an alert.
/// </summary>
public sealed class ManagedRewards(IEnumerable<string> configuredTitles)
{
    private readonly HashSet<string> _titles = new(configuredTitles.Where(t => t.Length > 0), StringComparer.OrdinalIgnoreCase);
    private IReadOnlySet<string>? _ids;

    /// <summary>True when the configuration declares any reward at all.</summary>
    public bool Any => _titles.Count > 0;

    public bool Contains(string? rewardId, string? title)
    {
        var ids = Volatile.Read(ref _ids);
        return ids is not null
            ? rewardId is not null && ids.Contains(rewardId)
            : title is not null && _titles.Contains(title);
    }

    /// <summary>The reward ids the sync created or found for the configured titles.</summary>
    public void Set(IEnumerable<string> rewardIds) => Volatile.Write(ref _ids, new HashSet<string>(rewardIds, StringComparer.Ordinal));
}
