using System.Text.Json.Serialization;
using LiveBuddy.Core.Events;

namespace LiveBuddy.Core.Moments;

/// <summary>What kind of moment chat just had. Serialized lowercase (<c>hype</c>, <c>funny</c>…).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MomentKind>))]
public enum MomentKind
{
    [JsonStringEnumMemberName("hype")] Hype,
    [JsonStringEnumMemberName("funny")] Funny,
    [JsonStringEnumMemberName("sad")] Sad,
    [JsonStringEnumMemberName("shock")] Shock,
    [JsonStringEnumMemberName("wholesome")] Wholesome,
    [JsonStringEnumMemberName("angry")] Angry,
}

/// <summary>One emote and how often it was used in a moment's burst.</summary>
public sealed record EmoteCount(string Emote, int Count);

/// <summary>
/// A burst of chat that was just recognised as a moment (live), published on <see cref="MomentFeed"/> and pushed to
/// overlays as the <c>moment</c> hub event. Twitch stream markers and clips, the OBS replay buffer and Discord
/// summaries act on it.
/// </summary>
/// <param name="Id">Unique per moment (stable for the same burst, so a consumer can ignore a repeat).</param>
/// <param name="Kind">What chat did: hype, funny, sad, shock, wholesome or angry.</param>
/// <param name="Onset">When the moment began on stream: the burst's first second, with chat lag taken off.</param>
/// <param name="DetectedAt">When LiveBuddy recognised it (later than <see cref="Onset"/>).</param>
/// <param name="Reason">One line for a streamer, e.g. "a funny moment: 412 messages in 40 s, KEKW ×180".</param>
/// <param name="SessionId">The stream session it happened in; null outside a session.</param>
/// <param name="Platforms">The platforms whose chat made the burst.</param>
/// <param name="Messages">Messages in the burst so far.</param>
/// <param name="TopEmotes">The most used emotes in the burst, most used first.</param>
public sealed record MomentDetected(
    string Id,
    MomentKind Kind,
    DateTimeOffset Onset,
    DateTimeOffset DetectedAt,
    string Reason,
    string? SessionId,
    IReadOnlyList<Platform> Platforms,
    int Messages,
    IReadOnlyList<EmoteCount> TopEmotes);
