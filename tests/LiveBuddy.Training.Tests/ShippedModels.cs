using LiveBuddy.Scoring;

namespace LiveBuddy.Training.Tests;

/// <summary>The shipped models and word lists, loaded once from the test output folder like the server does.</summary>
public sealed class ShippedModels : IDisposable
{
    public string ModelFolder { get; } = Path.Combine(AppContext.BaseDirectory, "Models");
    public string DataFolder { get; } = Path.Combine(AppContext.BaseDirectory, "Data");
    public ScoringModels Models { get; }

    public ShippedModels() => Models = ScoringModels.Load(ModelFolder, ScoringModels.CreateFeaturizer(DataFolder));

    public void Dispose() => Models.Dispose();
}

[CollectionDefinition(Name)]
public sealed class ShippedModelsCollection : ICollectionFixture<ShippedModels>
{
    public const string Name = "shipped models";
}
