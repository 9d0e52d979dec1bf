using LiveBuddy.Core.Events;
using LiveBuddy.Core.HypeTrain;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Alerts;

/// <summary>The <c>alert</c> hub payload.</summary>
/// <param name="Id">Alert id (<c>{platform}:{platform event id}</c>, or <c>test:{n}</c>); a replay keeps the id.</param>
/// <param name="Platform">Where it happened.</param>
/// <param name="Kind">camelCase kind: <c>follow</c>, <c>subscription</c>, <c>resubscription</c>, <c>giftSubscription</c>, <c>giftBomb</c>, <c>bits</c>, <c>raid</c>, <c>redemption</c>, <c>superChat</c>, <c>superSticker</c>, <c>membership</c>, <c>membershipMilestone</c>, <c>membershipGift</c>, <c>membershipGiftReceived</c>, <c>hypeTrain</c>, <c>announcement</c>, <c>tip</c>, <c>gift</c> (a YouTube gift bought with Jewels), <c>other</c>.</param>
/// <param name="Author">Display name of who did it; null for anonymous gifts.</param>
/// <param name="Amount">Money or bits.</param>
/// <param name="Currency">ISO currency, or <c>BITS</c>.</param>
/// <param name="Count">Gifts, raid viewers or months.</param>
/// <param name="Message">The viewer's message, blanked (null) when the filters flag it.</param>
/// <param name="SentAt">Platform send time, ms since the Unix epoch.</param>
/// <param name="Tier">Sub tier or membership level, when given.</param>
/// <param name="Recipient">Display name of who received a single gift.</param>
/// <param name="Replay">True when a moderator replays it from the control page.</param>
/// <param name="Test">True for a test alert.</param>
/// <param name="HypeTrain">For <c>hypeTrain</c> alerts: the train at its begin or end (phase, level, total, top contributors).</param>
/// <param name="ItemName">Name of what was given (a YouTube gift's name), for <c>gift</c> alerts.</param>
/// <param name="ImageUrl">Picture of what was given (a YouTube gift's image, http/https only), for the overlay.</param>
public sealed record AlertPayload(
    string Id,
    Platform Platform,
    string Kind,
    string? Author,
    decimal? Amount,
    string? Currency,
    int? Count,
    string? Message,
    long SentAt,
    string? Tier = null,
    string? Recipient = null,
    bool Replay = false,
    bool Test = false,
    HypeTrainPayload? HypeTrain = null,
    string? ItemName = null,
    string? ImageUrl = null);

/// <summary>The <c>alerts</c> part of the <c>state</c> snapshot: the latest alerts, newest first.</summary>
public sealed record AlertsSnapshot(IReadOnlyList<AlertPayload> Recent);

/// <summary>
/// An alert to show: pushed as <c>alert</c> (only to overlays showing its platform; test alerts to all) and stored
/// (skip <see cref="AlertPayload.Replay"/> and <see cref="AlertPayload.Test"/> ones when counting support).
/// </summary>
public sealed record AlertAnnounced(AlertPayload Alert) : LiveUpdate, IOverlayPush
{
    public string Method => "alert";
    public object Payload => Alert;
    // Test alerts and tips (not any one platform's) go to every overlay.
    public Platform? Platform => Alert.Test || Alert.Platform == Events.Platform.Tips ? null : Alert.Platform;
}

/// <summary>Show an announced alert again. Result: the <see cref="AlertPayload"/> or <see cref="ControlError"/>.</summary>
public sealed record ReplayAlert(string AlertId) : ControlRequest;

/// <summary>Show a made-up alert of this kind (setting up overlays). Result: the <see cref="AlertPayload"/>.</summary>
public sealed record TestAlert(AlertKind Kind, Platform Platform = Platform.Demo) : ControlRequest;
