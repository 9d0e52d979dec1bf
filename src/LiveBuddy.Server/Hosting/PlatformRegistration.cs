namespace LiveBuddy.Server.Hosting;

public static class PlatformRegistration
{
    /// <summary>Twitch, YouTube and the scoring models; <paramref name="platformConfigured"/> says whether any platform will run.</summary>
    public static IServiceCollection AddLiveBuddyPlatforms(this IServiceCollection services, IConfiguration configuration, out bool platformConfigured)
    {
        var twitch = configuration.GetSection("Twitch:Channels").GetChildren().Any(c => !string.IsNullOrWhiteSpace(c.Value));
        var youtube = !string.IsNullOrWhiteSpace(configuration["YouTube:ApiKey"])
            && configuration.GetSection("YouTube:VideoIds").GetChildren().Any(c => !string.IsNullOrWhiteSpace(c.Value));
        platformConfigured = twitch || youtube;
        return services;
    }
}
