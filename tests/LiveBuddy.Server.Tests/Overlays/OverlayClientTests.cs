using System.Reflection;
using LiveBuddy.Core.Moments;
using LiveBuddy.Core.Mood;
using LiveBuddy.Server.Overlays;
using Microsoft.AspNetCore.SignalR;

namespace LiveBuddy.Server.Tests.Overlays;

/// <summary>The typed hub keeps the method names overlays listen to (DESIGN.md, "Overlays").</summary>
public sealed class OverlayClientTests
{
    [Fact]
    public void Every_hub_method_goes_out_under_its_DESIGN_name()
    {
        var names = typeof(IOverlayClient).GetMethods()
            .Select(m => m.GetCustomAttribute<HubMethodNameAttribute>()?.Name ?? m.Name)
            .ToHashSet(StringComparer.Ordinal);

        // Every name DESIGN.md promises is there, spelled exactly (the JS listens case-insensitively, the .NET client does not).
        Assert.Superset(new HashSet<string>(["state", "chat", "chatDeleted", "userCleared", "alert", "poll", "qa", "mood", "raffle"]), names);
        Assert.All(typeof(IOverlayClient).GetMethods(), m => Assert.NotNull(m.GetCustomAttribute<HubMethodNameAttribute>()));
    }

    [Fact]
    public async Task A_queued_push_reaches_its_typed_method()
    {
        var client = new RecordingClient();
        var mood = new MoodPayload(0.5, 40, 12.0, 3);

        await client.Send(OverlayMethods.Mood, mood, CancellationToken.None);

        Assert.Equal([("mood", (object)mood)], client.Calls);
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.Send("nothing", mood, CancellationToken.None));
    }

    private sealed class RecordingClient : IOverlayClient
    {
        public List<(string, object)> Calls { get; } = [];

        private Task Record(string name, object payload)
        {
            Calls.Add((name, payload));
            return Task.CompletedTask;
        }

        public Task State(StatePayload state, CancellationToken cancellationToken) => Record("state", state);
        public Task Chat(ChatPayload message, CancellationToken cancellationToken) => Record("chat", message);
        public Task ChatDeleted(ChatDeletedPayload deleted, CancellationToken cancellationToken) => Record("chatDeleted", deleted);
        public Task UserCleared(UserClearedPayload cleared, CancellationToken cancellationToken) => Record("userCleared", cleared);
        public Task Poll(LiveBuddy.Core.Polls.PollPayload poll, CancellationToken cancellationToken) => Record("poll", poll);
        public Task Qa(LiveBuddy.Core.Qa.QaPayload queue, CancellationToken cancellationToken) => Record("qa", queue);
        public Task Alert(LiveBuddy.Core.Alerts.AlertPayload alert, CancellationToken cancellationToken) => Record("alert", alert);
        public Task Mood(MoodPayload mood, CancellationToken cancellationToken) => Record("mood", mood);
        public Task Raffle(LiveBuddy.Core.Raffles.RafflePayload raffle, CancellationToken cancellationToken) => Record("raffle", raffle);
        public Task Moment(MomentDetected moment, CancellationToken cancellationToken) => Record("moment", moment);
        public Task Goals(LiveBuddy.Core.Goals.GoalsPayload goals, CancellationToken cancellationToken) => Record("goals", goals);
        public Task Credits(LiveBuddy.Core.Credits.CreditsPayload credits, CancellationToken cancellationToken) => Record("credits", credits);
        public Task HypeTrain(LiveBuddy.Core.HypeTrain.HypeTrainPayload train, CancellationToken cancellationToken) => Record("hypeTrain", train);
    }
}
