using LiveBuddy.Core.Sources;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Twitch.Chat;

/// <summary>Runs the Twitch chat connection for the life of the host, only when <c>Twitch:Channels</c> names a channel.</summary>
public sealed partial class TwitchChatService(
    TwitchChatConnection connection,
    IOptions<TwitchOptions> options,
    SourceStatusBoard status,
    ILogger<TwitchChatService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            status.Report(TwitchChatConnection.SourceName, SourceState.Disabled, "no Twitch:Channels configured");
            return;
        }
        try
        {
            await connection.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The loop handles every socket fault itself; reaching here is a bug, so say so instead of dying silently.
            status.Report(TwitchChatConnection.SourceName, SourceState.Failed, ex.GetType().Name);
            LogCrashed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Twitch chat stopped unexpectedly")]
    private partial void LogCrashed(Exception ex);
}
