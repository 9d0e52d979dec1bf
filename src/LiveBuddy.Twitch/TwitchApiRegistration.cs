using LiveBuddy.Core;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Twitch.Auth;
using LiveBuddy.Twitch.ChannelPoints;
using LiveBuddy.Twitch.EventSub;
using LiveBuddy.Twitch.Helix;
using LiveBuddy.Twitch.Moderation;
using LiveBuddy.Twitch.Polls;
using LiveBuddy.Twitch.Shoutouts;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Twitch;

/// <summary>Wires Twitch's API side (Helix, EventSub, sign-in) into the host.</summary>
public static class TwitchApiRegistration
{
    internal const string HelixHttpClient = "twitch-helix";
    internal const string AuthHttpClient = "twitch-auth";

    /// <summary>
    /// Twitch's HTTP and EventSub side: the Helix client, the encrypted token store and device sign-in,
    /// hourly token validation, the EventSub WebSocket source, the viewer-count poller and the Twitch
    /// moderation executor. The host provides EventIngress, Counters, SourceStatusBoard, TimeProvider and DataFolder.
    /// The background services do nothing unless <c>Twitch:Channels</c> and <c>Twitch:ClientId</c> are set and a token exists.
    /// </summary>
    public static IServiceCollection AddTwitchApi(this IServiceCollection services)
    {
        services.AddOptions<TwitchOptions>().BindConfiguration(TwitchOptions.Section);

        // Tokens are sealed with Data Protection; its key ring lives in the data folder so it survives restarts.
        services.AddDataProtection();
        services.AddOptions<KeyManagementOptions>().Configure<DataFolder, ILoggerFactory>((o, folder, loggers) =>
            o.XmlRepository ??= new FileSystemXmlRepository(new DirectoryInfo(folder.EnsureSubfolder("keys")), loggers));

        // Transient faults (network errors, 5xx, timeouts) on reads are retried by the standard handler. Writes are not
        // (a chat message or a ban sent twice is worse than one reported failure), and 429 is left to HelixClient, which
        // waits for Twitch's Ratelimit-Reset instead of a generic backoff.
        services.AddHttpClient(HelixHttpClient).AddStandardResilienceHandler(o =>
        {
            o.Retry.DisableForUnsafeHttpMethods();
            var transient = o.Retry.ShouldHandle;
            o.Retry.ShouldHandle = args => args.Outcome.Result?.StatusCode == System.Net.HttpStatusCode.TooManyRequests
                ? ValueTask.FromResult(false)
                : transient(args);
        });
        // Token validation (a GET) is retried the same way; token and device-code POSTs are not (a refresh token is single-use).
        services.AddHttpClient(AuthHttpClient).AddStandardResilienceHandler(o => o.Retry.DisableForUnsafeHttpMethods());
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<TwitchAuthClient>(sp,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(AuthHttpClient)));
        // One Helix client for the process: it holds the rate-limit bucket and the login→id cache.
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<HelixClient>(sp,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HelixHttpClient)));
        services.TryAddSingleton<TwitchTokenStore>();
        services.TryAddSingleton<TwitchCredentials>();
        services.TryAddSingleton<TwitchDeviceLogin>();
        services.TryAddSingleton<TwitchPollMirror>();
        services.TryAddSingleton<TwitchShoutouts>();
        services.TryAddSingleton<Markers.TwitchMarkers>();
        services.AddSingleton<IPipelineSink>(sp => sp.GetRequiredService<TwitchPollMirror>());
        // Channel points: the rewards in Twitch:Rewards, and which redemptions go to the queue instead of being alerts.
        services.AddOptions<ChannelPointsOptions>().BindConfiguration(TwitchOptions.Section);
        services.TryAddSingleton(sp => new ManagedRewards(sp.GetRequiredService<IOptions<ChannelPointsOptions>>().Value.Rewards.Select(r => r.Title.Trim())));
        services.TryAddSingleton<TwitchRedemptions>();
        services.AddHostedService<TwitchRewardSync>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IModerationExecutor, TwitchModerationExecutor>());

        services.AddHostedService<TwitchTokenValidator>();
        services.AddHostedService<EventSubClient>();
        services.AddHostedService<TwitchStreamPoller>();
        return services;
    }
}
