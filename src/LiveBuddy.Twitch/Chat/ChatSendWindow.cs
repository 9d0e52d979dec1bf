namespace LiveBuddy.Twitch.Chat;

/// <summary>
/// Twitch's chat send limit as a sliding window: at most 20 messages per 30 s, or 100 where the bot is a moderator
/// or the broadcaster. Counted per bot account across channels, as Twitch counts it.
/// </summary>
public sealed class ChatSendWindow(TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);
    public const int ViewerLimit = 20;
    public const int ModeratorLimit = 100;

    private readonly List<DateTimeOffset> _sent = new(ModeratorLimit);
    private readonly Lock _lock = new();

    /// <summary>Takes a slot now and returns <see cref="TimeSpan.Zero"/>, or returns how long to wait before asking again.</summary>
    public TimeSpan TryTake(bool moderator, DateTimeOffset pausedUntil = default)
    {
        var now = time.GetUtcNow();
        if (pausedUntil > now) return pausedUntil - now;
        var limit = moderator ? ModeratorLimit : ViewerLimit;
        lock (_lock)
        {
            var expired = 0;
            while (expired < _sent.Count && _sent[expired] + Window <= now) expired++;
            if (expired > 0) _sent.RemoveRange(0, expired);
            if (_sent.Count < limit)
            {
                _sent.Add(now);
                return TimeSpan.Zero;
            }
            // The slot frees when the send that put us at the limit leaves the window.
            return _sent[_sent.Count - limit] + Window - now;
        }
    }

    /// <summary>Waits (on the injected clock) until a slot is free, then takes it.</summary>
    public async ValueTask WaitTurnAsync(bool moderator, Func<DateTimeOffset> pausedUntil, CancellationToken cancellationToken)
    {
        while (true)
        {
            var wait = TryTake(moderator, pausedUntil());
            if (wait <= TimeSpan.Zero) return;
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
