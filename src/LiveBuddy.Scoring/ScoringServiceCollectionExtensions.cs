using LiveBuddy.Core.Pipeline;
using LiveBuddy.Scoring.Emotes;
using LiveBuddy.Scoring.Highlights;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Scoring;

internal static partial class ScoringLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information,
        Message = "Scoring models loaded from {Folder}: sentiment macro-F1 {MacroF1}, question precision {Precision}")]
    public static partial void ModelsLoaded(ILogger logger, string folder, double macroF1, double precision);
}

public static class ScoringServiceCollectionExtensions
{
    /// <summary>
    /// Registers the scoring models (loaded once, from <c>Models/</c> next to the program unless
    /// <c>Scoring:ModelFolder</c> says otherwise), <see cref="ChatScorer"/> as the pipeline's
    /// <see cref="IChatScorer"/>, the hot-reloaded emote table and the highlight options (<c>Scoring:Highlights</c>).
    /// </summary>
    public static IServiceCollection AddLiveBuddyScoring(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ScoringOptions>().BindConfiguration(ScoringOptions.Section);
        services.AddOptions<HighlightOptions>().BindConfiguration(ScoringOptions.Section + ":Highlights");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ScoringOptions>>().Value;
            var logger = sp.GetService<ILoggerFactory>()?.CreateLogger<EmoteTableSource>() ?? (ILogger)NullLogger.Instance;
            return new EmoteTableSource(options.ResolveEmoteTable(), sp.GetRequiredService<TimeProvider>(), options.EmoteTableCheckInterval, logger);
        });
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ScoringOptions>>().Value;
            var featurizer = ScoringModels.CreateFeaturizer(options.ResolveDataFolder(), sp.GetRequiredService<EmoteTableSource>());
            var models = ScoringModels.Load(options.ResolveModelFolder(), featurizer);
            var logger = sp.GetService<ILoggerFactory>()?.CreateLogger(typeof(ScoringModels)) ?? NullLogger.Instance;
            models.Manifest.Metrics.TryGetValue("sentimentMacroF1", out var f1);
            models.Manifest.Metrics.TryGetValue("questionPrecision", out var precision);
            ScoringLog.ModelsLoaded(logger, options.ResolveModelFolder(), f1, precision);
            return models;
        });
        services.TryAddSingleton<ChannelEmoteBook>();
        services.TryAddSingleton<ChatScorer>();
        services.TryAddSingleton<IChatScorer>(sp => sp.GetRequiredService<ChatScorer>());
        return services;
    }
}
