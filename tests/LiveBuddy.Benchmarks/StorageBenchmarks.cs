using BenchmarkDotNet.Attributes;
using LiveBuddy.Core;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Storage;
using LiveBuddy.Storage.Writing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Benchmarks;

/// <summary>
/// The storage writer's batch insert: 20,000 scored chat lines (message row, viewer upsert, minute tally) handed over
/// as the pipeline does and written in its batched transactions to SQLite on disk (WAL), per line, into a database
/// that already holds a million lines (so any index keyed by random ids has outgrown the page cache, as it does
/// after a few busy streams). Ids are shaped as Twitch's: UUID message ids, user ids spread over a wide range.
/// Half the lines come from viewers already stored, half from new ones. The batch window is 1 ms so the
/// measurement is the writing, not the writer's wait for more lines after the last batch.
/// </summary>
[MemoryDiagnoser]
public class StorageBenchmarks
{
    private const int Lines = 20_000;
    private string _data = "";
    private StorageWriter _writer = null!;
    private SessionInfo _session = null!;
    private ChatMessage[] _batch = [];
    private int _round;
    private readonly Random _ids = new(42);
    private readonly byte[] _uuid = new byte[16];

    [GlobalSetup]
    public async Task Setup()
    {
        _data = Directory.CreateTempSubdirectory("livebuddy-storage-bench-").FullName;
        _writer = new StorageWriter(Options.Create(new StorageOptions { Path = _data, BatchWindow = TimeSpan.FromMilliseconds(1) }), new DataFolder(_data), new Counters(), [],
            TimeProvider.System, NullLogger<StorageWriter>.Instance);
        await _writer.StartAsync(CancellationToken.None);
        var tracker = new SessionTracker(TimeProvider.System, new SessionRules());
        var updates = new List<LiveUpdate>();
        tracker.Observe(Chat(0, 0), updates);
        foreach (var update in updates) _writer.OnUpdate(update);
        _session = tracker.Current!;
        for (var round = 0; round < StoredBefore / Lines; round++)
        {
            NewLines();
            await WriteChatLines();
        }
    }

    private const int StoredBefore = 1_000_000;

    [IterationSetup]
    public void NewLines()
    {
        var round = ++_round;
        _batch = [.. Enumerable.Range(0, Lines).Select(i => Chat(round, i))];
    }

    [Benchmark(OperationsPerInvoke = Lines)]
    public async Task WriteChatLines()
    {
        foreach (var chat in _batch) _writer.OnEvent(chat, _session);
        await _writer.FlushAsync(CancellationToken.None);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _writer.StopAsync(CancellationToken.None);
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { /* best effort */ }
    }

    private ChatMessage Chat(int round, int i)
    {
        var n = (uint)(i % 2 == 0 ? i : round * Lines + i);
        var viewer = (10_000_000 + n * 2654435761u % 900_000_000u).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var now = DateTimeOffset.UtcNow;
        _ids.NextBytes(_uuid);
        return new ChatMessage
        {
            Platform = Platform.Twitch, Id = new Guid(_uuid).ToString(), Channel = "benchchan", SentAt = now, ReceivedAt = now,
            Author = new Author { Id = viewer, Name = "viewer" + viewer, DisplayName = "Viewer" + viewer },
            Text = "that was close Kappa what a play", Fragments = [new MessageFragment("that was close Kappa what a play")],
            Score = new MessageScore(Sentiment.Positive, 0.7f, false, false, 0.01f),
        };
    }
}
