using LiveBuddy.Core.Moments;

namespace LiveBuddy.Server.Moments;

public static class MomentsRegistration
{
    /// <summary>Live moments go out here to markers, clips, the OBS replay buffer, Discord and the hub (Core/Moments).</summary>
    public static IServiceCollection AddMoments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<MomentFeed>();
        return services;
    }
}
