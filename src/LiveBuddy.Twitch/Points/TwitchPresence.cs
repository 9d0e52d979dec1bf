using System.Net;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Points;
using LiveBuddy.Core.Sources;
using LiveBuddy.Twitch.Auth;
using LiveBuddy.Twitch.Helix;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Twitch.Points;

/// <summary>
/// Presence points on Twitch: every <see cref="PointsOptions.PresenceInterval"/> while a session is live, reads who is
/// connected to each channel's chat (Helix Get Chatters) and hands the list to the points bank, which pays each viewer
/// once per minute. Twitch lets only the broadcaster and their moderators read that list: a refusal (the bot is not a
/// moderator there, the token lacks <see cref="Scope"/>) is shown as the <see cref="StatusName"/> source on the control
/// page and asked again next time (a streamer may mod the bot meanwhile); it never stops anything else.
/// </summary>
public sealed partial class TwitchPresence(
    HelixClient helix, TwitchCredentials credentials, EventIngress ingress, SourceStatusBoard board,
    IOptions<TwitchOptions> twitch, IOptions<PointsOptions> points, TimeProvider time, ILogger<TwitchPresence> logger,
    Func<bool> isLive) : BackgroundService
{
    public const string StatusName = "twitch.presence";
    public const string Scope = "moderator:read:chatters";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!twitch.Value.Enabled || !credentials.CanSignIn || points.Value.PerPresenceMinute <= 0) return;
        try
        {
            await credentials.WaitForSignInAsync(stoppingToken).ConfigureAwait(false);
            using var timer = new PeriodicTimer(points.Value.PresenceInterval, time);
            do
            {
                await PollOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    /// <summary>One round: each channel's chatters to the pipeline, and what happened to the status board.</summary>
    internal async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        // Offline nobody earns, so there is nothing to ask Twitch.
        if (!isLive())
        {
            board.Report(StatusName, SourceState.Idle, "presence points wait for a live session");
            return;
        }
        if (credentials.Current is not { } signIn) return;
        if (signIn.Scopes.Count > 0 && !signIn.Scopes.Contains(Scope, StringComparer.Ordinal))
        {
            board.Report(StatusName, SourceState.Disabled,
                $"no presence points: the bot's Twitch sign-in does not allow {Scope}; sign in again on the control page");
            return;
        }

        var channels = twitch.Value.Channels.Select(c => c.Trim().ToLowerInvariant()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var read = new List<string>();
        var refused = new List<string>();
        var failed = new List<string>();
        IReadOnlyList<HelixUser> broadcasters = [];
        try
        {
            broadcasters = await helix.GetUsersAsync(channels, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HelixException or HttpRequestException or System.Text.Json.JsonException)
        {
            failed.Add($"channel lookup failed: {ex.Message}");
        }
        foreach (var broadcaster in broadcasters)
        {
            var channel = broadcaster.Login.ToLowerInvariant();
            try
            {
                var chatters = await helix.GetChattersAsync(broadcaster.Id, cancellationToken).ConfigureAwait(false);
                // The bot itself is always "present": it earns nothing.
                var viewers = chatters.Where(c => c.UserId.Length > 0 && c.UserId != signIn.UserId)
                    .Select(c => new Author { Id = c.UserId, Name = c.UserLogin, DisplayName = c.UserName.Length > 0 ? c.UserName : c.UserLogin })
                    .ToArray();
                await ingress.PublishAsync(new ChattersPresent(Platform.Twitch, channel, time.GetUtcNow(), viewers), cancellationToken).ConfigureAwait(false);
                read.Add($"#{channel}: {viewers.Length} present");
            }
            catch (HelixException ex) when (ex.Status == HttpStatusCode.Forbidden)
            {
                refused.Add($"#{channel}: the bot is not a moderator there ({ex.Message})");
            }
            catch (HelixException ex) when (ex.Status == HttpStatusCode.Unauthorized)
            {
                refused.Add($"#{channel}: Twitch refused ({ex.Message}); sign in again and allow {Scope}");
            }
            catch (Exception ex) when (ex is HelixException or HttpRequestException or System.Text.Json.JsonException)
            {
                failed.Add($"#{channel}: Get Chatters failed ({ex.Message})");
            }
        }

        var state = failed.Count > 0 ? SourceState.Reconnecting : refused.Count > 0 ? SourceState.Disabled : SourceState.Connected;
        var detail = (refused.Count + failed.Count > 0 ? "no presence points for " : "")
                     + string.Join("; ", refused.Concat(failed).Concat(read)) + (failed.Count > 0 ? "; trying again next minute" : "");
        // Logged when it changes, not every minute.
        if (state != SourceState.Connected && board.Get(StatusName)?.Detail != detail) LogNotReading(detail);
        board.Report(StatusName, state, detail);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twitch presence points: {Detail}")]
    private partial void LogNotReading(string detail);
}
