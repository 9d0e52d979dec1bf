using LiveBuddy.Core.Alerts;
using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Mood;
using LiveBuddy.Core.Moderation;
using LiveBuddy.Core.Moments;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Polls;
using LiveBuddy.Core.Qa;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Core.Timers;
using LiveBuddy.Storage.Queries;
using LiveBuddy.Storage.Writing;

namespace LiveBuddy.Server.Hosting;

public static class FeatureRegistration
{
    /// <summary>
    /// Polls, Q&amp;A, alerts, commands, timers, moderation and mood as pipeline features, in the order they
    /// see each event: moderation first (a removed line runs no command), then commands and the features
    /// they drive, then alerts, timers and mood. Options come from the sections of the same names.
    /// </summary>
    public static IServiceCollection AddLiveFeatures(this IServiceCollection services, IConfiguration configuration)
    {
        T Bind<T>(string section) where T : new() => configuration.GetSection(section).Get<T>() ?? new T();
        var moderationOptions = Bind<ModerationOptions>("Moderation");
        var commandOptions = Bind<CommandsOptions>("Commands");
        services.AddSingleton(moderationOptions);
        services.AddSingleton(commandOptions);
        services.AddSingleton(Bind<TimersOptions>("Timers"));

        services.AddSingleton(_ => new ModerationRules(moderationOptions, WordFilter.From(moderationOptions)));
        services.AddSingleton(sp => new PollEngine(Bind<PollsOptions>("Polls"), commandOptions.Prefix, LoadOpenPoll(sp)));
        services.AddSingleton(sp => new QaQueue(Bind<QaOptions>("Qa"), LoadQuestions(sp), commandOptions.Prefix));
        services.AddSingleton(sp => new AlertQueue(Bind<AlertsOptions>("Alerts"), WordFilter.From(moderationOptions), sp.GetService<IChatScorer>()));
        services.AddSingleton(sp => new CommandRouter(commandOptions,
            [sp.GetRequiredService<PollEngine>(), sp.GetRequiredService<QaQueue>(), sp.GetRequiredService<ModerationRules>()],
            LoadCommands(sp), sp.GetRequiredService<ModerationRules>()));
        services.AddSingleton(sp => new TimerFeature(sp.GetRequiredService<TimersOptions>()));
        services.AddSingleton(_ => new MoodTracker(Bind<MoodOptions>("Mood")));
        // Live moments go out here to markers, clips, the OBS replay buffer, Discord and the hub (Core/Moments).
        services.AddSingleton<MomentFeed>();

        services.AddSingleton<IStreamFeature>(sp => sp.GetRequiredService<ModerationRules>());
        services.AddSingleton<IStreamFeature>(sp => sp.GetRequiredService<CommandRouter>());
        services.AddSingleton<IStreamFeature>(sp => sp.GetRequiredService<PollEngine>());
        services.AddSingleton<IStreamFeature>(sp => sp.GetRequiredService<QaQueue>());
        services.AddSingleton<IStreamFeature>(sp => sp.GetRequiredService<AlertQueue>());
        services.AddSingleton<IStreamFeature>(sp => sp.GetRequiredService<TimerFeature>());
        services.AddSingleton<IStreamFeature>(sp => sp.GetRequiredService<MoodTracker>());

        services.AddSingleton<IStreamFeature>(_ => new Privacy.ForgetMeCommand(commandOptions));
        services.AddSingleton<Privacy.ForgetMeWorker>();
        services.AddSingleton<IPipelineSink>(sp => sp.GetRequiredService<Privacy.ForgetMeWorker>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<Privacy.ForgetMeWorker>());
        return services;
    }

    /// <summary>The open poll of the session a restart is about to continue (same rule as the session tracker's).</summary>
    private static PollRestore? LoadOpenPoll(IServiceProvider sp) =>
        FromResumableSession(sp, (db, sessionId, now) => FeatureRecords.LoadOpenPoll(db, sessionId, now));

    /// <summary>The Q&amp;A queue of the session a restart is about to continue.</summary>
    private static IReadOnlyList<QaQuestion>? LoadQuestions(IServiceProvider sp) =>
        FromResumableSession(sp, (db, sessionId, _) => FeatureRecords.LoadQuestions(db, sessionId));

    // The session tracker looked the resumable session up once at start; the features follow it.
    private static T? FromResumableSession<T>(IServiceProvider sp, Func<SQLite.SQLiteConnection, string, DateTimeOffset, T?> load) where T : class
    {
        if (sp.GetRequiredService<SessionTracker>().ResumableAtStart is not { } session) return null;
        using var db = sp.GetRequiredService<SessionStore>().OpenRead();
        return load(db, session.Id, sp.GetRequiredService<TimeProvider>().GetUtcNow());
    }

    private static IReadOnlyList<CustomCommand> LoadCommands(IServiceProvider sp)
    {
        var config = sp.GetRequiredService<ConfigFolder>();
        var file = Path.Combine(config.Path, "commands.json");
        var defaults = File.Exists(file) ? CustomCommandFile.Parse(File.ReadAllText(file)) : [];
        using var db = sp.GetRequiredService<SessionStore>().OpenRead();
        return FeatureRecords.LoadCommands(db, defaults);
    }
}
