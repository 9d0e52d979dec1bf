using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace LiveBuddy.Twitch.Helix;

// Create Stream Marker and Create Clip (dev.twitch.tv/docs/api/reference/#create-stream-marker, #create-clip), kept
// apart from the rest of the client because the Markers feature alone uses them.

/// <summary>A marker Helix placed: its id and where it is in the stream (seconds from the stream's start).</summary>
public sealed record HelixStreamMarker(string Id, DateTimeOffset? CreatedAt, int PositionSeconds, string? Description);

/// <summary>A clip Helix started making (202 Accepted): its id and where the streamer can edit it.</summary>
public sealed record HelixClip(string Id, string? EditUrl);

internal sealed record CreateMarkerBody(string UserId, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description);

public sealed partial class HelixClient
{
    /// <summary>
    /// Places a marker in <paramref name="broadcasterId"/>'s live stream (scope <c>channel:manage:broadcast</c>; the
    /// signed-in account must be the broadcaster or one of their editors). Twitch refuses with 404 when the channel is
    /// not live or keeps no VODs, 403 when the account may not, 401 without the scope.
    /// </summary>
    public async Task<HelixStreamMarker> CreateStreamMarkerAsync(string broadcasterId, string? description, CancellationToken cancellationToken)
    {
        var body = new CreateMarkerBody(broadcasterId, string.IsNullOrWhiteSpace(description) ? null : description);
        return await SingleAsync(HttpMethod.Post, "streams/markers", () => JsonContent.Create(body, Json.CreateMarkerBody),
            Json.HelixDataHelixStreamMarker, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts a clip of <paramref name="broadcasterId"/>'s live stream (scope <c>clips:edit</c>); Twitch answers 202 with
    /// the clip's id and edit URL while it makes it. <paramref name="hasDelay"/> captures a little later, for a stream delay.
    /// </summary>
    public async Task<HelixClip> CreateClipAsync(string broadcasterId, bool hasDelay, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post,
            $"clips?broadcaster_id={Uri.EscapeDataString(broadcasterId)}&has_delay={(hasDelay ? "true" : "false")}", null, cancellationToken).ConfigureAwait(false);
        var data = await response.Content.ReadFromJsonAsync(Json.HelixDataHelixClip, cancellationToken).ConfigureAwait(false);
        return data?.Data is [var clip, ..] ? clip : throw new HelixException(HttpStatusCode.BadGateway, "Twitch returned no clip");
    }
}
