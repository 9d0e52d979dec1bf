using LiveBuddy.Core.Sources;
using LiveBuddy.Twitch.Auth;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Twitch.Chat;

/// <summary>
/// Keeps Twitch chat running for the life of the host when <c>Twitch:Channels</c> names a channel, on the transport
/// <see cref="ChatTransportChoice"/> picks for the current sign-in. When the bot signs in, out, or is revoked, it
/// switches at once: IRC stops when EventSub takes chat over (the EventSub client restarts on the same signal), and
/// anonymous IRC reading comes back when the sign-in goes away. The control page reads the <c>twitch-chat</c> status.
/// </summary>
public sealed partial class TwitchChatService(
    TwitchChatConnection connection,
    IOptionsMonitor<TwitchOptions> options,
    SourceStatusBoard status,
    ILogger<TwitchChatService> logger,
    TwitchCredentials? credentials = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.CurrentValue.Enabled)
        {
            status.Report(TwitchChatConnection.SourceName, SourceState.Disabled, "no Twitch:Channels configured");
            return;
        }
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var changed = credentials?.Changed ?? Task.Delay(Timeout.Infinite, stoppingToken);
                // The sign-in as last validated; the token validator checks a new token in the background and the change
                // brings us back here, so chat never waits for Twitch's answer to start.
                var signIn = credentials?.Current;
                var transport = ChatTransportChoice.Resolve(options.CurrentValue.ChatTransport, signIn);
                LogTransport(transport.ToString(), signIn?.Login ?? "anonymous");
                using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                Task running;
                if (transport == ChatTransport.Irc)
                {
                    running = connection.RunAsync(run.Token);
                }
                else
                {
                    // EventSub carries chat now; its client reports the connection under its own status name.
                    status.Report(TwitchChatConnection.SourceName, SourceState.Connected, signIn is null
                        ? "waiting for the bot to sign in (Twitch:ChatTransport is eventsub)"
                        : $"chat over EventSub as {signIn.Login}",
                        new Dictionary<string, object>(StringComparer.Ordinal) { ["anonymous"] = signIn is null, ["nick"] = signIn?.Login ?? "", ["transport"] = "eventsub" });
                    running = Task.Delay(Timeout.Infinite, run.Token);
                }
                await Task.WhenAny(running, changed).ConfigureAwait(false);
                await run.CancelAsync().ConfigureAwait(false);
                try
                {
                    await running.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Switched or stopping.
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
        catch (Exception ex)
        {
            // The loops handle every socket fault themselves; reaching here is a bug, so say so instead of dying silently.
            status.Report(TwitchChatConnection.SourceName, SourceState.Failed, ex.GetType().Name);
            LogCrashed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Twitch chat runs over {Transport} ({Account})")]
    private partial void LogTransport(string transport, string account);

    [LoggerMessage(Level = LogLevel.Error, Message = "Twitch chat stopped unexpectedly")]
    private partial void LogCrashed(Exception ex);
}
