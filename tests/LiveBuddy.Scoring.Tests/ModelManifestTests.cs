namespace LiveBuddy.Scoring.Tests;

[Collection(ScoringCollection.Name)]
public sealed class ModelManifestTests(ScoringFixture fixture)
{
    [Fact]
    public void Models_whose_manifest_predates_calibrated_priors_load_unshifted()
    {
        var folder = Directory.CreateTempSubdirectory("livebuddy-manifest-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(fixture.ModelFolder)) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            // A manifest from before session 1 had no sentimentPriorShift; the JSON reader leaves the property null.
            File.WriteAllText(Path.Combine(folder, ScoringModels.ManifestFile), """{ "seed": 1, "questionThreshold": 0.4, "toxicThreshold": 0.5, "metrics": {} }""");

            using var models = ScoringModels.Load(folder, ScoringModels.CreateFeaturizer(fixture.DataFolder));

            Assert.True(models.Sentiment.SameAs(LiveBuddy.Scoring.Text.LinearModel.Read(Path.Combine(folder, "sentiment.weights"))));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
