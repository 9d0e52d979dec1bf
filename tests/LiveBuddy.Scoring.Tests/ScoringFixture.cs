using Microsoft.Extensions.Options;

namespace LiveBuddy.Scoring.Tests;

/// <summary>The shipped models and word lists, loaded once from the test output folder like the server does.</summary>
public sealed class ScoringFixture : IDisposable
{
    public ScoringFixture()
    {
        ModelFolder = Path.Combine(AppContext.BaseDirectory, "Models");
        DataFolder = Path.Combine(AppContext.BaseDirectory, "Data");
        Models = ScoringModels.Load(ModelFolder, ScoringModels.CreateFeaturizer(DataFolder));
        Scorer = new ChatScorer(Models, Options.Create(new ScoringOptions()));
    }

    public string ModelFolder { get; }
    public string DataFolder { get; }
    public ScoringModels Models { get; }
    public ChatScorer Scorer { get; }

    public void Dispose()
    {
        Scorer.Dispose();
        Models.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ScoringCollection : ICollectionFixture<ScoringFixture>
{
    public const string Name = "shipped models";
}
