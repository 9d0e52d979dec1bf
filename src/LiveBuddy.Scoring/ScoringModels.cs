using LiveBuddy.Scoring.Emotes;
using LiveBuddy.Scoring.Engagement;
using LiveBuddy.Scoring.Text;
using LiveBuddy.Scoring.Toxicity;

namespace LiveBuddy.Scoring;

/// <summary>
/// Everything the scorer needs, loaded once at start-up: the featurizer with its word lists and emote
/// table, the three message models and the engagement model as plain numbers (no ML.NET at run time), and the manifest.
/// </summary>
public sealed class ScoringModels : IDisposable
{
    // The ML.NET files training writes; serving reads the .weights file beside each (LinearModel.WeightsPath).
    public const string SentimentFile = "sentiment.zip";
    public const string QuestionFile = "question.zip";
    public const string ToxicityFile = "toxicity.zip";
    public const string EngagementFile = "engagement.zip";
    /// <summary>The engagement model's trees, what serving reads.</summary>
    public const string EngagementTreesFile = "engagement.trees";
    public const string ManifestFile = "manifest.json";

    public ScoringModels(ChatFeaturizer featurizer, LinearModel sentiment, LinearModel question, LinearModel toxicity,
        EngagementModel? engagement, ModelManifest manifest)
    {
        Featurizer = featurizer;
        Sentiment = sentiment;
        Question = question;
        Toxicity = toxicity;
        Messages = new LinearModelSet(sentiment, question, toxicity);
        Engagement = engagement;
        Manifest = manifest;
    }

    public ChatFeaturizer Featurizer { get; }
    public LinearModel Sentiment { get; }
    public LinearModel Question { get; }
    public LinearModel Toxicity { get; }
    /// <summary>Sentiment (3 classes), question (2) and toxicity (2), served in one pass.</summary>
    public LinearModelSet Messages { get; }
    /// <summary>The engagement model; null when none was trained.</summary>
    public EngagementModel? Engagement { get; }
    public ModelManifest Manifest { get; }

    /// <summary>Builds the featurizer from a data folder; the emote table is fixed unless a source is given.</summary>
    public static ChatFeaturizer CreateFeaturizer(string dataFolder, EmoteTableSource? emotes = null) =>
        new(Lexicon.Load(dataFolder), new ToxicityRules(ToxicityLexicon.Load(dataFolder)),
            emotes ?? new EmoteTableSource(EmoteTable.Load(Path.Combine(dataFolder, "emotes.tsv"))));

    public static ScoringModels Load(string modelFolder, ChatFeaturizer featurizer)
    {
        ArgumentNullException.ThrowIfNull(featurizer);
        var sentiment = LoadLinear(Path.Combine(modelFolder, SentimentFile));
        var question = LoadLinear(Path.Combine(modelFolder, QuestionFile));
        var toxicity = LoadLinear(Path.Combine(modelFolder, ToxicityFile));
        foreach (var model in (ReadOnlySpan<LinearModel>)[sentiment, question, toxicity])
        {
            if (model.Dimension != ChatFeaturizer.Dimension)
                throw new InvalidDataException($"Models in {modelFolder} were trained with another featurizer; run the train verb.");
        }
        var engagementPath = Path.Combine(modelFolder, EngagementTreesFile);
        var engagement = File.Exists(engagementPath) ? EngagementModel.Load(engagementPath) : null;
        var manifestPath = Path.Combine(modelFolder, ManifestFile);
        var manifest = File.Exists(manifestPath) ? ModelManifest.Load(manifestPath) : new ModelManifest();
        // A manifest written before priors were calibrated has no shift (the JSON reader leaves it null).
        if (manifest.SentimentPriorShift is { } shift && shift.Length == sentiment.Classes) sentiment = sentiment.WithBiasShift(shift);
        return new ScoringModels(featurizer, sentiment, question, toxicity, engagement, manifest);
    }

    /// <summary>The weights file the train verb wrote beside the ML.NET model.</summary>
    private static LinearModel LoadLinear(string modelPath)
    {
        var weights = LinearModel.WeightsPath(modelPath);
        if (!File.Exists(weights)) throw new FileNotFoundException($"{weights} is missing; run the train verb.", weights);
        return LinearModel.Read(weights);
    }

    public void Dispose() => Featurizer.Emotes.Dispose();
}
