using LiveBuddy.Scoring.Emotes;
using LiveBuddy.Scoring.Engagement;
using LiveBuddy.Scoring.Text;
using LiveBuddy.Scoring.Toxicity;
using Microsoft.ML;

namespace LiveBuddy.Scoring;

/// <summary>
/// Everything the scorer needs, loaded once at start-up: the featurizer with its word lists and emote
/// table, the three message models as plain weights, the engagement model (on first use) and the manifest.
/// </summary>
public sealed class ScoringModels : IDisposable
{
    private readonly Lazy<EngagementModel?> _engagement;

    public const string SentimentFile = "sentiment.zip";
    public const string QuestionFile = "question.zip";
    public const string ToxicityFile = "toxicity.zip";
    public const string EngagementFile = "engagement.zip";
    public const string ManifestFile = "manifest.json";

    public ScoringModels(ChatFeaturizer featurizer, LinearModel sentiment, LinearModel question, LinearModel toxicity,
        EngagementModel? engagement, ModelManifest manifest)
        : this(featurizer, sentiment, question, toxicity, new Lazy<EngagementModel?>(engagement), manifest)
    {
    }

    private ScoringModels(ChatFeaturizer featurizer, LinearModel sentiment, LinearModel question, LinearModel toxicity,
        Lazy<EngagementModel?> engagement, ModelManifest manifest)
    {
        Featurizer = featurizer;
        Sentiment = sentiment;
        Question = question;
        Toxicity = toxicity;
        Messages = new LinearModelSet(sentiment, question, toxicity);
        _engagement = engagement;
        Manifest = manifest;
    }

    public ChatFeaturizer Featurizer { get; }
    public LinearModel Sentiment { get; }
    public LinearModel Question { get; }
    public LinearModel Toxicity { get; }
    /// <summary>Sentiment (3 classes), question (2) and toxicity (2), served in one pass.</summary>
    public LinearModelSet Messages { get; }
    /// <summary>The engagement model, loaded through ML.NET the first time it is asked for; null when none was trained.</summary>
    public EngagementModel? Engagement => _engagement.Value;
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
        var engagementPath = Path.Combine(modelFolder, EngagementFile);
        var engagement = new Lazy<EngagementModel?>(() => File.Exists(engagementPath) ? LoadEngagement(engagementPath) : null);
        var manifestPath = Path.Combine(modelFolder, ManifestFile);
        var manifest = File.Exists(manifestPath) ? ModelManifest.Load(manifestPath) : new ModelManifest();
        return new ScoringModels(featurizer, sentiment, question, toxicity, engagement, manifest);
    }

    /// <summary>The weights file when the train verb wrote one, else the weights read out of the ML.NET model.</summary>
    private static LinearModel LoadLinear(string modelPath)
    {
        var weights = LinearModel.WeightsPath(modelPath);
        return File.Exists(weights) ? LinearModel.Read(weights) : LoadLinearThroughMlNet(modelPath);
    }

    // Kept out of Load so compiling Load does not pull ML.NET in.
    private static LinearModel LoadLinearThroughMlNet(string modelPath) => LinearModel.Load(new MLContext(seed: 1), modelPath);

    private static EngagementModel LoadEngagement(string path) => EngagementModel.Load(new MLContext(seed: 1), path);

    public void Dispose() => Featurizer.Emotes.Dispose();
}
