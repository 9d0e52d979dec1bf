using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Mood;

/// <summary>The <c>mood</c> hub payload.</summary>
/// <param name="Sentiment">Average message sentiment over the recent window, -1..1 (0 with no scored message).</param>
/// <param name="Engagement">0..100: 50 is chat at its usual pace for this stream, 100 twice (or more) that, 0 silence.</param>
/// <param name="MessagesPerMinute">Messages per minute over the recent window.</param>
/// <param name="Chatters">Different viewers (per platform) who wrote in the recent window.</param>
public sealed record MoodPayload(double Sentiment, int Engagement, double MessagesPerMinute, int Chatters);

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
    private readonly Queue<(DateTimeOffset At, string Chatter, float? Sentiment)> _recent = new();
    // One slot per second of the baseline window: memory stays fixed however busy chat gets.
    private readonly long[] _slotSecond;
    private readonly int[] _slotCount;
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
            case ChatMessage chat:
                _firstMessage ??= now;
                _recent.Enqueue((now, $"{chat.Platform.ToWire()}:{chat.Author.Id}", chat.Score?.Value));
                var second = now.ToUnixTimeSeconds();
                var slot = (int)(((second % _slotSecond.Length) + _slotSecond.Length) % _slotSecond.Length);
                if (_slotSecond[slot] != second)
                {
                    _slotSecond[slot] = second;
                    _slotCount[slot] = 0;
                }
                _slotCount[slot]++;
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
        while (_recent.Count > 0 && now - _recent.Peek().At >= _options.Window) _recent.Dequeue();

        var scored = 0;
        var sum = 0.0;
        var chatters = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, chatter, sentiment) in _recent)
        {
            chatters.Add(chatter);
            if (sentiment is not { } value) continue;
            scored++;
            sum += Math.Clamp(value, -1, 1);
        }
        var windowMinutes = _options.Window.TotalMinutes;
        var perMinute = _recent.Count / windowMinutes;

        // Baseline: the usual pace over the longer window, or over the time chat has existed when that is shorter.
        var nowSecond = now.ToUnixTimeSeconds();
        var baselineSeconds = _slotSecond.Length;
        var inBaseline = 0;
        for (var i = 0; i < _slotSecond.Length; i++)
            if (nowSecond - _slotSecond[i] < baselineSeconds) inBaseline += _slotCount[i];
        var observed = _firstMessage is { } first ? (now - first).TotalMinutes : 0;
        var baselineMinutes = Math.Clamp(observed, windowMinutes, baselineSeconds / 60.0);
        var usual = inBaseline / baselineMinutes;
        var engagement = usual <= 0 ? 0 : (int)Math.Round(Math.Clamp(50 * perMinute / usual, 0, 100));

        return new MoodPayload(
            scored == 0 ? 0 : Math.Round(sum / scored, 2),
            engagement,
            Math.Round(perMinute, 1),
            chatters.Count);
    }
}
