using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Emotes;

/// <summary>
/// What a channel's chat taught us about one of its own emotes: how often it was seen with enough chat around it, and
/// the sum of that chat's sentiment values (-1..1 each). The learned valence is the shrunk mean of the sum.
/// </summary>
public sealed record ChannelEmoteTally(Platform Platform, string Channel, string Emote, int Sightings, double ValenceSum, DateTimeOffset UpdatedAt);

/// <summary>Tallies that changed since the last save; storage upserts them (one row per platform, channel and emote).</summary>
public sealed record ChannelEmotesLearned(IReadOnlyList<ChannelEmoteTally> Tallies) : LiveUpdate;
