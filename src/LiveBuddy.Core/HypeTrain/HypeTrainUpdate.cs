using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.HypeTrain;

/// <summary>Which notification of a hype train this is.</summary>
public enum HypeTrainPhase { Begin, Progress, End }

/// <summary>One of a hype train's top contributors: who, how (<c>bits</c>, <c>subscription</c>, <c>other</c>) and how many points.</summary>
public sealed record HypeTrainContribution(string UserId, string Name, string Kind, long Total);

/// <summary>
/// A hype train began, moved on or ended (Twitch EventSub <c>channel.hype_train.*</c> v2). The figures are the
/// train's as of this notification; Twitch may deliver a progress before its begin, so the tracker orders them.
/// </summary>
public sealed record HypeTrainUpdate : StreamEvent
{
    public required string TrainId { get; init; }
    public required HypeTrainPhase Phase { get; init; }
    /// <summary><c>regular</c>, <c>golden_kappa</c> or <c>treasure</c>, as Twitch names the train's type.</summary>
    public string Type { get; init; } = "regular";
    public int Level { get; init; }
    /// <summary>Points contributed to the whole train.</summary>
    public long Total { get; init; }
    /// <summary>Points towards the next level (0 at the end).</summary>
    public long Progress { get; init; }
    /// <summary>Points the next level needs (0 at the end).</summary>
    public long Goal { get; init; }
    public IReadOnlyList<HypeTrainContribution> TopContributions { get; init; } = [];
    /// <summary>A Shared Chat hype train: the partner channels (logins) riding it with us.</summary>
    public IReadOnlyList<string> SharedWith { get; init; } = [];
    public bool IsShared { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public DateTimeOffset? CooldownEndsAt { get; init; }
    /// <summary>The channel's record for this type of train (begin only).</summary>
    public int? AllTimeHighLevel { get; init; }
    public long? AllTimeHighTotal { get; init; }
}

/// <summary>
/// The <c>hypeTrain</c> hub payload (and the <c>hypeTrain</c> field of a hype-train <c>alert</c>): <c>id</c>, <c>phase</c>
/// (<c>begin</c>|<c>progress</c>|<c>end</c>), <c>type</c> (<c>regular</c>|<c>golden_kappa</c>|<c>treasure</c>), <c>level</c>,
/// <c>total</c>, <c>progress</c> and <c>goal</c> (points towards the next level), <c>percent</c> (0..100, 100 at the end),
/// <c>topContributors</c> [{<c>userId</c>, <c>name</c>, <c>kind</c>, <c>total</c>}], <c>shared</c> and <c>sharedWith</c>
/// (a Shared Chat train), times in ms since the Unix epoch (<c>expiresAt</c> null at the end), <c>allTimeHighLevel</c>.
/// </summary>
public sealed record HypeTrainPayload(
    string Id,
    Platform Platform,
    string Channel,
    string Phase,
    string Type,
    int Level,
    long Total,
    long Progress,
    long Goal,
    int Percent,
    IReadOnlyList<HypeTrainContribution> TopContributors,
    bool Shared,
    IReadOnlyList<string> SharedWith,
    long StartedAt,
    long? ExpiresAt,
    long? EndedAt,
    long? CooldownEndsAt,
    int? AllTimeHighLevel)
{
    public static HypeTrainPayload From(HypeTrainUpdate u) => new(
        u.TrainId, u.Platform, u.Channel, PhaseName(u.Phase), u.Type, u.Level, u.Total, u.Progress, u.Goal,
        u.Phase == HypeTrainPhase.End ? 100 : u.Goal <= 0 ? 0 : (int)Math.Clamp(u.Progress * 100 / u.Goal, 0, 100),
        u.TopContributions, u.IsShared, u.SharedWith,
        u.StartedAt.ToUnixTimeMilliseconds(), u.Phase == HypeTrainPhase.End ? null : u.ExpiresAt?.ToUnixTimeMilliseconds(),
        u.EndedAt?.ToUnixTimeMilliseconds(), u.CooldownEndsAt?.ToUnixTimeMilliseconds(), u.AllTimeHighLevel);

    public static string PhaseName(HypeTrainPhase phase) => phase switch
    {
        HypeTrainPhase.Begin => "begin",
        HypeTrainPhase.Progress => "progress",
        _ => "end",
    };

    public bool Ended => Phase == "end";
}

/// <summary>A hype train changed: pushed to overlays as <c>hypeTrain</c> (the alerts overlay shows its progress bar).</summary>
public sealed record HypeTrainChanged(HypeTrainPayload Train) : LiveUpdate, IOverlayPush
{
    public string Method => "hypeTrain";
    public object Payload => Train;
    public Platform? Platform => Train.Platform;
}
