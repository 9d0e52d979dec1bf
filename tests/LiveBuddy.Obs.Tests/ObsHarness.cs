using System.Collections.Concurrent;
using LiveBuddy.Core.Moments;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Obs.Connection;
using LiveBuddy.Obs.Moments;
using LiveBuddy.Obs.Rules;
using LiveBuddy.Obs.Sessions;
using LiveBuddy.Testing;
using LiveBuddy.Testing.Logging;
using LiveBuddy.Testing.Obs;
using Microsoft.Extensions.Time.Testing;

namespace LiveBuddy.Obs.Tests;

/// <summary>The real OBS client pieces wired as the host wires them, against a <see cref="FakeObsServer"/>.</summary>
internal sealed class ObsHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly Task _automating;

    public ObsHarness(FakeObsServer fake, string? password, IReadOnlyList<ObsRule>? rules = null)
    {
        Options = new ObsOptions
        {
            Url = fake.Url,
            Password = password,
            Enabled = true,
            ReconnectDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
            RequestTimeout = TimeSpan.FromSeconds(10),
            Rules = rules ?? [],
        };
        Connection = new ObsConnection(Options, TimeProvider.System, Logs.For<ObsConnection>());
        Replays = new ReplaySaver(Connection, Options, TimeProvider.System, Logs.For<ReplaySaver>());
        Liveness = new ObsLiveness(Connection, (e, _) =>
        {
            LiveChanges.Enqueue(e);
            return ValueTask.CompletedTask;
        });
        Automation = new ObsAutomation(new RuleBook(Options.Rules, RuleTime), new ObsActions(Connection, TimeProvider.System, Logs.For<ObsActions>()),
            Replays, "!", TimeProvider.System, Logs.For<ObsAutomation>(),
            (reply, _) =>
            {
                Replies.Enqueue(reply);
                return ValueTask.CompletedTask;
            },
            (saved, _) =>
            {
                Saved.Enqueue(saved);
                return ValueTask.CompletedTask;
            });
        _running = Connection.RunAsync(_stop.Token);
        _automating = Automation.RunAsync(_stop.Token);
    }

    public RecordingLogger Logs { get; } = new();
    public FakeTimeProvider RuleTime { get; } = new(DateTimeOffset.Parse("2026-12-07T20:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    public ObsOptions Options { get; }
    public ObsConnection Connection { get; }
    public ReplaySaver Replays { get; }
    public ObsLiveness Liveness { get; }
    public ObsAutomation Automation { get; }
    public ConcurrentQueue<EncoderLiveChanged> LiveChanges { get; } = new();
    public ConcurrentQueue<ChatReply> Replies { get; } = new();
    public ConcurrentQueue<SavedReplay> Saved { get; } = new();

    /// <summary>Waits (by polling the client's own state, at most <paramref name="seconds"/>) for a condition.</summary>
    public static Task EventuallyAsync(Func<bool> condition, double seconds = 15) => Eventually.TrueAsync(condition, seconds);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        await _automating;
        _stop.Dispose();
    }
}
