using LiveBuddy.Core.Pipeline;
using LiveBuddy.Twitch.Chat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Twitch;

public static class TwitchChatRegistration
{
    /// <summary>
    /// Twitch chat (IRC, or EventSub when <see cref="TwitchApiRegistration.AddTwitchApi"/> is registered too and the bot is signed in): binds <c>Twitch</c> and <c>Twitch:Chat</c>, registers the connection (as a hosted
    /// service that runs only when channels are configured) and the Twitch <see cref="IChatSender"/>.
    /// Expects the host to register EventIngress, Counters, SourceStatusBoard and TimeProvider. When
    /// <see cref="TwitchApiRegistration.AddTwitchApi"/>'s sign-in (TwitchCredentials) is registered, the bot signs in with its token.
    /// </summary>
    public static IServiceCollection AddTwitchChat(this IServiceCollection services)
    {
        // Binding a section twice appends its lists twice (Channels ["a","a"]): bind only if nobody has yet.
        if (!services.Any(d => d.ServiceType == typeof(IConfigureOptions<TwitchOptions>)))
            services.AddOptions<TwitchOptions>().BindConfiguration(TwitchOptions.Section);
        if (!services.Any(d => d.ServiceType == typeof(IConfigureOptions<TwitchChatOptions>)))
            services.AddOptions<TwitchChatOptions>().BindConfiguration(TwitchChatOptions.Section);
        services.TryAddSingleton<TwitchChatIntake>();
        services.TryAddSingleton<TwitchChatRoomState>();
        services.TryAddSingleton<TwitchChatConnection>();
        services.TryAddSingleton<TwitchChatSender>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChatSender, TwitchChatSender>(sp => sp.GetRequiredService<TwitchChatSender>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, TwitchChatService>());
        return services;
    }
}
