using System.Text.Json.Serialization;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Markers;

/// <summary>A stream marker (a point in the VOD to come back to) or a clip. Serialized lowercase.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MarkKind>))]
public enum MarkKind
{
    [JsonStringEnumMemberName("marker")] Marker,
    [JsonStringEnumMemberName("clip")] Clip,
}

/// <summary>
/// A moderator asked for a marker or a clip (<c>!marker [text]</c>, <c>!clip</c>). The host asks the platform (Twitch
/// Helix) off the pipeline thread and answers in chat through <see cref="RecordStreamMark"/>.
/// </summary>
/// <param name="Platform">Where the command was typed.</param>
/// <param name="Channel">The channel to mark or clip (a Twitch login), and to answer in.</param>
/// <param name="Kind">Marker or clip.</param>
/// <param name="Description">The marker's description (Twitch keeps 140 characters); for a clip, what it is of.</param>
/// <param name="RequestedBy">The moderator's display name.</param>
/// <param name="ReplyToMessageId">The command's line, to answer as a reply.</param>
public sealed record MarkRequested(Platform Platform, string Channel, MarkKind Kind, string Description, string RequestedBy, string? ReplyToMessageId)
    : LiveUpdate;

/// <summary>
/// A marker or clip the platform made, or refused. Kept for the report (which links each highlight to its marker and
/// clip) and shown to the streamer; a refusal says why in <see cref="Failure"/>.
/// </summary>
/// <param name="Kind">Marker or clip.</param>
/// <param name="Platform">The platform it was made on.</param>
/// <param name="Channel">The channel marked or clipped (a Twitch login).</param>
/// <param name="At">When it was asked for.</param>
/// <param name="SessionId">The session it belongs to (the moment's, else the current one).</param>
/// <param name="MomentId">The live moment it was made for; null for a moderator's command.</param>
/// <param name="MomentAt">The moment's onset on stream, to match it with the report's highlight; null for a command.</param>
/// <param name="Description">The marker's description, or what the clip is of.</param>
/// <param name="RequestedBy">A moderator's name, or <c>moment</c>.</param>
/// <param name="Id">The platform's marker or clip id; null when refused.</param>
/// <param name="PositionSeconds">A marker's position in the stream (seconds from its start), as the platform reports it.</param>
/// <param name="Url">A clip's link (<c>https://clips.twitch.tv/{id}</c>); null for a marker.</param>
/// <param name="EditUrl">Where the streamer edits the new clip (valid about a day).</param>
/// <param name="Failure">
/// Why nothing was made: <c>not-live</c>, <c>vods-off</c>, <c>clips-off</c>, <c>no-scope</c>, <c>not-allowed</c>,
/// <c>not-signed-in</c>, <c>unsupported</c> or <c>failed</c>; null when made.
/// </param>
/// <param name="Detail">The reason in words for the streamer (Twitch's own message where it gave one).</param>
public sealed record StreamMark(MarkKind Kind, Platform Platform, string Channel, DateTimeOffset At, string? SessionId, string? MomentId,
    DateTimeOffset? MomentAt, string Description, string RequestedBy, string? Id = null, int? PositionSeconds = null, string? Url = null,
    string? EditUrl = null, string? Failure = null, string? Detail = null)
{
    public bool Made => Failure is null;
}

/// <summary>
/// The host's answer for a marker or clip, through the pipeline so the record is stored in order with chat and the
/// moderator's answer (<paramref name="Reply"/>, null for moments) leaves through the chat outbox like every reply.
/// </summary>
public sealed record RecordStreamMark(StreamMark Mark, string? Reply, string? ReplyToMessageId) : ControlRequest;

/// <summary>A marker or clip was made or refused: stored for the report.</summary>
public sealed record StreamMarked(StreamMark Mark) : LiveUpdate;
