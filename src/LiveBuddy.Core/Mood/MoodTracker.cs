using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Mood;

/// <summary>The <c>mood</c> hub payload.</summary>
/// <param name="Sentiment">Average message sentiment over the recent window, -1..1 (0 with no scored message).</param>
/// <param name="Engagement">0..100: 50 is chat at its usual pace for this stream, 100 twice (or more) that, 0 silence.</param>
/// <param name="MessagesPerMinute">Messages per minute over the recent window.</param>
/// <param name="Chatters">Different viewers (per platform) who wrote in the recent window.</param>
/// <param name="Viewers">Concurrent viewers across platforms, each platform's last count carried forward (<see cref="LiveAudience"/>); null until one reports.</param>
/// <param name="Likes">The streams' likes so far (YouTube); null when no platform reports likes.</param>
public sealed record MoodPayload(double Sentiment, int Engagement, double MessagesPerMinute, int Chatters, int? Viewers = null, int? Likes = null);

/// <summary>Chat mood changed: pushed to overlays as <c>mood</c>.</summary>
public sealed record MoodChanged(MoodPayload Mood) : LiveUpdate, IOverlayPush
{
    public string Method => "mood";
    public object Payload => Mood;
}

/// <summary>
/// A live estimate of how chat feels and how busy it is, from both platforms together. Engagement here is a
/// simple rate-versus-baseline figure for the overlay; the engagement model for reports lives in scoring.
/// </summary>
public sealed class MoodTracker : IStreamFeature
{
    private readonly MoodOptions _options;
    // One slot per second of the longer window (messages, scored messages, their sentiment sum): memory and the work
    // per measurement stay fixed however busy chat gets. A flood of 50,000 lines a second once made a per-message
    // queue here hold millions of entries and walk them all every tick.
    private readonly long[] _slotSecond;
    private readonly int[] _slotCount;
    private readonly int[] _slotScored;
    private readonly double[] _slotSentiment;
    // Who wrote when, per viewer: bounded by the number of different chatters in the window, not by messages.
    private readonly Dictionary<(Platform, string), long> _lastSecondBy = [];
    private readonly LiveAudience _audience = new();
    private DateTimeOffset? _firstMessage;
    private DateTimeOffset _lastPush = DateTimeOffset.MinValue;
    private volatile MoodPayload _current = new(0, 0, 0, 0); // read by overlays connecting on other threads
    private MoodPayload? _pushed;

    public MoodTracker(MoodOptions options)
    {
        _options = options;
        var seconds = Math.Max(1, (int)Math.Ceiling(Math.Max(options.Baseline.TotalSeconds, options.Window.TotalSeconds)));
        _slotSecond = new long[seconds];
        _slotCount = new int[seconds];
        _slotScored = new int[seconds];
        _slotSentiment = new double[seconds];
        Array.Fill(_slotSecond, long.MinValue);
    }

    public MoodPayload Current => _current;

    /// <summary>The <c>mood</c> snapshot; safe from any thread.</summary>
    public OverlaySnapshot? Snapshot() => new("mood", _current);

    public void Handle(PipelineInput input, FeatureContext context)
    {
        var now = context.Now;
        switch (input)
        {
            case ChatMessage { TakesPart: false }:
                break; // a Shared Chat partner's viewers are not our chatters
            case ChatMessage chat:
                _firstMessage ??= now;
                var second = now.ToUnixTimeSeconds();
                _lastSecondBy[(chat.Platform, chat.Author.Id)] = second;
                var slot = (int)(((second % _slotSecond.Length) + _slotSecond.Length) % _slotSecond.Length);
                if (_slotSecond[slot] != second)
                {
                    _slotSecond[slot] = second;
                    _slotCount[slot] = 0;
                    _slotScored[slot] = 0;
                    _slotSentiment[slot] = 0;
                }
                _slotCount[slot]++;
                if (chat.Score?.Value is { } value)
                {
                    _slotScored[slot]++;
                    _slotSentiment[slot] += Math.Clamp(value, -1, 1);
                }
                break;
            case ViewerCountSample sample:
                _audience.Add(sample);
                break;
            case StreamOffline offline:
                _audience.Remove(offline.Platform, offline.Channel);
                break;
            case Tick:
                _current = Measure(now);
                if (now - _lastPush >= _options.PushInterval && _current != _pushed)
                {
                    _lastPush = now;
                    _pushed = _current;
                    context.Emit(new MoodChanged(_current));
                }
                break;
        }
    }

    private MoodPayload Measure(DateTimeOffset now)
    {
        var nowSecond = now.ToUnixTimeSeconds();
        // Whole seconds: a message counts while it is less than the window old.
        var windowSeconds = Math.Max(1, (long)Math.Ceiling(_options.Window.TotalSeconds));
        var baselineSeconds = _slotSecond.Length;
        int inWindow = 0, scored = 0, inBaseline = 0;
        var sum = 0.0;
        for (var i = 0; i < _slotSecond.Length; i++)
        {
            var age = nowSecond - _slotSecond[i];
            if (age < 0 || age >= baselineSeconds) continue;
            inBaseline += _slotCount[i];
            if (age >= windowSeconds) continue;
            inWindow += _slotCount[i];
            scored += _slotScored[i];
            sum += _slotSentiment[i];
        }

        var chatters = 0;
        List<(Platform, string)>? gone = null;
        foreach (var (viewer, second) in _lastSecondBy)
        {
            if (nowSecond - second < windowSeconds) chatters++;
            else (gone ??= []).Add(viewer);
        }
        if (gone is not null) foreach (var viewer in gone) _lastSecondBy.Remove(viewer);

        var windowMinutes = _options.Window.TotalMinutes;
        var perMinute = inWindow / windowMinutes;

        // Baseline: the usual pace over the longer window, or over the time chat has existed when that is shorter.
        var observed = _firstMessage is { } first ? (now - first).TotalMinutes : 0;
        var baselineMinutes = Math.Clamp(observed, windowMinutes, baselineSeconds / 60.0);
        var usual = inBaseline / baselineMinutes;
        var engagement = usual <= 0 ? 0 : (int)Math.Round(Math.Clamp(50 * perMinute / usual, 0, 100));

        return new MoodPayload(
            scored == 0 ? 0 : Math.Round(sum / scored, 2),
            engagement,
            Math.Round(perMinute, 1),
            chatters,
            _audience.Viewers(now),
            _audience.Likes(now));
    }
}
