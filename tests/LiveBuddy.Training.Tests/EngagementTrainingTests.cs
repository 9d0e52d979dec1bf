namespace LiveBuddy.Training.Tests;

[Collection(ShippedModelsCollection.Name)]
public sealed class EngagementTrainingTests(ShippedModels fixture)
{
    [Fact]
    public void The_shipped_regression_tracks_the_simulated_audience_it_was_trained_on()
    {
        var model = fixture.Models.Engagement!;
        foreach (var viewers in new[] { 20, 200, 2000, 20000 })
        {
            var truth = EngagementSimulator.Expected(viewers, 30);
            var predicted = model.ExpectedMessages(viewers, 30);
            Assert.InRange(predicted / truth, 0.6, 1.4);
        }
    }
}
