using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.Twitch.Auth;

/// <summary>Validates the bot token at start and every hour, as Twitch requires of apps that keep a token.</summary>
internal sealed partial class TwitchTokenValidator(TwitchCredentials credentials, TimeProvider time, ILogger<TwitchTokenValidator> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!credentials.CanSignIn && !credentials.HasToken) return;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Waiting for a sign-in also validates a token seen for the first time.
                await credentials.WaitForSignInAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(Interval, time, stoppingToken).ConfigureAwait(false);
                try
                {
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hourly Twitch token validation failed: {Reason}")]
    private partial void LogValidationFailed(string reason);
}
