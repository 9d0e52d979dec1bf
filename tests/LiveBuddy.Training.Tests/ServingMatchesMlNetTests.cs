using LiveBuddy.Scoring;
using LiveBuddy.Scoring.Text;
using LiveBuddy.Scoring.Corpus;
using LiveBuddy.Scoring.Engagement;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace LiveBuddy.Training.Tests;

/// <summary>The fast serving path must give the probabilities ML.NET gives for the same saved model.</summary>
[Collection(ShippedModelsCollection.Name)]
public sealed class ServingMatchesMlNetTests(ShippedModels fixture)
{
    public sealed class Input
    {
        public VBuffer<float> Features { get; set; }
    }

    public sealed class Output
    {
        public float[] Score { get; set; } = [];
    }

    [Theory]
    [InlineData(ScoringModels.SentimentFile, 3)]
    [InlineData(ScoringModels.QuestionFile, 2)]
    [InlineData(ScoringModels.ToxicityFile, 2)]
    public void Extracted_weights_predict_what_ml_net_predicts(string file, int classes)
    {
        var ml = new MLContext(seed: 1);
        var transformer = ml.Model.Load(Path.Combine(fixture.ModelFolder, file), out _);
        var schema = SchemaDefinition.Create(typeof(Input));
        schema[nameof(Input.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, ChatFeaturizer.Dimension);
        using var engine = ml.Model.CreatePredictionEngine<Input, Output>(transformer, inputSchemaDefinition: schema);
        var served = MlNetModels.LinearFrom(transformer)!;
        var lines = LabelledCorpus.LoadSentiment(fixture.DataFolder).Take(150).Select(l => l.Text)
            .Concat(["you are an idiot", "what game is this?", "Kappa great job", "🔥🔥🔥", ""]);
        var vector = new FeatureVector();
        Span<float> probabilities = stackalloc float[classes];

        foreach (var line in lines)
        {
            fixture.Models.Featurizer.Featurize(line, null, vector);
            var (indices, values) = vector.ToSorted();
            var expected = engine.Predict(new Input { Features = new VBuffer<float>(ChatFeaturizer.Dimension, indices.Length, values, indices) }).Score;
            served.Predict(vector, probabilities);

            for (var c = 0; c < classes; c++)
                Assert.True(MathF.Abs(expected[c] - probabilities[c]) < 1e-4f, $"'{line}' class {c}: ML.NET {expected[c]}, served {probabilities[c]}");
        }
    }

    [Theory]
    [InlineData(ScoringModels.SentimentFile)]
    [InlineData(ScoringModels.QuestionFile)]
    [InlineData(ScoringModels.ToxicityFile)]
    public void Shipped_weights_files_hold_the_shipped_ml_net_models(string file)
    {
        var path = Path.Combine(fixture.ModelFolder, file);
        var fromMlNet = MlNetModels.LoadLinear(new MLContext(seed: 1), path);

        Assert.True(LinearModel.Read(LinearModel.WeightsPath(path)).SameAs(fromMlNet), $"{file}: run the train verb to write both files again");
    }

    public sealed class EngagementInput
    {
        public float LogViewers { get; set; }
        public float StreamPhase { get; set; }
        public float LogMessages { get; set; }
    }

    public sealed class EngagementOutput
    {
        public float Score { get; set; }
    }

    [Fact]
    public void Served_engagement_trees_predict_what_ml_net_predicts()
    {
        var ml = new MLContext(seed: 1);
        var transformer = ml.Model.Load(Path.Combine(fixture.ModelFolder, ScoringModels.EngagementFile), out _);
        using var engine = ml.Model.CreatePredictionEngine<EngagementInput, EngagementOutput>(transformer);
        var served = EngagementTrees.Read(Path.Combine(fixture.ModelFolder, ScoringModels.EngagementTreesFile));
        Span<float> features = stackalloc float[2];

        foreach (var viewers in new[] { 0, 1, 3, 17, 40, 250, 2000, 9_999, 60_000, 1_000_000 })
        {
            foreach (var minute in new[] { 0, 3, 9, 10, 30, 60, 200 })
            {
                EngagementModel.Features(viewers, minute, features);
                var expected = engine.Predict(new EngagementInput { LogViewers = features[0], StreamPhase = features[1] }).Score;
                var actual = served.Predict(features);
                Assert.True(MathF.Abs(expected - actual) < 1e-4f, $"{viewers} viewers, minute {minute}: ML.NET {expected}, served {actual}");
            }
        }
    }
}
