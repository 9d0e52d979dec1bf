using LiveBuddy.Core.Mood;
using LiveBuddy.Core.Pipeline;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Server.Mood;

public static class MoodRegistration
{
    /// <summary>The chat mood meter (the <c>Mood</c> section).</summary>
    public static IServiceCollection AddMood(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MoodOptions>().BindConfiguration("Mood");
        services.AddSingleton(sp => new MoodTracker(sp.GetRequiredService<IOptions<MoodOptions>>().Value));
        services.AddSingleton<IStreamFeature>(sp => sp.GetRequiredService<MoodTracker>());
        return services;
    }
}
