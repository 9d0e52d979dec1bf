using LiveBuddy.Core.Moments;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Scoring.Moments;

namespace LiveBuddy.Server.Moments;

public static class MomentsRegistration
{
    /// <summary>Live moments go out here to markers, clips, the OBS replay buffer, Discord and the hub (Core/Moments).</summary>
    public static IServiceCollection AddMoments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<MomentFeed>();
        // Live detection: a pipeline feature that finds chat bursts and publishes them on the feed and as `moment`.
        services.AddSingleton<MomentWatcher>();
        services.AddSingleton<IStreamFeature>(sp => sp.GetRequiredService<MomentWatcher>());
        return services;
    }
}
