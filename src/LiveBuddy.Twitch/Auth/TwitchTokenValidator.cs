using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.Twitch.Auth;

/// <summary>
/// Validates the bot token at start and every hour, as Twitch requires of apps that keep a token, and every few
/// seconds looks whether another process (<c>login twitch</c> while LiveBuddy runs) stored or removed a token, so
/// that sign-in takes effect at once.
/// </summary>
internal sealed partial class TwitchTokenValidator(TwitchCredentials credentials, TimeProvider time, ILogger<TwitchTokenValidator> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    public static readonly TimeSpan StoreCheckInterval = TimeSpan.FromSeconds(3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!credentials.CanSignIn && !credentials.HasToken) return;
        try
        {
            try
            {
                // The first look also validates a token seen for the first time.
                await credentials.GetAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or TwitchAuthException)
            {
                LogValidationFailed(ex.Message);
            }
            var validatedAt = time.GetTimestamp();
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(StoreCheckInterval, time, stoppingToken).ConfigureAwait(false);
                try
                {
                    if (await credentials.ReloadIfStoreChangedAsync(stoppingToken).ConfigureAwait(false))
                        validatedAt = time.GetTimestamp();
                    if (time.GetElapsedTime(validatedAt) < Interval || credentials.Current is null) continue;
                    validatedAt = time.GetTimestamp();
                    await credentials.ValidateAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HttpRequestException or TwitchAuthException)
                {
                    LogValidationFailed(ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twitch token validation failed: {Reason}")]
    private partial void LogValidationFailed(string reason);
}
