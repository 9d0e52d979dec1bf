using LiveBuddy.Core.HypeTrain;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Storage.HypeTrain;
using LiveBuddy.Storage.Writing;

namespace LiveBuddy.Server.HypeTrain;

public static class HypeTrainRegistration
{
    /// <summary>Twitch hype trains: live progress for the alerts overlay (<c>hypeTrain</c>) and each train's figures for the report.</summary>
    public static IServiceCollection AddHypeTrain(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp => new HypeTrainTracker(sp.GetRequiredService<Counters>()));
        services.AddSingleton<IStreamFeature>(sp => sp.GetRequiredService<HypeTrainTracker>());
        services.AddSingleton<IStorageExtension, HypeTrainRecords>();
        return services;
    }
}
