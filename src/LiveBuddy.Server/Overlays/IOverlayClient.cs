using LiveBuddy.Core.Alerts;
using LiveBuddy.Core.Credits;
using LiveBuddy.Core.Goals;
using LiveBuddy.Core.HypeTrain;
using LiveBuddy.Core.Moments;
using LiveBuddy.Core.Mood;
using LiveBuddy.Core.Polls;
using LiveBuddy.Core.Qa;
using LiveBuddy.Core.Raffles;
using Microsoft.AspNetCore.SignalR;

namespace LiveBuddy.Server.Overlays;

/// <summary>
/// What overlays listen to on <c>/hubs/overlay</c> (server to client). The names are the public contract in DESIGN.md:
/// the overlays' JavaScript listens to them, so each method carries its wire name. A new overlay push adds a method
/// here, a name in <see cref="OverlayMethods"/> and a line in <see cref="OverlayClientCalls.Send"/>.
/// </summary>
public interface IOverlayClient
{
    /// <summary>Sent first on every connect: the session, recent chat and each feature's latest state.</summary>
    [HubMethodName(OverlayMethods.State)]
    Task State(StatePayload state, CancellationToken cancellationToken);

    [HubMethodName(OverlayMethods.Chat)]
    Task Chat(ChatPayload message, CancellationToken cancellationToken);

    [HubMethodName(OverlayMethods.ChatDeleted)]
    Task ChatDeleted(ChatDeletedPayload deleted, CancellationToken cancellationToken);

    /// <summary>A viewer's lines were removed (timeout, ban), or the whole chat (<c>userId</c> null).</summary>
    [HubMethodName(OverlayMethods.UserCleared)]
    Task UserCleared(UserClearedPayload cleared, CancellationToken cancellationToken);

    [HubMethodName(OverlayMethods.Poll)]
    Task Poll(PollPayload poll, CancellationToken cancellationToken);

    [HubMethodName(OverlayMethods.Qa)]
    Task Qa(QaPayload queue, CancellationToken cancellationToken);

    [HubMethodName(OverlayMethods.Alert)]
    Task Alert(AlertPayload alert, CancellationToken cancellationToken);

    [HubMethodName(OverlayMethods.Mood)]
    Task Mood(MoodPayload mood, CancellationToken cancellationToken);

    /// <summary>A raffle winner was drawn; the alerts overlay shows it.</summary>
    [HubMethodName(OverlayMethods.Raffle)]
    Task Raffle(RafflePayload raffle, CancellationToken cancellationToken);

    /// <summary>Chat just had a moment (hype, funny, sad, shock, wholesome, angry), with its onset and one-line reason.</summary>
    [HubMethodName(OverlayMethods.Moment)]
    Task Moment(MomentDetected moment, CancellationToken cancellationToken);

    /// <summary>The goal bars (one per kind) after progress, a new target or a reset.</summary>
    [HubMethodName(OverlayMethods.Goals)]
    Task Goals(GoalsPayload goals, CancellationToken cancellationToken);

    /// <summary>Roll the end credits (from the control page, or the session ended).</summary>
    [HubMethodName(OverlayMethods.Credits)]
    Task Credits(CreditsPayload credits, CancellationToken cancellationToken);

    /// <summary>A Twitch hype train began, moved on or ended: level, progress towards the next, top contributors.</summary>
    [HubMethodName(OverlayMethods.HypeTrain)]
    Task HypeTrain(HypeTrainPayload train, CancellationToken cancellationToken);
}

/// <summary>Hub method names overlays listen to (DESIGN.md). Features name theirs in <see cref="LiveBuddy.Core.Pipeline.IOverlayPush.Method"/>.</summary>
public static class OverlayMethods
{
    public const string State = "state";
    public const string Chat = "chat";
    public const string ChatDeleted = "chatDeleted";
    public const string UserCleared = "userCleared";
    public const string Poll = "poll";
    public const string Qa = "qa";
    public const string Alert = "alert";
    public const string Mood = "mood";
    public const string Raffle = "raffle";
    public const string Moment = "moment";
    public const string Goals = "goals";
    public const string Credits = "credits";
    public const string HypeTrain = "hypeTrain";
}

/// <summary>Turns a queued push (method name and payload) into the typed call.</summary>
public static class OverlayClientCalls
{
    public static Task Send(this IOverlayClient client, string method, object payload, CancellationToken cancellationToken) => (method, payload) switch
    {
        (OverlayMethods.Chat, ChatPayload chat) => client.Chat(chat, cancellationToken),
        (OverlayMethods.ChatDeleted, ChatDeletedPayload deleted) => client.ChatDeleted(deleted, cancellationToken),
        (OverlayMethods.UserCleared, UserClearedPayload cleared) => client.UserCleared(cleared, cancellationToken),
        (OverlayMethods.Poll, PollPayload poll) => client.Poll(poll, cancellationToken),
        (OverlayMethods.Qa, QaPayload queue) => client.Qa(queue, cancellationToken),
        (OverlayMethods.Alert, AlertPayload alert) => client.Alert(alert, cancellationToken),
        (OverlayMethods.Mood, MoodPayload mood) => client.Mood(mood, cancellationToken),
        (OverlayMethods.Raffle, RafflePayload raffle) => client.Raffle(raffle, cancellationToken),
        (OverlayMethods.Moment, MomentDetected moment) => client.Moment(moment, cancellationToken),
        (OverlayMethods.Goals, GoalsPayload goals) => client.Goals(goals, cancellationToken),
        (OverlayMethods.Credits, CreditsPayload credits) => client.Credits(credits, cancellationToken),
        (OverlayMethods.HypeTrain, HypeTrainPayload train) => client.HypeTrain(train, cancellationToken),
        _ => throw new InvalidOperationException($"No overlay method '{method}' takes a {payload.GetType().Name}: add it to IOverlayClient."),
    };
}
