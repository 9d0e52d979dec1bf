using System.Collections.Concurrent;
using LiveBuddy.Core.Events;

namespace LiveBuddy.Scoring.Emotes;

/// <summary>One channel's learned emote valences (-1..1), read by the scorer on any thread.</summary>
public sealed class ChannelEmotes
{
    private readonly ConcurrentDictionary<string, float> _valences = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, float>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public ChannelEmotes() => _lookup = _valences.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => _valences.Count;

    public bool TryGet(ReadOnlySpan<char> emote, out float valence) => _lookup.TryGetValue(emote, out valence);

    internal void Set(string emote, float valence) => _valences[emote] = valence;
}

/// <summary>
/// The emote valences each channel's own chat taught <see cref="ChannelEmoteLearner"/>, per platform and channel. The
/// learner writes on the pipeline thread; the scorer reads on the ingress threads.
/// </summary>
public sealed class ChannelEmoteBook
{
    private readonly ConcurrentDictionary<(Platform, string), ChannelEmotes> _channels = new();

    /// <summary>The channel's learned emotes, or null when it has none yet (the scorer then treats them all as unknown).</summary>
    public ChannelEmotes? For(Platform platform, string channel) => _channels.GetValueOrDefault((platform, channel));

    internal ChannelEmotes Channel(Platform platform, string channel) => _channels.GetOrAdd((platform, channel), _ => new ChannelEmotes());
}
