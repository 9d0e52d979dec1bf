using LiveBuddy.Core.Pipeline;
using LiveBuddy.YouTube.Auth;
using LiveBuddy.YouTube.Chat;
using Microsoft.Extensions.DependencyInjection;

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
        services.AddSingleton<ProtectedTokenStore>();
        services.AddSingleton<YouTubeAuthorization>();
        services.AddSingleton<YouTubeConnection>();
        services.AddSingleton<QuotaBudget>();
        services.AddSingleton<YouTubeChatWriter>();
        services.AddSingleton<IChatSender>(sp => sp.GetRequiredService<YouTubeChatWriter>());
        services.AddSingleton<IModerationExecutor>(sp => sp.GetRequiredService<YouTubeChatWriter>());
        services.AddHostedService<YouTubeChatReader>();
        return services;
    }
}
