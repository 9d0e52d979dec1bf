using System.Globalization;
using System.Net;
using LiveBuddy.Core.Markers;
using LiveBuddy.Core.Sources;
using LiveBuddy.Twitch.Auth;
using LiveBuddy.Twitch.Helix;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.Twitch.Markers;

/// <summary>
/// Places Twitch stream markers (Helix Create Stream Marker, scope <c>channel:manage:broadcast</c>) and makes clips
/// (Create Clip, scope <c>clips:edit</c>) for moments and moderators. Every refusal (not live, no VODs, clips off, a
/// missing scope, not the broadcaster or an editor) comes back as a <see cref="StreamMark.Failure"/> with words for the
/// streamer, is logged, and shows on the control page as the <c>twitch-markers</c> source; nothing throws.
/// </summary>
public sealed partial class TwitchMarkers(HelixClient helix, TwitchCredentials credentials, SourceStatusBoard status, Core.Pipeline.Counters counters,
    ILogger<TwitchMarkers> logger)
{
    public const string StatusName = "twitch-markers";
    public const string MarkerScope = "channel:manage:broadcast";
    public const string ClipScope = "clips:edit";

    /// <summary>Makes the marker or clip <paramref name="wanted"/> describes and returns it with the id, or with why not.</summary>
    public async Task<StreamMark> MakeAsync(StreamMark wanted, CancellationToken cancellationToken)
    {
        var made = await TryAsync(wanted, cancellationToken).ConfigureAwait(false);
        var what = made.Kind == MarkKind.Clip ? "clip" : "marker";
        counters.Add($"twitch.markers.{what}_{made.Failure?.Replace('-', '_') ?? "made"}");
        if (made.Made)
        {
            LogMade(what, made.Channel, made.Id ?? "?", made.RequestedBy);
            status.Report(StatusName, SourceState.Idle, made.Kind == MarkKind.Clip
                ? $"last clip {made.Url} ({made.Description})"
                : $"last marker at {Position(made.PositionSeconds ?? 0)} in {made.Channel} ({made.Description})");
        }
        else
        {
            LogRefused(what, made.Channel, made.Failure!, made.Detail ?? "");
            // A missing scope or sign-in will not mend itself: the control page says what to do, without failing health.
            status.Report(StatusName, made.Failure is "no-scope" or "not-signed-in" or "not-allowed" ? SourceState.Disabled : SourceState.Idle,
                $"{what} refused: {made.Detail}");
        }
        return made;
    }

    /// <summary>A position in the stream as a streamer reads it: <c>1:02:03</c> or <c>4:05</c>.</summary>
    public static string Position(int seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Max(0, seconds));
        return t.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}:{t.Seconds:00}");
    }

    private async Task<StreamMark> TryAsync(StreamMark wanted, CancellationToken cancellationToken)
    {
        var scope = wanted.Kind == MarkKind.Clip ? ClipScope : MarkerScope;
        try
        {
            var signedIn = await credentials.GetAsync(cancellationToken).ConfigureAwait(false);
            if (signedIn is null)
                return wanted with { Failure = "not-signed-in", Detail = "Twitch is not signed in: sign in from the control page to place markers and clips." };
            if (signedIn.Scopes.Count > 0 && !signedIn.Scopes.Contains(scope, StringComparer.Ordinal))
                return wanted with { Failure = "no-scope", Detail = NoScope(scope) };
            var broadcaster = await helix.GetUserAsync(wanted.Channel, cancellationToken).ConfigureAwait(false);
            if (broadcaster is null) return wanted with { Failure = "failed", Detail = $"Twitch does not know the channel {wanted.Channel}." };
            if (wanted.Kind == MarkKind.Clip)
            {
                var clip = await helix.CreateClipAsync(broadcaster.Id, hasDelay: false, cancellationToken).ConfigureAwait(false);
                return wanted with { Id = clip.Id, Url = "https://clips.twitch.tv/" + Uri.EscapeDataString(clip.Id), EditUrl = clip.EditUrl };
            }
            var marker = await helix.CreateStreamMarkerAsync(broadcaster.Id, wanted.Description, cancellationToken).ConfigureAwait(false);
            return wanted with { Id = marker.Id, PositionSeconds = marker.PositionSeconds };
        }
        catch (HelixException ex)
        {
            return wanted with { Failure = Refusal(wanted.Kind, ex), Detail = Explain(wanted, scope, ex) };
        }
        catch (Exception ex) when (ex is HttpRequestException or TwitchAuthException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return wanted with { Failure = "failed", Detail = "Twitch could not be reached: " + ex.Message };
        }
    }

    private static string Refusal(MarkKind kind, HelixException ex) => (ex.Status, kind) switch
    {
        (HttpStatusCode.Unauthorized, _) when ex.Message.Contains("scope", StringComparison.OrdinalIgnoreCase) => "no-scope",
        (HttpStatusCode.Unauthorized, _) when ex.Message.Contains("not signed in", StringComparison.OrdinalIgnoreCase) => "not-signed-in",
        (HttpStatusCode.Unauthorized, _) => "not-allowed",
        (HttpStatusCode.Forbidden, MarkKind.Clip) => "clips-off",
        (HttpStatusCode.Forbidden, _) => "not-allowed",
        (HttpStatusCode.NotFound, MarkKind.Marker) when IsAboutVods(ex.Message) => "vods-off",
        (HttpStatusCode.NotFound, _) => "not-live",
        _ => "failed",
    };

    private static string Explain(StreamMark wanted, string scope, HelixException ex) => Refusal(wanted.Kind, ex) switch
    {
        "no-scope" => NoScope(scope),
        "not-live" => $"{wanted.Channel} is not live on Twitch (Twitch: {ex.Message})",
        "vods-off" => $"Twitch keeps no VODs of {wanted.Channel}, so it cannot place markers: turn on Store past broadcasts (Twitch: {ex.Message})",
        "clips-off" => $"Twitch does not allow clips of {wanted.Channel} (Twitch: {ex.Message})",
        "not-allowed" when wanted.Kind == MarkKind.Marker =>
            $"the signed-in account may not place markers in {wanted.Channel}; it must be the broadcaster or one of their editors (Twitch: {ex.Message})",
        _ => "Twitch refused: " + ex.Message,
    };

    private static string NoScope(string scope) =>
        $"the signed-in Twitch account has not allowed {(scope == ClipScope ? "clips" : "stream markers")} ({scope}): sign in again from the control page";

    private static bool IsAboutVods(string message) =>
        message.Contains("VOD", StringComparison.Ordinal) || message.Contains("video on demand", StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Information, Message = "Twitch {What} made in {Channel}: {Id} (for {RequestedBy})")]
    private partial void LogMade(string what, string channel, string id, string requestedBy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twitch {What} in {Channel} refused ({Failure}): {Detail}")]
    private partial void LogRefused(string what, string channel, string failure, string detail);
}
