using LiveBuddy.Core.Events;
using LiveBuddy.Core.Markers;
using LiveBuddy.Core.Moments;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Server.Hosting;
using LiveBuddy.Core.Sources;
using LiveBuddy.Storage.Reports;
using LiveBuddy.Twitch;
using LiveBuddy.Twitch.Auth;
using LiveBuddy.Twitch.Markers;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Server.Markers;

/// <summary>
/// Makes Twitch stream markers and clips off the pipeline thread: a marker at every live moment (its reason as the
/// description; <c>Markers:OnMoments</c>) and a clip beside it when <c>Reports:AutoClip</c> is on, and whatever a
/// moderator asked for with <c>!marker</c> / <c>!clip</c> (<see cref="MarkRequested"/>). Each result, made or refused, goes
/// back through the pipeline (<see cref="RecordStreamMark"/>) to be stored for the report and, for a moderator, answered in chat.
/// </summary>
public sealed partial class StreamMarkers(TwitchMarkers twitch, MomentFeed moments, EventIngress ingress, SessionTracker sessions,
    TwitchCredentials credentials, IOptions<MarkersOptions> markers, IOptions<ReportOptions> reports, IOptions<TwitchOptions> twitchOptions,
    SourceStatusBoard status, TimeProvider time, Counters counters, ILogger<StreamMarkers> logger) : RequestWorker<MarkRequested>(32)
{
    protected override void Refuse(MarkRequested request) => counters.Add("markers.dropped");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!twitchOptions.Value.Enabled)
        {
            // Without Twitch, a command still gets its answer; moments have nothing to mark.
            await WorkAsync(stoppingToken).ConfigureAwait(false);
            return;
        }
        var onMoments = markers.Value.OnMoments;
        var autoClip = reports.Value.AutoClip;
        status.Report(TwitchMarkers.StatusName, SourceState.Idle,
            $"at moments: {(onMoments ? "markers" : "no markers")}, {(autoClip ? "clips" : "no clips (Reports:AutoClip)")}; !marker and !clip for moderators");
        using var subscription = onMoments || autoClip
            ? moments.Subscribe("twitch-markers", (moment, ct) => new ValueTask(MarkMomentAsync(moment, onMoments, autoClip, ct)))
            : null;
        await WorkAsync(stoppingToken).ConfigureAwait(false);
    }

    /// <summary>A moderator's <c>!marker</c> or <c>!clip</c>: made (or refused) and answered.</summary>
    protected override async Task HandleAsync(MarkRequested request, CancellationToken cancellationToken)
    {
        var wanted = new StreamMark(request.Kind, request.Platform, request.Channel, time.GetUtcNow(), sessions.Current?.Id, null, null,
            request.Description, request.RequestedBy);
        var made = twitchOptions.Value.Enabled
            ? await twitch.MakeAsync(wanted, cancellationToken).ConfigureAwait(false)
            : wanted with { Failure = "unsupported", Detail = "Twitch is not configured (Twitch:Channels)" };
        await RecordAsync(made, Reply(made), request.ReplyToMessageId, cancellationToken).ConfigureAwait(false);
    }

    private async Task MarkMomentAsync(MomentDetected moment, bool marker, bool clip, CancellationToken cancellationToken)
    {
        var channel = await MomentChannelAsync(cancellationToken).ConfigureAwait(false);
        if (channel is null) return;
        var description = MarkerCommand.Shorten(moment.Reason, MarkerCommand.MaxDescription);
        foreach (var kind in new[] { (marker, MarkKind.Marker), (clip, MarkKind.Clip) }.Where(k => k.Item1).Select(k => k.Item2))
        {
            var wanted = new StreamMark(kind, Platform.Twitch, channel, time.GetUtcNow(), moment.SessionId ?? sessions.Current?.Id, moment.Id, moment.Onset,
                description, "moment");
            var made = await twitch.MakeAsync(wanted, cancellationToken).ConfigureAwait(false);
            await RecordAsync(made, null, null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The channel a moment is marked in: the signed-in account's own when LiveBuddy reads it, else the first configured.</summary>
    private async Task<string?> MomentChannelAsync(CancellationToken cancellationToken)
    {
        var channels = twitchOptions.Value.Channels.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim().TrimStart('#').ToLowerInvariant()).ToList();
        var signedIn = credentials.Current ?? await credentials.GetAsync(cancellationToken).ConfigureAwait(false);
        return channels.FirstOrDefault(c => string.Equals(c, signedIn?.Login, StringComparison.OrdinalIgnoreCase)) ?? channels.FirstOrDefault();
    }

    private async Task RecordAsync(StreamMark mark, string? reply, string? replyTo, CancellationToken cancellationToken)
    {
        try
        {
            await ingress.RequestAsync(new RecordStreamMark(mark, reply, replyTo), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The pipeline is gone (shutting down): the marker exists on Twitch; only its record is lost.
            counters.Add("markers.unrecorded");
            LogUnrecorded(ex, mark.Kind.ToString(), mark.Id ?? "-");
        }
    }

    /// <summary>The chat answer to a moderator's <c>!marker</c> or <c>!clip</c>.</summary>
    internal static string Reply(StreamMark mark) => (mark.Kind, mark.Made) switch
    {
        (MarkKind.Marker, true) => $"Marker placed at {TwitchMarkers.Position(mark.PositionSeconds ?? 0)}: {mark.Description}",
        (MarkKind.Clip, true) => $"Clip made: {mark.Url}",
        (MarkKind.Marker, false) => $"No marker: {mark.Detail}.",
        _ => $"No clip: {mark.Detail}.",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "A Twitch {Kind} ({Id}) was made but could not be recorded for the report")]
    private partial void LogUnrecorded(Exception ex, string kind, string id);
}
