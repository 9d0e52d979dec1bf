namespace LiveBuddy.Core.Moments;

/// <summary>
/// A replay buffer the streaming software (OBS) saved for a moment or a moderator's <c>!replay</c>, or failed to save;
/// the report lists it with its moment, a failed one with why.
/// </summary>
/// <param name="Path">The file OBS wrote; null when nothing was saved.</param>
/// <param name="At">When it was saved.</param>
/// <param name="SessionId">The session it belongs to.</param>
/// <param name="MomentId">The moment it was saved for; null for <c>!replay</c>.</param>
/// <param name="Kind">The moment's kind (<c>hype</c>, <c>funny</c>…), or <c>replay</c> for a moderator's save.</param>
/// <param name="Reason">The moment's one-line reason, or who asked.</param>
/// <param name="Failure">Why nothing was saved ("OBS is not connected", "OBS's replay buffer is not running"…); null when saved.</param>
public sealed record SavedReplay(string? Path, DateTimeOffset At, string? SessionId, string? MomentId, string Kind, string Reason, string? Failure = null);
