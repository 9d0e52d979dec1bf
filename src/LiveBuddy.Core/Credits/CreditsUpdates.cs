using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Credits;

/// <summary>One name in the credits, with what they did (e.g. <c>500 bits</c>, <c>€20.00</c>, <c>42 viewers</c>).</summary>
public sealed record CreditsEntry(string Name, Platform Platform, string? Detail = null);

/// <summary>One block of the credits: <c>followers</c>, <c>subs</c>, <c>gifters</c>, <c>cheerers</c>, <c>superchats</c>, <c>raiders</c>, <c>raffle</c>, <c>chatters</c>.</summary>
public sealed record CreditsSection(string Kind, string Title, IReadOnlyList<CreditsEntry> Entries);

/// <summary>The <c>credits</c> hub payload: the session's supporters to roll, and when the roll started.</summary>
/// <param name="SessionId">The session they are from (null when nothing was live).</param>
/// <param name="RolledAt">When the roll was started, ms since the Unix epoch: a page (re)loaded long after does not roll it again.</param>
/// <param name="Reason"><c>control</c> (started from the control page) or <c>session-end</c>.</param>
/// <param name="Sections">Only sections with names, in the order they roll.</param>
public sealed record CreditsPayload(string? SessionId, long RolledAt, string Reason, IReadOnlyList<CreditsSection> Sections);

/// <summary>The credits roll: pushed to overlays as <c>credits</c>.</summary>
public sealed record CreditsRolled(CreditsPayload Credits) : LiveUpdate, IOverlayPush
{
    public string Method => "credits";
    public object Payload => Credits;
}

/// <summary>From the control page: roll the credits of the current session (or of the one that just ended).</summary>
public sealed record RollCredits : ControlRequest;

/// <summary>From the control page: what the credits would show right now, without rolling them.</summary>
public sealed record PreviewCredits : ControlRequest;
