using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Goals;

/// <summary>What a goal bar counts. Wire names: <c>followers</c>, <c>subs</c>, <c>bits</c>, <c>superchat</c>, <c>points</c>, <c>messages</c>.</summary>
public enum GoalKind { Followers, Subs, Bits, SuperChat, Points, Messages }

/// <summary>One goal as stored and shown.</summary>
/// <param name="Kind">Wire name of the kind (<see cref="GoalKinds.Name"/>).</param>
/// <param name="Label">What the bar says, e.g. "Sub goal: new emote".</param>
/// <param name="Current">Progress so far (Super Chat in <see cref="Currency"/>).</param>
/// <param name="Target">Where the goal is reached; 0 when only the overlay URL's <c>target</c> sets it.</param>
/// <param name="ReachedAt">When progress first reached the target, ms since the Unix epoch; null until then.</param>
/// <param name="Currency">For <c>superchat</c>: the currency counted (others are converted with <c>Goals:Rates</c> or skipped).</param>
public sealed record GoalPayload(string Kind, string Label, decimal Current, long Target, long? ReachedAt, string? Currency = null)
{
    public bool Reached => Target > 0 && Current >= Target;
}

/// <summary>The <c>goals</c> hub payload and snapshot part: every goal, one per kind.</summary>
public sealed record GoalsPayload(IReadOnlyList<GoalPayload> Goals);

/// <summary>Goals changed (progress, a new target, a reset): pushed to overlays as <c>goals</c> and stored.</summary>
public sealed record GoalsChanged(GoalsPayload Goals) : LiveUpdate, IOverlayPush
{
    public string Method => "goals";
    public object Payload => Goals;
}

/// <summary>
/// From the control page: sets a goal's label, target and (optionally) its progress, e.g. to start a sub goal at the
/// count the channel already has, or 0 to start over. Null fields are left as they are.
/// </summary>
public sealed record SetGoal(string Kind, string? Label, long? Target, decimal? Current) : ControlRequest;

public static class GoalKinds
{
    public static string Name(GoalKind kind) => kind switch
    {
        GoalKind.Followers => "followers",
        GoalKind.Subs => "subs",
        GoalKind.Bits => "bits",
        GoalKind.SuperChat => "superchat",
        GoalKind.Points => "points",
        _ => "messages",
    };

    public static bool TryParse(string? name, out GoalKind kind)
    {
        foreach (var k in Enum.GetValues<GoalKind>())
        {
            if (string.Equals(Name(k), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }

    public static string DefaultLabel(GoalKind kind) => kind switch
    {
        GoalKind.Followers => "Follower goal",
        GoalKind.Subs => "Sub goal",
        GoalKind.Bits => "Bits goal",
        GoalKind.SuperChat => "Super Chat goal",
        GoalKind.Points => "Points goal",
        _ => "Chat goal",
    };
}
