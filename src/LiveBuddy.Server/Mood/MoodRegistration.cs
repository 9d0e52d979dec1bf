using LiveBuddy.Core.Mood;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Scoring;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Server.Mood;

public static class MoodRegistration
{
    /// <summary>The chat mood meter (the <c>Mood</c> section), with the engagement model when scoring is registered.</summary>
    public static IServiceCollection AddMood(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MoodOptions>().BindConfiguration("Mood");
        // Live engagement reads chat against what an audience this size usually writes (the scoring engagement model).
        services.AddSingleton(sp => new MoodTracker(sp.GetRequiredService<IOptions<MoodOptions>>().Value,
            sp.GetService<ScoringModels>()?.Engagement is { } model ? model.ReadLive : null));
        services.AddSingleton<IStreamFeature>(sp => sp.GetRequiredService<MoodTracker>());
        return services;
    }
}
