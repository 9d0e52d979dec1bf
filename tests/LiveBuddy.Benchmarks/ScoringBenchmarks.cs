using BenchmarkDotNet.Attributes;
using LiveBuddy.Scoring;
using LiveBuddy.Scoring.Text;
using LiveBuddy.Scoring.Corpus;
using Microsoft.Extensions.Options;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace LiveBuddy.Benchmarks;

/// <summary>
/// Scoring one chat line for sentiment + question + toxicity, the way the pipeline does, over 1,000
/// varied lines from the training corpus. The ML.NET prediction engine on the same saved sentiment
/// model is measured too, to show why serving uses the extracted weights.
/// </summary>
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private const int Lines = 1000;
    private const int BatchLines = 20_000;
    private string[] _lines = [];
    private string[] _replay = [];
    private ScoringModels _models = null!;
    private ChatScorer _scorer = null!;
    private readonly FeatureVector _vector = new();
    private PredictionEngine<EngineInput, EngineOutput> _engine = null!;
    private EngineInput[] _engineInputs = [];

    public sealed class EngineInput
    {
        public VBuffer<float> Features { get; set; }
    }

    public sealed class EngineOutput
    {
        public float[] Score { get; set; } = [];
    }

    [GlobalSetup]
    public void Setup()
    {
        var data = Path.Combine(AppContext.BaseDirectory, "Data");
        var modelFolder = Path.Combine(AppContext.BaseDirectory, "Models");
        var corpus = LabelledCorpus.LoadSentiment(data).Select(l => l.Text).ToArray();
        _lines = [.. corpus.Take(Lines)];
        _replay = [.. Enumerable.Range(0, BatchLines).Select(i => corpus[i % corpus.Length])];
        _models = ScoringModels.Load(modelFolder, ScoringModels.CreateFeaturizer(data));
        _scorer = new ChatScorer(_models, Options.Create(new ScoringOptions()));

        var ml = new MLContext(seed: 1);
        var schema = SchemaDefinition.Create(typeof(EngineInput));
        schema[nameof(EngineInput.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, ChatFeaturizer.Dimension);
        _engine = ml.Model.CreatePredictionEngine<EngineInput, EngineOutput>(
            ml.Model.Load(Path.Combine(modelFolder, ScoringModels.SentimentFile), out _), inputSchemaDefinition: schema);
        _engineInputs = [.. _lines.Select(line =>
        {
            _models.Featurizer.Featurize(line, null, _vector);
            var (indices, values) = _vector.ToSorted();
            return new EngineInput { Features = new VBuffer<float>(ChatFeaturizer.Dimension, indices.Length, values, indices) };
        })];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        _scorer.Dispose();
        _models.Dispose();
    }

    /// <summary>Full score (featurize once, three models, rules) per message.</summary>
    [Benchmark(OperationsPerInvoke = Lines, Baseline = true)]
    public int ScoreMessage()
    {
        var questions = 0;
        foreach (var line in _lines)
            if (_scorer.Score(line).Question) questions++;
        return questions;
    }

    /// <summary>Featurization alone, the larger part of a score.</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public int FeaturizeMessage()
    {
        var total = 0;
        foreach (var line in _lines)
        {
            _models.Featurizer.Featurize(line, null, _vector);
            total += _vector.Count;
        }
        return total;
    }

    /// <summary>ML.NET's own engine for the sentiment model only, on vectors featurized in advance.</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public float MlNetEngineSentimentOnly()
    {
        var sum = 0f;
        foreach (var input in _engineInputs) sum += _engine.Predict(input).Score[2];
        return sum;
    }

    /// <summary>Replay import: 20,000 lines split across the cores.</summary>
    [Benchmark(OperationsPerInvoke = BatchLines)]
    public int ScoreBatch() => _scorer.ScoreBatch(_replay, CancellationToken.None).Length;
}
