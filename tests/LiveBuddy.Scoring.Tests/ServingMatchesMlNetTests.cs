using LiveBuddy.Scoring.Text;
using LiveBuddy.Scoring.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace LiveBuddy.Scoring.Tests;

/// <summary>The fast serving path must give the probabilities ML.NET gives for the same saved model.</summary>
[Collection(ScoringCollection.Name)]
public sealed class ServingMatchesMlNetTests(ScoringFixture fixture)
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
        var served = LinearModel.FromTransformer(transformer)!;
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

    [Fact]
    public void The_three_models_served_in_one_pass_give_each_model_s_own_probabilities_to_the_last_bit()
    {
        var models = fixture.Models;
        var vector = new FeatureVector();
        Span<float> together = stackalloc float[models.Messages.Classes];
        Span<float> alone = stackalloc float[3];
        var lines = LabelledCorpus.LoadSentiment(fixture.DataFolder).Select(l => l.Text)
            .Concat(LabelledCorpus.LoadToxicity(fixture.DataFolder).Select(l => l.Text))
            .Concat(["you are an idiot", "what game is this?", "Kappa great job", "🔥🔥🔥", "", new string('a', 600)]);

        Assert.Equal(7, models.Messages.Classes);
        foreach (var line in lines)
        {
            models.Featurizer.Featurize(line, null, vector);
            models.Messages.Predict(vector, together);
            var at = 0;
            foreach (var model in (LinearModel[])[models.Sentiment, models.Question, models.Toxicity])
            {
                model.Predict(vector, alone);
                for (var c = 0; c < model.Classes; c++)
                    Assert.True(alone[c] == together[at + c], $"'{line}': model {at} class {c}: alone {alone[c]}, together {together[at + c]}");
                at += model.Classes;
            }
        }
    }

    [Theory]
    [InlineData(ScoringModels.SentimentFile)]
    [InlineData(ScoringModels.QuestionFile)]
    [InlineData(ScoringModels.ToxicityFile)]
    public void Shipped_weights_files_hold_the_shipped_ml_net_models(string file)
    {
        var path = Path.Combine(fixture.ModelFolder, file);
        var fromMlNet = LinearModel.Load(new MLContext(seed: 1), path);

        Assert.True(LinearModel.Read(LinearModel.WeightsPath(path)).SameAs(fromMlNet), $"{file}: run the train verb to write both files again");
    }

    [Fact]
    public void A_damaged_weights_file_is_refused_with_the_reason()
    {
        var folder = Directory.CreateTempSubdirectory("livebuddy-weights-").FullName;
        try
        {
            var source = LinearModel.WeightsPath(Path.Combine(fixture.ModelFolder, ScoringModels.SentimentFile));
            var bytes = File.ReadAllBytes(source);
            var cut = Path.Combine(folder, "cut.weights");
            File.WriteAllBytes(cut, bytes[..^3]);
            var foreign = Path.Combine(folder, "foreign.weights");
            File.WriteAllBytes(foreign, "not weights at all"u8.ToArray());

            Assert.Contains("ends early", Assert.Throws<InvalidDataException>(() => LinearModel.Read(cut)).Message);
            Assert.Contains("not a LiveBuddy weights file", Assert.Throws<InvalidDataException>(() => LinearModel.Read(foreign)).Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
