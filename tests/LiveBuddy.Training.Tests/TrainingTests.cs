using LiveBuddy.Scoring;
using LiveBuddy.Scoring.Corpus;
using LiveBuddy.Scoring.Text;
using Microsoft.ML;

namespace LiveBuddy.Training.Tests;

public sealed class TrainingTests
{
    private static readonly string DataFolder = Path.Combine(AppContext.BaseDirectory, "Data");

    [Fact]
    public void The_same_seed_gives_the_same_metrics()
    {
        var settings = new TrainingSettings { MaxLines = 400, Folds = 3, Engagement = false };

        var first = ModelTrainer.Train(DataFolder, null, settings, TextWriter.Null, CancellationToken.None);
        var second = ModelTrainer.Train(DataFolder, null, settings, TextWriter.Null, CancellationToken.None);

        Assert.Equal(first.Models.Select(m => m.MacroF1), second.Models.Select(m => m.MacroF1));
        Assert.Equal(first.Models.Select(m => m.Confusion.Cast<int>().ToArray()), second.Models.Select(m => m.Confusion.Cast<int>().ToArray()));
    }

    [Fact]
    public void A_small_training_run_writes_loadable_models_and_prints_its_evaluation()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"models-{Guid.NewGuid():N}");
        var output = new StringWriter();
        try
        {
            var report = ModelTrainer.Train(DataFolder, folder, new TrainingSettings { MaxLines = 300, Folds = 3 }, output, CancellationToken.None);
            using var models = ScoringModels.Load(folder, ScoringModels.CreateFeaturizer(DataFolder));

            Assert.Equal(["sentiment", "question", "toxicity"], report.Models.Select(m => m.Name));
            Assert.All(report.Models, m => Assert.InRange(m.MacroF1, 0.3, 1));
            Assert.NotNull(models.Engagement);
            foreach (var file in new[] { ScoringModels.SentimentFile, ScoringModels.QuestionFile, ScoringModels.ToxicityFile })
            {
                var path = Path.Combine(folder, file);
                Assert.True(LinearModel.Read(LinearModel.WeightsPath(path)).SameAs(MlNetModels.LoadLinear(new MLContext(seed: 1), path)), file);
            }
            Assert.Contains("macro-F1", output.ToString(), StringComparison.Ordinal);
            Assert.Contains("confusion", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_corpora_are_large_enough_and_labelled_with_known_labels()
    {
        var sentiment = LabelledCorpus.LoadSentiment(DataFolder);
        var questions = LabelledCorpus.LoadQuestions(DataFolder);
        var toxicity = LabelledCorpus.LoadToxicity(DataFolder);

        Assert.True(sentiment.Count >= 3000, $"{sentiment.Count} sentiment lines");
        Assert.All(Enumerable.Range(0, 3), label => Assert.True(sentiment.Count(l => l.Label == label) >= 800));
        Assert.True(questions.Count >= 300);
        Assert.True(toxicity.Count >= 300);
    }

    [Fact]
    public void The_shipped_manifest_records_the_evaluation_it_was_trained_with()
    {
        var manifest = ModelManifest.Load(Path.Combine(AppContext.BaseDirectory, "Models", ScoringModels.ManifestFile));

        Assert.Equal(ModelTrainer.DefaultSeed, manifest.Seed);
        Assert.True(manifest.Metrics["questionPrecision"] >= 0.9, $"question precision {manifest.Metrics["questionPrecision"]}");
        Assert.InRange(manifest.QuestionThreshold, 0.3f, 0.95f);
        // The honest toxicity figure: the second held-out set, never tuned against (recall over its two abusive files).
        Assert.True(manifest.Metrics["toxicityFreshTestRecall"] >= 0.80, $"fresh toxicity recall {manifest.Metrics["toxicityFreshTestRecall"]}");
        Assert.True(manifest.Metrics["toxicityFreshTestFalsePositiveRate"] <= 0.10, $"fresh false positives {manifest.Metrics["toxicityFreshTestFalsePositiveRate"]}");
    }

    [Fact]
    public void Shipped_model_files_stay_under_two_megabytes()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Models")))
            Assert.True(new FileInfo(file).Length <= 2 * 1024 * 1024, file);
    }
}
