using LiveBuddy.Server.Alerts;
using LiveBuddy.Server.ChannelPoints;
using LiveBuddy.Server.Commands;
using LiveBuddy.Server.Credits;
using LiveBuddy.Server.Discord;
using LiveBuddy.Server.Emotes;
using LiveBuddy.Server.Goals;
using LiveBuddy.Server.Markers;
using LiveBuddy.Server.Moderation;
using LiveBuddy.Server.Moments;
using LiveBuddy.Server.HypeTrain;
using LiveBuddy.Server.Mood;
using LiveBuddy.Server.NamedCounters;
using LiveBuddy.Server.Obs;
using LiveBuddy.Server.Overlays;
using LiveBuddy.Server.Points;
using LiveBuddy.Server.Polls;
using LiveBuddy.Server.Privacy;
using LiveBuddy.Server.Qa;
using LiveBuddy.Server.Quotes;
using LiveBuddy.Server.Raffles;
using LiveBuddy.Server.Reports;
using LiveBuddy.Server.Sessions;
using LiveBuddy.Server.Shoutouts;
using LiveBuddy.Server.Timers;
using LiveBuddy.Server.Tips;

namespace LiveBuddy.Server.Hosting;

public static class LiveBuddyHost
{
    /// <summary>
    /// Everything LiveBuddy runs: configuration from <c>config/</c>, the pipeline and its sinks, platforms
    /// and scoring, demo chat, the features, Quartz jobs and the overlay hub. The server, the CLI verbs and
    /// the replay all build the same program.
    /// </summary>
    public static WebApplicationBuilder AddLiveBuddy(this WebApplicationBuilder builder,
        IDictionary<string, string?>? overrides = null, TimeProvider? time = null)
    {
        var config = builder.AddConfigFolder();
        builder.AddLiveBuddyDefaults();
        if (overrides is not null) builder.Configuration.AddInMemoryCollection(overrides);
        if (time is not null) builder.Services.AddSingleton(time);
        var configuration = builder.Configuration;
        var services = builder.Services;
        services.AddLiveBuddyPipeline(configuration, config);
        services.AddLiveBuddyPlatforms(configuration, out var platformConfigured);
        services.AddDemoSource(configuration, platformConfigured);

        // Features. Chat features see each event in this order: moderation first (a removed line runs no
        // command), then commands and the features they drive, then alerts, timers, mood and !forgetme.
        services.AddSessions(configuration);
        services.AddModeration(configuration);
        services.AddCommands(configuration);
        services.AddPolls(configuration);
        services.AddQa(configuration);
        services.AddAlerts(configuration);
        services.AddHypeTrain(configuration);
        services.AddChannelPoints(configuration);
        services.AddTimers(configuration);
        services.AddMood(configuration);
        services.AddEmotes(configuration);
        services.AddPoints(configuration);
        services.AddRaffles(configuration);
        services.AddQuotes(configuration);
        services.AddNamedCounters(configuration);
        services.AddMoments(configuration);
        services.AddMarkers(configuration);
        services.AddShoutouts(configuration);
        services.AddGoals(configuration);
        services.AddCredits(configuration);
        services.AddObs(configuration);
        services.AddDiscord(configuration);
        services.AddTips(configuration);
        services.AddPrivacy(configuration);
        services.AddReports(configuration);

        services.AddLiveJobs(configuration);
        services.AddOverlays(configuration);
        services.AddHttpApi();
        return builder;
    }
}
