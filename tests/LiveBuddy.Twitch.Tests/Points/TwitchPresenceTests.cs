using System.Collections.Concurrent;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Points;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Core.Sources;
using LiveBuddy.Twitch.Points;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Twitch.Tests.Points;

/// <summary>Presence points' Twitch side against the fake Helix: Get Chatters read page by page, refusals shown, never thrown.</summary>
public sealed class TwitchPresenceTests
{
    private const string Broadcaster = "1337";
    private const string Bot = "900";

    /// <summary>What the presence poller hands the pipeline, through a real pipeline reader.</summary>
    private sealed class Recorder : IStreamFeature
    {
        public ConcurrentQueue<ChattersPresent> Samples { get; } = new();

        public void Handle(PipelineInput input, FeatureContext context)
        {
            if (input is ChattersPresent present) Samples.Enqueue(present);
        }
    }

    /// <summary>The Twitch fakes, the presence poller and a real pipeline reader recording what it hands over.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private readonly EventIngress _ingress;
        private readonly Task _pipeline;

        private Rig(TwitchApiHarness harness, EventIngress ingress, Task pipeline, TwitchPresence presence, Recorder recorder)
        {
            Harness = harness;
            _ingress = ingress;
            _pipeline = pipeline;
            Presence = presence;
            Recorder = recorder;
        }

        public TwitchApiHarness Harness { get; }
        public TwitchPresence Presence { get; }
        public Recorder Recorder { get; }
        public SourceStatus? Status => Harness.Board.Get(TwitchPresence.StatusName);

        public static async Task<Rig> StartAsync(bool moderator = true, bool scope = true, bool live = true)
        {
            var harness = await TwitchApiHarness.StartAsync(scopes: scope ? [TwitchPresence.Scope] : ["chat:read"]);
            if (moderator) harness.Helix.AddModerator(Broadcaster, Bot);
            var ingress = new EventIngress(harness.Counters);
            var recorder = new Recorder();
            var pipeline = new EventPipeline(ingress, new SessionTracker(harness.Time, new SessionRules()), [recorder], [], harness.Counters,
                harness.Time, NullLogger<EventPipeline>.Instance);
            var presence = ActivatorUtilities.CreateInstance<TwitchPresence>(harness.Services, ingress,
                Options.Create(new PointsOptions()), (Func<bool>)(() => live));
            await harness.Get<LiveBuddy.Twitch.Auth.TwitchCredentials>().GetAsync(CancellationToken.None);
            return new Rig(harness, ingress, Task.Run(() => pipeline.RunAsync(CancellationToken.None)), presence, recorder);
        }

        public async ValueTask DisposeAsync()
        {
            _ingress.Complete();
            await _pipeline;
            await Harness.DisposeAsync();
        }
    }

    private static IEnumerable<(string, string, string)> Viewers(int count) =>
        Enumerable.Range(0, count).Select(i => ($"u{i}", $"viewer{i}", $"Viewer{i}"));

    [Fact]
    public async Task Chatters_are_read_page_by_page_as_a_moderator_and_the_bot_itself_earns_nothing()
    {
        await using var rig = await Rig.StartAsync();
        var helix = rig.Harness.Helix;
        helix.SetChatters(Broadcaster, Viewers(2_499).Append((Bot, "livebuddy_bot", "LiveBuddy_Bot")));

        await rig.Presence.PollOnceAsync(CancellationToken.None);

        var requests = helix.ChattersRequests;
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal((Broadcaster, Bot, "1000"), (r["broadcaster_id"], r["moderator_id"], r["first"])));
        Assert.Null(requests[0]["after"]);
        Assert.NotNull(requests[2]["after"]);
        await rig.Harness.WaitUntilAsync(() => !rig.Recorder.Samples.IsEmpty, "the sample reaches the pipeline");
        var sample = Assert.Single(rig.Recorder.Samples);
        Assert.Equal((Platform.Twitch, "cool_user"), (sample.Platform, sample.Channel));
        Assert.Equal(2_499, sample.Chatters.Select(c => c.Id).Distinct().Count());
        Assert.DoesNotContain(sample.Chatters, c => c.Id == Bot);
        Assert.Equal(("viewer7", "Viewer7"), (sample.Chatters[7].Name, sample.Chatters[7].DisplayName));
        Assert.Equal(SourceState.Connected, rig.Status!.State);
    }

    [Fact]
    public async Task A_bot_that_is_not_a_moderator_is_told_on_the_status_board_and_nothing_is_thrown()
    {
        await using var rig = await Rig.StartAsync(moderator: false);
        rig.Harness.Helix.SetChatters(Broadcaster, Viewers(3));

        await rig.Presence.PollOnceAsync(CancellationToken.None);

        Assert.Equal(SourceState.Disabled, rig.Status!.State);
        Assert.Contains("#cool_user: the bot is not a moderator there (The user in moderator_id is not one of the broadcaster's moderators.)",
            rig.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(rig.Recorder.Samples);

        // Modded later: the next round reads the list.
        rig.Harness.Helix.AddModerator(Broadcaster, Bot);
        await rig.Presence.PollOnceAsync(CancellationToken.None);
        await rig.Harness.WaitUntilAsync(() => !rig.Recorder.Samples.IsEmpty, "read once modded");
        Assert.Equal(SourceState.Connected, rig.Status!.State);
    }

    [Fact]
    public async Task A_token_without_the_scope_asks_nothing()
    {
        await using var rig = await Rig.StartAsync(scope: false);
        await rig.Presence.PollOnceAsync(CancellationToken.None);
        Assert.Empty(rig.Harness.Helix.ChattersRequests);
        Assert.Equal(SourceState.Disabled, rig.Status!.State);
        Assert.Contains("does not allow moderator:read:chatters", rig.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Twitchs_own_refusal_of_the_scope_is_shown_and_nothing_is_thrown()
    {
        await using var rig = await Rig.StartAsync();
        rig.Harness.Helix.TokenOwner = () => (rig.Harness.Auth.UserId, ["chat:read"]); // the streamer took the scope back
        await rig.Presence.PollOnceAsync(CancellationToken.None);
        Assert.Equal(SourceState.Disabled, rig.Status!.State);
        Assert.Contains("Missing scope: moderator:read:chatters", rig.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(rig.Recorder.Samples);
    }

    [Fact]
    public async Task Offline_nothing_is_asked()
    {
        await using var rig = await Rig.StartAsync(live: false);
        await rig.Presence.PollOnceAsync(CancellationToken.None);
        Assert.Empty(rig.Harness.Helix.ChattersRequests);
        Assert.Equal(SourceState.Idle, rig.Status!.State);
    }
}
