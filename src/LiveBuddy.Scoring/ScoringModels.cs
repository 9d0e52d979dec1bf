using LiveBuddy.Scoring.Emotes;
using LiveBuddy.Scoring.Engagement;
using LiveBuddy.Scoring.Text;
using LiveBuddy.Scoring.Toxicity;
using Microsoft.ML;

namespace LiveBuddy.Scoring;

/// <summary>
/// Everything the scorer needs, loaded once at start-up: the featurizer with its word lists and emote
/// table, the three message models as plain weights, the engagement model and the manifest.
/// </summary>
public sealed class ScoringModels : IDisposable
{
    public const string SentimentFile = "sentiment.zip";
    public const string QuestionFile = "question.zip";
    public const string ToxicityFile = "toxicity.zip";
    public const string EngagementFile = "engagement.zip";
    public const string ManifestFile = "manifest.json";

    public ScoringModels(ChatFeaturizer featurizer, LinearModel sentiment, LinearModel question, LinearModel toxicity,
        EngagementModel? engagement, ModelManifest manifest)
    {
        Featurizer = featurizer;
        Sentiment = sentiment;
        Question = question;
        Toxicity = toxicity;
        Engagement = engagement;
        Manifest = manifest;
    }

    public ChatFeaturizer Featurizer { get; }
    public LinearModel Sentiment { get; }
    public LinearModel Question { get; }
    public LinearModel Toxicity { get; }
    public EngagementModel? Engagement { get; }
    public ModelManifest Manifest { get; }

    /// <summary>Builds the featurizer from a data folder; the emote table is fixed unless a source is given.</summary>
    public static ChatFeaturizer CreateFeaturizer(string dataFolder, EmoteTableSource? emotes = null) =>
        new(Lexicon.Load(dataFolder), new ToxicityRules(ToxicityLexicon.Load(dataFolder)),
            emotes ?? new EmoteTableSource(EmoteTable.Load(Path.Combine(dataFolder, "emotes.tsv"))));

    public static ScoringModels Load(string modelFolder, ChatFeaturizer featurizer)
    {
        ArgumentNullException.ThrowIfNull(featurizer);
        var ml = new MLContext(seed: 1);
        var sentiment = LinearModel.Load(ml, Path.Combine(modelFolder, SentimentFile));
        var question = LinearModel.Load(ml, Path.Combine(modelFolder, QuestionFile));
        var toxicity = LinearModel.Load(ml, Path.Combine(modelFolder, ToxicityFile));
        foreach (var model in (ReadOnlySpan<LinearModel>)[sentiment, question, toxicity])
        {
            if (model.Dimension != ChatFeaturizer.Dimension)
                throw new InvalidDataException($"Models in {modelFolder} were trained with another featurizer; run the train verb.");
        }
        var engagementPath = Path.Combine(modelFolder, EngagementFile);
        var engagement = File.Exists(engagementPath) ? EngagementModel.Load(ml, engagementPath) : null;
        var manifestPath = Path.Combine(modelFolder, ManifestFile);
        var manifest = File.Exists(manifestPath) ? ModelManifest.Load(manifestPath) : new ModelManifest();
        return new ScoringModels(featurizer, sentiment, question, toxicity, engagement, manifest);
    }

    public void Dispose() => Featurizer.Emotes.Dispose();
}
