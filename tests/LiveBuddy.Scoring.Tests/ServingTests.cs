using LiveBuddy.Scoring.Corpus;
using LiveBuddy.Scoring.Engagement;
using LiveBuddy.Scoring.Text;

namespace LiveBuddy.Scoring.Tests;

/// <summary>The served weights: one pass for three models, damaged files refused. (ML.NET agreement: LiveBuddy.Training.Tests.)</summary>
[Collection(ScoringCollection.Name)]
public sealed class ServingTests(ScoringFixture fixture)
{
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

    [Fact]
    public void A_damaged_engagement_file_is_refused_with_the_reason()
    {
        var folder = Directory.CreateTempSubdirectory("livebuddy-trees-").FullName;
        try
        {
            var cut = Path.Combine(folder, "cut.trees");
            var text = File.ReadAllText(Path.Combine(fixture.ModelFolder, ScoringModels.EngagementTreesFile));
            File.WriteAllText(cut, text[..(text.Length / 2)]);
            var foreign = Path.Combine(folder, "foreign.trees");
            File.WriteAllText(foreign, """{"bias":0,"trees":[{"weight":1,"feature":[7],"threshold":[0],"left":[-1],"right":[-2],"leaf":[0,1]}]}""");

            Assert.Contains("damaged", Assert.Throws<InvalidDataException>(() => EngagementTrees.Read(cut)).Message);
            Assert.Contains("not an engagement model", Assert.Throws<InvalidDataException>(() => EngagementTrees.Read(foreign)).Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
