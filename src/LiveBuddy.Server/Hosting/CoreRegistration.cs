using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Core.Sources;
using LiveBuddy.Server.Demo;
using LiveBuddy.Server.Overlays;
using LiveBuddy.Server.Security;
using LiveBuddy.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LiveBuddy.Server.Hosting;

public static class CoreRegistration
{
    /// <summary>
    /// The ordered pipeline and what every part shares: clock, counters, source status, data folder, ingress.
    /// Hosted services stop in reverse order of registration: sources first, then the pipeline drains,
    /// then overlays and storage flush.
    /// </summary>
    public static IServiceCollection AddLiveBuddyPipeline(this IServiceCollection services, IConfiguration configuration, ConfigFolder config)
    {
        var dataFolder = StorageOptions.DataFolderFrom(configuration);
        Directory.CreateDirectory(dataFolder.Path);
        services.AddSingleton(dataFolder);
        services.AddSingleton(config);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Counters>();
        services.AddSingleton<SourceStatusBoard>();
        // Tokens and access keys are encrypted with keys kept in the data folder, so they survive restarts.
        services.AddDataProtection().SetApplicationName("LiveBuddy").PersistKeysToFileSystem(new DirectoryInfo(dataFolder.EnsureSubfolder("keys")));
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions());
        services.AddSingleton<AccessKeys>();
        services.AddSingleton(sp => new EventIngress(sp.GetRequiredService<Counters>(), scorer: sp.GetService<IChatScorer>()));
        services.AddSingleton(sp => new EventPipeline(
            sp.GetRequiredService<EventIngress>(),
            sp.GetRequiredService<SessionTracker>(),
            sp.GetServices<IStreamFeature>(),
            sp.GetServices<IPipelineSink>(),
            sp.GetRequiredService<Counters>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<EventPipeline>>(),
            sp.GetService<IChatScorer>()));

        // Sinks and their hosted loops, in stop order: these stop after the pipeline has drained.
        services.AddLiveBuddyStorage();
        services.AddOptions<OverlayOptions>().BindConfiguration(OverlayOptions.Section);
        services.AddSingleton<OverlayBroadcaster>();
        services.AddSingleton<IPipelineSink>(sp => sp.GetRequiredService<OverlayBroadcaster>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<OverlayBroadcaster>());
        services.AddSingleton<ChatOutbox>();
        services.AddSingleton<IPipelineSink>(sp => sp.GetRequiredService<ChatOutbox>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ChatOutbox>());
        services.AddHostedService<PipelineWorker>();
        return services;
    }

    /// <summary>Demo chat when no platform is configured (or <c>Demo:Mode</c> is <c>on</c>).</summary>
    public static IServiceCollection AddDemoSource(this IServiceCollection services, IConfiguration configuration, bool platformConfigured)
    {
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section);
        var mode = configuration[$"{DemoOptions.Section}:{nameof(DemoOptions.Mode)}"] ?? "auto";
        var on = mode.Equals("on", StringComparison.OrdinalIgnoreCase)
            || (mode.Equals("auto", StringComparison.OrdinalIgnoreCase) && !platformConfigured);
        services.AddSingleton<DemoPlatform>();
        services.AddSingleton<IChatSender>(sp => sp.GetRequiredService<DemoPlatform>());
        services.AddSingleton<IModerationExecutor>(sp => sp.GetRequiredService<DemoPlatform>());
        if (on) services.AddHostedService<DemoChatSource>();
        return services;
    }
}
