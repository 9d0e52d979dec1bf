using System.Globalization;
using System.Net;
using LiveBuddy.Core.Shoutouts;
using LiveBuddy.Twitch.Auth;
using LiveBuddy.Twitch.Helix;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Twitch.Shoutouts;

/// <summary>
/// A Twitch shoutout: the target's display name and last category from Helix (Get Users, Get Channel Information) for
/// the chat answer, and Twitch's native shoutout (Send a Shoutout) when <c>Shoutouts:Native</c> is on and the signed-in
/// account is the broadcaster or one of their moderators. Twitch allows a native shoutout every 2 minutes per channel
/// and every 60 minutes per target: LiveBuddy keeps to that itself and reads a 429 or 400 as the reason not to.
/// </summary>
public sealed partial class TwitchShoutouts(HelixClient helix, TwitchCredentials credentials, IOptions<ShoutoutsOptions> options,
    TimeProvider time, Core.Pipeline.Counters counters, ILogger<TwitchShoutouts> logger)
{
    /// <summary>Send a Shoutout's rate limits (Twitch API reference).</summary>
    public static readonly TimeSpan ChannelCooldown = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan TargetCooldown = TimeSpan.FromMinutes(60);

    private readonly ShoutoutsOptions _options = options.Value;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _lastInChannel = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Channel, string Target), DateTimeOffset> _lastForTarget = [];

    /// <summary>Looks <paramref name="target"/> up and sends the native shoutout in <paramref name="channel"/> where allowed.</summary>
    public async Task<ShoutoutOutcome> ShoutOutAsync(string channel, string target, CancellationToken cancellationToken)
    {
        HelixUser? user, broadcaster;
        HelixChannel? info;
        try
        {
            var users = await helix.GetUsersAsync([target, channel], cancellationToken).ConfigureAwait(false);
            user = users.FirstOrDefault(u => string.Equals(u.Login, target, StringComparison.OrdinalIgnoreCase));
            broadcaster = users.FirstOrDefault(u => string.Equals(u.Login, channel, StringComparison.OrdinalIgnoreCase));
            if (user is null)
            {
                counters.Add("shoutouts.unknown_user");
                return new ShoutoutOutcome($"I can't find a Twitch channel called {target}.");
            }
            info = (await helix.GetChannelsAsync([user.Id], cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        }
        catch (Exception ex) when (ex is HelixException or HttpRequestException or TwitchAuthException)
        {
            // Without the API (not signed in, Twitch down) the link is still right: it is built from the name.
            LogLookupFailed(ex, target);
            counters.Add("shoutouts.lookup_failed");
            return new ShoutoutOutcome(Render(target, target.ToLowerInvariant(), null, null), "failed", ex.Message);
        }

        var reply = Render(user.DisplayName, user.Login, info?.GameName, info?.Title);
        var (native, detail) = broadcaster is null ? ("failed", $"Twitch does not know the channel {channel}.") : await NativeAsync(broadcaster, user, cancellationToken).ConfigureAwait(false);
        counters.Add("shoutouts.native_" + native.Replace('-', '_'));
        return new ShoutoutOutcome(reply, native, detail);
    }

    private async Task<(string Native, string? Detail)> NativeAsync(HelixUser broadcaster, HelixUser user, CancellationToken cancellationToken)
    {
        if (!_options.Native) return ("off", null);
        var signedIn = await credentials.GetAsync(cancellationToken).ConfigureAwait(false);
        if (signedIn is null) return ("not-allowed", "Twitch is not signed in.");
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_lastInChannel.TryGetValue(broadcaster.Id, out var last) && now - last < ChannelCooldown)
                return ("cooldown", $"Twitch allows one native shoutout every 2 minutes; the next in {Wait(last + ChannelCooldown - now)}.");
            if (_lastForTarget.TryGetValue((broadcaster.Id, user.Id), out var before) && now - before < TargetCooldown)
                return ("cooldown", $"{user.DisplayName} had a native shoutout less than an hour ago; the next in {Wait(before + TargetCooldown - now)}.");
        }
        try
        {
            await helix.SendShoutoutAsync(broadcaster.Id, user.Id, cancellationToken).ConfigureAwait(false);
            Remember(broadcaster.Id, user.Id, now, channel: true, target: true);
            LogSent(broadcaster.Login, user.Login);
            return ("sent", null);
        }
        catch (HelixException ex)
        {
            LogRefused(broadcaster.Login, user.Login, (int)ex.Status, ex.Message);
            switch (ex.Status)
            {
                case HttpStatusCode.TooManyRequests:
                    // Twitch's own count (a shoutout sent from the dashboard, another bot): wait out the window it names.
                    var sameTarget = ex.Message.Contains("same broadcaster", StringComparison.OrdinalIgnoreCase);
                    Remember(broadcaster.Id, user.Id, now, channel: !sameTarget, target: sameTarget);
                    return ("cooldown", ex.Message);
                case HttpStatusCode.BadRequest when ex.Message.Contains("not streaming live", StringComparison.OrdinalIgnoreCase):
                    return ("not-live", ex.Message);
                case HttpStatusCode.BadRequest or HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized:
                    return ("not-allowed", ex.Message);
                default:
                    return ("failed", ex.Message);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TwitchAuthException)
        {
            LogRefused(broadcaster.Login, user.Login, 0, ex.Message);
            return ("failed", ex.Message);
        }
    }

    private void Remember(string channelId, string targetId, DateTimeOffset at, bool channel, bool target)
    {
        lock (_lock)
        {
            if (channel) _lastInChannel[channelId] = at;
            if (target) _lastForTarget[(channelId, targetId)] = at;
            foreach (var key in _lastForTarget.Where(e => at - e.Value >= TargetCooldown).Select(e => e.Key).ToArray())
                _lastForTarget.Remove(key);
        }
    }

    private string Render(string name, string login, string? category, string? title) =>
        ShoutoutText.Render(_options, name, login, category, title, "https://twitch.tv/" + login);

    private static string Wait(TimeSpan span) => span.TotalMinutes >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m {span.Seconds}s")
        : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, (int)Math.Ceiling(span.TotalSeconds))}s");

    [LoggerMessage(Level = LogLevel.Information, Message = "Native Twitch shoutout in {Channel} for {Target}")]
    private partial void LogSent(string channel, string target);

    [LoggerMessage(Level = LogLevel.Information, Message = "Native Twitch shoutout in {Channel} for {Target} not sent ({Status}): {TwitchMessage}")]
    private partial void LogRefused(string channel, string target, int status, string twitchMessage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look up {Target} on Twitch for a shoutout")]
    private partial void LogLookupFailed(Exception ex, string target);
}
