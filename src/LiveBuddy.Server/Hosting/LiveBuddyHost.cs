using LiveBuddy.Server.Jobs;
using LiveBuddy.Server.Reports;

namespace LiveBuddy.Server.Hosting;

public static class LiveBuddyHost
{
    /// <summary>
    /// Everything LiveBuddy runs: configuration from <c>config/</c>, the pipeline and its sinks, platforms
    /// and scoring, demo chat, live features, reports, Quartz jobs and the overlay hub. The server, the CLI
    /// verbs and the replay all build the same program.
    /// </summary>
    public static WebApplicationBuilder AddLiveBuddy(this WebApplicationBuilder builder,
        IDictionary<string, string?>? overrides = null, TimeProvider? time = null)
    {
        var config = builder.AddConfigFolder();
        builder.AddLiveBuddyDefaults();
        if (overrides is not null) builder.Configuration.AddInMemoryCollection(overrides);
        if (time is not null) builder.Services.AddSingleton(time);
        var services = builder.Services;
        services.AddLiveBuddyPipeline(builder.Configuration, config);
        services.AddLiveBuddyPlatforms(builder.Configuration, out var platformConfigured);
        services.AddDemoSource(builder.Configuration, platformConfigured);
        services.AddLiveFeatures(builder.Configuration);
        services.AddReports();
        services.AddLiveJobs(builder.Configuration);
        services.AddOverlayHub(builder.Configuration);
        return builder;
    }
}
