using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sources;
using LiveBuddy.Twitch.Chat;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Twitch.Tests.Chat;

public sealed class TwitchChatRegistrationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Counters>();
        services.AddSingleton<EventIngress>();
        services.AddSingleton<SourceStatusBoard>();
        services.AddTwitchChat();
        services.AddTwitchChat(); // a second caller (or EventSub binding Twitch too) changes nothing
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Registration_binds_config_and_adds_one_sender_and_one_hosted_service()
    {
        using var provider = Build(new() { ["Twitch:Channels:0"] = "chan", ["Twitch:BotLogin"] = "bot", ["Twitch:Chat:PingInterval"] = "00:00:30" });

        Assert.Single(provider.GetServices<IChatSender>(), s => s.Platform == Platform.Twitch);
        Assert.Single(provider.GetServices<IHostedService>().OfType<TwitchChatService>());
        Assert.Equal(["chan"], provider.GetRequiredService<IOptions<TwitchOptions>>().Value.Channels);
        Assert.Equal(TimeSpan.FromSeconds(30), provider.GetRequiredService<IOptions<TwitchChatOptions>>().Value.PingInterval);
    }

    [Fact]
    public async Task Without_channels_the_service_reports_disabled_and_does_not_connect()
    {
        using var provider = Build([]);
        var service = provider.GetServices<IHostedService>().OfType<TwitchChatService>().Single();

        await service.StartAsync(CancellationToken.None);
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(SourceState.Disabled, provider.GetRequiredService<SourceStatusBoard>().Get("twitch-chat")!.State);
    }
}
