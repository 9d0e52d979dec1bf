using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Sessions;

/// <summary>A stream session: from going live (or the first chat) to going offline, silence or shutdown.</summary>
public sealed record SessionInfo
{
    public required string Id { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public IReadOnlySet<Platform> Platforms { get; init; } = new HashSet<Platform>();
    public string? Title { get; init; }
    /// <summary>The game or category, when a platform told it.</summary>
    public string? Category { get; init; }
    /// <summary>Time of the last event seen in this session; a restart within the grace period continues it.</summary>
    public DateTimeOffset LastActivityAt { get; init; }
}

public sealed record SessionStarted(SessionInfo Session, bool Resumed) : LiveUpdate;
public sealed record SessionChanged(SessionInfo Session) : LiveUpdate;
public sealed record SessionEnded(SessionInfo Session, string Reason) : LiveUpdate;

/// <summary>
/// The streaming software (OBS) started or stopped its stream output. A liveness signal for sessions when no
/// platform reports liveness (anonymous Twitch chat, API-key YouTube): it starts a session and ends it again.
/// </summary>
/// <param name="Live">True when the stream output started.</param>
/// <param name="Source">Which software said so (<c>obs</c>), for the end reason.</param>
/// <param name="Stopped">True when the streamer stopped the stream (ends the session); false when the software was
/// only found not streaming after a reconnect (OBS crashed and came back): then the silence rule decides.</param>
public sealed record EncoderLiveChanged(bool Live, string Source, bool Stopped = true) : PipelineInput;

/// <summary>Session rules from DESIGN.md, as options.</summary>
public sealed record SessionRules
{
    /// <summary>A session with no event for this long ends; a restart within it continues the same session.</summary>
    public TimeSpan Silence { get; init; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Decides when sessions start and end. Starts on <see cref="StreamOnline"/>, the streaming software going live
/// (<see cref="EncoderLiveChanged"/>) or, when liveness is not known, the first chat; ends on
/// <see cref="StreamOffline"/> of the last live platform (or the software stopping when no platform reports), after
/// <see cref="SessionRules.Silence"/> with no event, or at shutdown.
/// </summary>
public sealed class SessionTracker(TimeProvider time, SessionRules options, SessionInfo? resumable = null)
{
    private readonly HashSet<Platform> _live = [];
    private bool _encoderLive;
    private SessionInfo? _resumable = resumable;
    private DateTimeOffset _lastActivity;

    public SessionInfo? Current { get; private set; }

    /// <summary>The stored session a restart may continue, as it was found at start (features restore their state from it).</summary>
    public SessionInfo? ResumableAtStart { get; } = resumable;

    /// <summary>Updates session state for one event; emits start/change/end updates into <paramref name="updates"/>.</summary>
    public void Observe(PipelineInput input, List<LiveUpdate> updates)
    {
        // An event's own receive time, so a replayed capture keeps its recorded session times.
        var now = input is StreamEvent received ? received.ReceivedAt : time.GetUtcNow();
        switch (input)
        {
            case StreamOnline online:
                _live.Add(online.Platform);
                EnsureStarted(online.Platform, now, updates, online.Title, online.Category);
                break;
            case StreamOffline offline:
                _live.Remove(offline.Platform);
                if (Current is not null && _live.Count == 0)
                    End(now, $"{offline.Platform.ToWire()} went offline", updates);
                break;
            case EncoderLiveChanged { Live: true }:
                _encoderLive = true;
                if (Current is null) EnsureStarted(null, now, updates, null);
                break;
            case EncoderLiveChanged encoder:
                _encoderLive = false;
                // A platform that reports liveness itself decides; the encoder only speaks when none does.
                if (encoder.Stopped && Current is not null && _live.Count == 0) End(now, $"{encoder.Source} stopped streaming", updates);
                break;
            case Alert { Platform: Platform.Tips }:
                // A tip is money, not a sign the stream is on: it never starts a session, but keeps one alive.
                if (Current is not null) _lastActivity = now;
                break;
            case ChatMessage or Alert or MessageDeleted or UserCleared:
                var platform = ((StreamEvent)input).Platform;
                EnsureStarted(platform, now, updates, null);
                _lastActivity = now;
                break;
            case Tick:
                if (Current is null) break;
                if (_live.Count == 0 && !_encoderLive && now - _lastActivity >= options.Silence)
                    End(now, "silence", updates);
                else if (Current.LastActivityAt != _lastActivity)
                    Current = Current with { LastActivityAt = _lastActivity }; // once a second, not per message
                break;
        }
    }

    /// <summary>Ends the current session (shutdown).</summary>
    public void Stop(List<LiveUpdate> updates, string reason = "shutdown")
    {
        if (Current is not null) End(time.GetUtcNow(), reason, updates);
    }

    private void EnsureStarted(Platform? platform, DateTimeOffset now, List<LiveUpdate> updates, string? title, string? category = null)
    {
        _lastActivity = now;
        if (Current is null)
        {
            if (_resumable is { } previous && now - previous.LastActivityAt < options.Silence)
            {
                Current = previous with { EndedAt = null, LastActivityAt = now };
                updates.Add(new SessionStarted(Current, Resumed: true));
            }
            else
            {
                Current = new SessionInfo
                {
                    Id = NewId(now),
                    StartedAt = now,
                    Platforms = platform is { } p ? new HashSet<Platform> { p } : new HashSet<Platform>(),
                    Title = title,
                    Category = category,
                    LastActivityAt = now,
                };
                updates.Add(new SessionStarted(Current, Resumed: false));
            }
            _resumable = null;
        }
        if ((platform is { } added && !Current.Platforms.Contains(added)) || (title is not null && Current.Title != title)
            || (category is not null && Current.Category != category))
        {
            var platforms = new HashSet<Platform>(Current.Platforms);
            if (platform is { } one) platforms.Add(one);
            Current = Current with
            {
                Platforms = platforms,
                Title = title ?? Current.Title,
                Category = category ?? Current.Category,
            };
            updates.Add(new SessionChanged(Current));
        }
    }

    private void End(DateTimeOffset now, string reason, List<LiveUpdate> updates)
    {
        var ended = Current! with { EndedAt = now, LastActivityAt = now };
        Current = null;
        _live.Clear();
        _encoderLive = false;
        updates.Add(new SessionEnded(ended, reason));
    }

    private static string NewId(DateTimeOffset now) => now.UtcDateTime.ToString("yyyyMMdd'-'HHmmss", System.Globalization.CultureInfo.InvariantCulture);
}
