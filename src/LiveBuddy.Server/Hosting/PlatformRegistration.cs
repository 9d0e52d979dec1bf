using LiveBuddy.Scoring;
using LiveBuddy.Storage;
using LiveBuddy.Twitch;
using LiveBuddy.YouTube;

namespace LiveBuddy.Server.Hosting;

public static class PlatformRegistration
{
    /// <summary>
    /// Twitch (IRC chat, EventSub, Helix, sign-in), YouTube and the scoring models. Each platform's
    /// connections start only when it is configured; <paramref name="platformConfigured"/> says whether any will.
    /// </summary>
    public static IServiceCollection AddLiveBuddyPlatforms(this IServiceCollection services, IConfiguration configuration, out bool platformConfigured)
    {
        var twitch = configuration.GetSection("Twitch:Channels").GetChildren().Any(c => !string.IsNullOrWhiteSpace(c.Value));
        // YouTube also runs with only a stored sign-in (the creator's own broadcasts).
        var dataFolder = StorageOptions.DataFolderFrom(configuration);
        var youtube = YouTubeServiceCollectionExtensions.WillRun(
            configuration.GetSection("YouTube").Get<YouTubeOptions>() ?? new YouTubeOptions(), dataFolder);
        platformConfigured = twitch || youtube;
        services.AddLiveBuddyScoring();
        // AddTwitchApi binds the Twitch section unconditionally; AddTwitchChat binds only when nothing has, so Api first
        // (binding twice would list every channel twice).
        services.AddTwitchApi();
        services.AddTwitchChat();
        services.AddLiveBuddyYouTube();
        return services;
    }
}
