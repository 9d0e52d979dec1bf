using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Privacy;

/// <summary>
/// A viewer is being erased (<c>!forgetme</c>, <c>DELETE /api/viewers/{platform}/{userId}</c>): every feature that
/// holds them in memory lets go before storage deletes what it has, so nothing of theirs is written, rolled in the
/// credits or drawn afterwards: the points bank drops their balance, the raffle their entry, the credits their name.
/// No feature answers; the pipeline completes the request once all have seen it.
/// </summary>
/// <param name="Platform">Where they chat.</param>
/// <param name="UserId">Their id on that platform.</param>
/// <param name="DisplayName">The name they chatted under, when the request came from their own chat line; the credits
/// also drop entries carried over a restart by that name (those have no id).</param>
public sealed record EraseViewer(Platform Platform, string UserId, string? DisplayName = null) : ControlRequest;
