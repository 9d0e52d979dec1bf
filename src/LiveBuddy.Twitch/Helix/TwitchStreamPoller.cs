using System.Globalization;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sources;
using LiveBuddy.Twitch.Auth;
using LiveBuddy.Twitch.EventSub;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Twitch.Helix;

/// <summary>
/// Asks Helix every minute which channels are live: publishes a viewer count sample for each live one, and
/// online/offline changes too while EventSub is not connected (EventSub tells those itself, sooner).
/// </summary>
internal sealed partial class TwitchStreamPoller(
    HelixClient helix, TwitchCredentials credentials, EventIngress ingress, SourceStatusBoard board,
    IOptions<TwitchOptions> options, TimeProvider time, ILogger<TwitchStreamPoller> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(60);

    // Last known stream id per channel; absent = not known yet, null = offline.
    private readonly Dictionary<string, string?> _live = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled || !credentials.CanSignIn) return;
        try
        {
            await credentials.WaitForSignInAsync(stoppingToken).ConfigureAwait(false);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await PollOnceAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HelixException or HttpRequestException)
                {
                    LogPollFailed(ex.Message);
                }
                await Task.Delay(Interval, time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    internal async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        var channels = options.Value.Channels.Select(c => c.Trim().ToLowerInvariant()).Where(c => c.Length > 0).ToList();
        var streams = await helix.GetStreamsAsync(channels, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var eventSubUp = board.Get(EventSubClient.StatusName)?.State == SourceState.Connected;
        foreach (var channel in channels)
        {
            var stream = streams.FirstOrDefault(s => string.Equals(s.UserLogin, channel, StringComparison.OrdinalIgnoreCase));
            var known = _live.TryGetValue(channel, out var previous);
            if (stream is not null)
            {
                if (!eventSubUp && (!known || previous is null))
                {
                    await ingress.PublishAsync(new StreamOnline
                    {
                        Platform = Platform.Twitch,
                        Id = $"helix-online:{stream.Id}",
                        Channel = channel,
                        SentAt = stream.StartedAt ?? now,
                        ReceivedAt = now,
                        Title = stream.Title,
                        Category = string.IsNullOrEmpty(stream.GameName) ? null : stream.GameName,
                    }, cancellationToken).ConfigureAwait(false);
                }
                await ingress.PublishAsync(new ViewerCountSample
                {
                    Platform = Platform.Twitch,
                    Id = $"viewers:{stream.Id}:{now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}",
                    Channel = channel,
                    SentAt = now,
                    ReceivedAt = now,
                    Viewers = stream.ViewerCount,
                }, cancellationToken).ConfigureAwait(false);
                _live[channel] = stream.Id;
            }
            else
            {
                if (!eventSubUp && known && previous is not null)
                {
                    await ingress.PublishAsync(new StreamOffline
                    {
                        Platform = Platform.Twitch,
                        Id = $"helix-offline:{previous}",
                        Channel = channel,
                        SentAt = now,
                        ReceivedAt = now,
                    }, cancellationToken).ConfigureAwait(false);
                }
                _live[channel] = null;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twitch stream poll failed: {TwitchMessage}")]
    private partial void LogPollFailed(string twitchMessage);
}
