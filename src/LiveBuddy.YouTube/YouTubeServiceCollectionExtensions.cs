using LiveBuddy.Core;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.YouTube.Auth;
using LiveBuddy.YouTube.Chat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LiveBuddy.YouTube;

public static class YouTubeServiceCollectionExtensions
{
    /// <summary>
    /// YouTube live chat: options from the <c>YouTube</c> section, the reader (a hosted service that stays off
    /// unless configured), the chat sender and the moderation executor. Expects the host to register
    /// <c>EventIngress</c>, <c>Counters</c>, <c>SourceStatusBoard</c>, <c>TimeProvider</c>, <c>DataFolder</c> and
    /// <c>AddDataProtection()</c>.
    /// </summary>
    public static IServiceCollection AddLiveBuddyYouTube(this IServiceCollection services)
    {
        services.AddOptions<YouTubeOptions>().BindConfiguration(YouTubeOptions.Section);
        services.TryAddSingleton<ProtectedTokenStore>();
        services.TryAddSingleton<YouTubeAuthorization>();
        services.TryAddSingleton<YouTubeWebLogin>();
        services.TryAddSingleton<YouTubeConnection>();
        services.TryAddSingleton<QuotaBudget>();
        services.TryAddSingleton<YouTubeChatWriter>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChatSender, YouTubeChatWriter>(sp => sp.GetRequiredService<YouTubeChatWriter>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IModerationExecutor, YouTubeChatWriter>(sp => sp.GetRequiredService<YouTubeChatWriter>()));
        services.TryAddSingleton<Polls.YouTubePollMirror>();
        services.AddSingleton<IPipelineSink>(sp => sp.GetRequiredService<Polls.YouTubePollMirror>());
        services.AddHostedService<YouTubeChatReader>();
        return services;
    }

    /// <summary>
    /// Whether the YouTube source will run: an API key with video ids, or a stored sign-in (which also needs
    /// <c>YouTube:ClientId</c>/<c>ClientSecret</c> to refresh). For the host's "is any platform configured" check.
    /// </summary>
    public static bool WillRun(YouTubeOptions options, DataFolder data) =>
        options.ApiKeyMode
        || (!string.IsNullOrWhiteSpace(options.ClientId) && !string.IsNullOrWhiteSpace(options.ClientSecret) && ProtectedTokenStore.HasAny(data));
}
