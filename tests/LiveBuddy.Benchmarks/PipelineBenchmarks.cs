using BenchmarkDotNet.Attributes;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Scoring.Corpus;
using LiveBuddy.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveBuddy.Benchmarks;

/// <summary>
/// One chat line through the ordered pipeline as the server wires it (dedupe, session, every live feature: moderation,
/// commands, polls, Q&amp;A, alerts, timers, mood), with and without scoring on the pipeline thread. Sinks are left out:
/// storage and overlays have their own benchmarks. 4,096 viewers each write every 20 s of simulated time, so the
/// flood filter sees a busy chat, not a flood.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private const int Messages = 4096;
    private static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(5);
    private readonly BenchmarkClock _clock = new();
    private WebApplication _app = null!;
    private string _data = "";
    private EventPipeline _scoring = null!;
    private EventPipeline _featuresOnly = null!;
    private ChatMessage[] _unscored = [];
    private ChatMessage[] _scored = [];

    [GlobalSetup]
    public void Setup()
    {
        _data = Directory.CreateTempSubdirectory("livebuddy-pipeline-bench-").FullName;
        var builder = WebApplication.CreateBuilder([]);
        builder.Logging.ClearProviders();
        builder.AddLiveBuddy(new Dictionary<string, string?> { ["Storage:Path"] = _data, ["Demo:Mode"] = "off" }, _clock);
        _app = builder.Build();
        var services = _app.Services;
        var counters = services.GetRequiredService<Counters>();
        var features = services.GetServices<IStreamFeature>().ToArray();
        var scorer = services.GetRequiredService<IChatScorer>();
        EventPipeline Pipeline(IChatScorer? s) => new(new EventIngress(counters), new SessionTracker(_clock, new SessionRules()), features, [],
            counters, _clock, NullLogger<EventPipeline>.Instance, s, dedupeCapacity: Messages / 4);
        _scoring = Pipeline(scorer);
        _featuresOnly = Pipeline(null);

        var lines = LabelledCorpus.LoadSentiment(Path.Combine(AppContext.BaseDirectory, "Data")).Select(l => l.Text).ToArray();
        _unscored = [.. Enumerable.Range(0, Messages).Select(i => new ChatMessage
        {
            Platform = Platform.Twitch, Id = "m" + i, Channel = "benchchan", SentAt = _clock.GetUtcNow(), ReceivedAt = _clock.GetUtcNow(),
            Author = new Author { Id = (100_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), Name = "viewer" + i, DisplayName = "Viewer" + i },
            Text = lines[i % lines.Length],
            Fragments = [new MessageFragment(lines[i % lines.Length])],
        })];
        _scored = [.. _unscored.Select(m => m with { Score = scorer.Score(m) })];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        (_app as IDisposable)?.Dispose();
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { /* best effort */ }
    }

    /// <summary>Scoring on the pipeline thread (what happens to a line no source has scored).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public void ScoreAndFeatures()
    {
        foreach (var m in _unscored)
        {
            _clock.Advance(Gap);
            _scoring.Process(m);
        }
    }

    /// <summary>Features only: the line arrives scored by its source (the Twitch read loop scores off this thread).</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public void FeaturesOnly()
    {
        foreach (var m in _scored)
        {
            _clock.Advance(Gap);
            _featuresOnly.Process(m);
        }
    }

    private sealed class BenchmarkClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => _now;
        public void Advance(TimeSpan by) => _now += by;
    }
}
