using Microsoft.Extensions.Options;

namespace LiveBuddy.YouTube.Chat;

/// <summary>Quota units per call, from Google's quota table.</summary>
internal static class QuotaCost
{
    public const int ChatList = 5;
    /// <summary>Each streamList call (each open of a stream), per its reference page.</summary>
    public const int StreamList = 5;
    public const int VideosList = 1;
    public const int BroadcastsList = 1;
    public const int Write = 50;
}

/// <summary>
/// The day's YouTube quota, shared by the reader and the writers. Reading never spends the write reserve;
/// writes may spend everything left. The day turns over at midnight Pacific time, as Google's counter does.
/// Thread-safe: the reader loop and the chat sender call it concurrently.
/// </summary>
internal sealed class QuotaBudget
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly TimeZoneInfo _pacific;
    private readonly int _dailyQuota;
    private readonly int _writeReserve;
    private DateTimeOffset _resetAt;
    private int _used;
    private bool _exceeded;

    public QuotaBudget(IOptions<YouTubeOptions> options, TimeProvider time)
    {
        _time = time;
        _dailyQuota = Math.Max(0, options.Value.DailyQuota);
        _writeReserve = Math.Clamp(options.Value.WriteReserve, 0, _dailyQuota);
        _pacific = PacificTime();
        _resetAt = NextPacificMidnight(time.GetUtcNow(), _pacific);
    }

    public int DailyQuota => _dailyQuota;

    public int Used { get { lock (_lock) { Roll(); return _used; } } }

    public int Left { get { lock (_lock) { Roll(); return Math.Max(0, _dailyQuota - _used); } } }

    /// <summary>Units the reader may still spend today without touching the write reserve.</summary>
    public int ReadLeft { get { lock (_lock) { Roll(); return ReadLeftLocked(); } } }

    public DateTimeOffset ResetAt { get { lock (_lock) { Roll(); return _resetAt; } } }

    /// <summary>Google said quotaExceeded: nothing more until the reset, whatever our own count says.</summary>
    public bool Exceeded { get { lock (_lock) { Roll(); return _exceeded; } } }

    /// <summary>Takes <paramref name="units"/> for a read if the read budget has them.</summary>
    public bool TryChargeRead(int units)
    {
        lock (_lock)
        {
            Roll();
            if (_exceeded || ReadLeftLocked() < units) return false;
            _used += units;
            return true;
        }
    }

    /// <summary>Takes <paramref name="units"/> for a write (reply, delete, ban) from whatever is left, reserve included.</summary>
    public bool TryChargeWrite(int units)
    {
        lock (_lock)
        {
            Roll();
            if (_exceeded || _dailyQuota - _used < units) return false;
            _used += units;
            return true;
        }
    }

    public void MarkExceeded()
    {
        lock (_lock)
        {
            Roll();
            _exceeded = true;
        }
    }

    /// <summary>
    /// How long to wait between chat polls so the read budget lasts: the remaining read units, less the viewer
    /// samples still planned, spread over the rest of the expected stream (or until the daily reset, if sooner).
    /// Never below the server's <c>pollingIntervalMillis</c>. <paramref name="chats"/> active chats share the budget.
    /// </summary>
    public TimeSpan PollInterval(TimeSpan serverMinimum, TimeSpan streamElapsed, TimeSpan expectedLength, TimeSpan sampleInterval, int chats = 1)
    {
        lock (_lock)
        {
            Roll();
            var now = _time.GetUtcNow();
            // Past the expected end, plan for another half hour at a time rather than spending everything at once.
            var remaining = expectedLength - streamElapsed;
            if (remaining < TimeSpan.FromMinutes(30)) remaining = TimeSpan.FromMinutes(30);
            var untilReset = _resetAt - now;
            if (untilReset < remaining) remaining = untilReset;
            if (remaining <= TimeSpan.Zero) return serverMinimum;

            var readLeft = ReadLeftLocked();
            // Viewer samples never plan more than a quarter of what is left: chat matters more than the count.
            var plannedSamples = sampleInterval > TimeSpan.Zero ? (int)Math.Ceiling(remaining / sampleInterval) * QuotaCost.VideosList : 0;
            var units = readLeft - Math.Min(plannedSamples, readLeft / 4);
            var polls = units / (QuotaCost.ChatList * Math.Max(1, chats));
            if (polls <= 0) return remaining; // nothing left to spread: wait for the reset (or the end)
            var spread = remaining / polls;
            return spread > serverMinimum ? spread : serverMinimum;
        }
    }

    private int ReadLeftLocked() => Math.Max(0, _dailyQuota - _writeReserve - _used);

    private void Roll()
    {
        var now = _time.GetUtcNow();
        if (now < _resetAt) return;
        _used = 0;
        _exceeded = false;
        _resetAt = NextPacificMidnight(now, _pacific);
    }

    /// <summary>The next midnight in Pacific time after <paramref name="now"/>, as a UTC instant.</summary>
    internal static DateTimeOffset NextPacificMidnight(DateTimeOffset now, TimeZoneInfo pacific)
    {
        var local = TimeZoneInfo.ConvertTime(now, pacific);
        var nextDay = local.Date.AddDays(1);
        var offset = pacific.GetUtcOffset(nextDay);
        return new DateTimeOffset(nextDay, offset).ToUniversalTime();
    }

    internal static TimeZoneInfo PacificTime()
    {
        // InvariantGlobalization does not remove time-zone data: Linux reads /usr/share/zoneinfo, Windows maps the
        // IANA id. Without tz data at all, a fixed UTC-8 is at most an hour off in summer.
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("Pacific (fixed UTC-8)", TimeSpan.FromHours(-8), "Pacific", "Pacific");
        }
    }
}
