using LiveBuddy.Core.Pipeline;
using LiveBuddy.Twitch.Chat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LiveBuddy.Twitch;

public static class TwitchChatRegistration
{
    /// <summary>
    /// Twitch chat over IRC: binds <c>Twitch</c> and <c>Twitch:Chat</c>, registers the connection (as a hosted
    /// service that runs only when channels are configured) and the Twitch <see cref="IChatSender"/>.
    /// Expects the host to register EventIngress, Counters, SourceStatusBoard and TimeProvider.
    /// </summary>
    public static IServiceCollection AddTwitchChat(this IServiceCollection services)
    {
        // Binding the same section twice (EventSub does too) only re-reads the same values.
        services.AddOptions<TwitchOptions>().BindConfiguration(TwitchOptions.Section);
        services.AddOptions<TwitchChatOptions>().BindConfiguration(TwitchChatOptions.Section);
        services.TryAddSingleton<TwitchChatConnection>();
        services.TryAddSingleton<TwitchChatSender>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChatSender, TwitchChatSender>(sp => sp.GetRequiredService<TwitchChatSender>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, TwitchChatService>());
        return services;
    }
}
