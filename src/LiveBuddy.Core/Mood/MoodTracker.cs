using LiveBuddy.Core.Alerts;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Mood;

/// <summary>The <c>mood</c> hub payload.</summary>
/// <param name="Sentiment">Average message sentiment over the recent window, -1..1 (0 with no scored message).</param>
/// <param name="Engagement">
/// 0..100, how lively chat is for an audience this size (see <see cref="LiveEngagement"/>); without a viewer count or an
/// engagement model, 50 is chat at its usual pace for this stream, 100 twice (or more) that, 0 silence.
/// </param>
/// <param name="MessagesPerMinute">Messages per minute over the recent window.</param>
/// <param name="Chatters">Different viewers (per platform) who wrote in the recent window.</param>
/// <param name="Viewers">
/// Concurrent viewers, Twitch and YouTube summed, each stream's last count carried forward for ten minutes
/// (<see cref="LiveAudience"/>); null when unknown.
/// </param>
/// <param name="Participation">Chatters in the recent window per 100 viewers; null when viewers are unknown.</param>
/// <param name="Likes">The streams' likes so far (YouTube); null when no platform reports likes.</param>
public sealed record MoodPayload(double Sentiment, int Engagement, double MessagesPerMinute, int Chatters, int? Viewers = null,
    double? Participation = null, int? Likes = null);

/// <summary>What live engagement is read from: the recent window of chat and the audience watching it.</summary>
/// <param name="MessagesPerMinute">Messages per minute over the recent window.</param>
/// <param name="Chatters">Different chatters in the recent window.</param>
/// <param name="Viewers">Concurrent viewers on all platforms; null when no platform said.</param>
/// <param name="MinuteOfStream">Minutes since the session started (early minutes are naturally quieter).</param>
/// <param name="UsualMessagesPerMinute">This stream's own pace over the longer baseline window (the fallback expectation).</param>
/// <param name="Support">Subs, gifts and money in the recent window (<see cref="Mood.Support"/>).</param>
public sealed record LiveChatMinute(double MessagesPerMinute, int Chatters, int? Viewers, int MinuteOfStream, double UsualMessagesPerMinute,
    Support Support = default);

/// <summary>Reads engagement 0..100 from a minute of live chat (scoring supplies the audience model).</summary>
public delegate double LiveEngagement(LiveChatMinute minute);

/// <summary>Chat mood changed: pushed to overlays as <c>mood</c>.</summary>
public sealed record MoodChanged(MoodPayload Mood) : LiveUpdate, IOverlayPush
{
    public string Method => "mood";
    public object Payload => Mood;
}

/// <summary>
/// A live estimate of how chat feels and how busy it is, from both platforms together. Engagement is read by the
/// <see cref="LiveEngagement"/> the host passes in (the scoring engagement model: chat against what an audience of
/// this size usually writes); without one it is the current rate against this stream's own baseline. Subs, gifts and
/// money in the recent window count too (<see cref="Support"/>); a sub reported by IRC and EventSub, or a gift bomb and
/// its single gifts, count once (<see cref="AlertFold"/>).
/// </summary>
public sealed class MoodTracker : IStreamFeature
{
    private readonly MoodOptions _options;
    private readonly LiveEngagement _engagement;
    private readonly LiveAudience _audience = new();
    private readonly AlertFold _fold = new(TimeSpan.FromMinutes(10));
    // One slot per second of the longer window (messages, scored messages, their sentiment sum): memory and the work
    // per measurement stay fixed however busy chat gets. A flood of 50,000 lines a second once made a per-message
    // queue here hold millions of entries and walk them all every tick.
    private readonly long[] _slotSecond;
    private readonly int[] _slotCount;
    private readonly int[] _slotScored;
    private readonly double[] _slotSentiment;
    private readonly Support[] _slotSupport;
    // Who wrote when, per viewer: bounded by the number of different chatters in the window, not by messages.
    private readonly Dictionary<(Platform, string), long> _lastSecondBy = [];
    private DateTimeOffset? _firstMessage;
    private DateTimeOffset _lastPush = DateTimeOffset.MinValue;
    private volatile MoodPayload _current = new(0, 0, 0, 0); // read by overlays connecting on other threads
    private MoodPayload? _pushed;

    public MoodTracker(MoodOptions options, LiveEngagement? engagement = null)
    {
        _options = options;
        _engagement = engagement ?? AgainstOwnPace;
        var seconds = Math.Max(1, (int)Math.Ceiling(Math.Max(options.Baseline.TotalSeconds, options.Window.TotalSeconds)));
        _slotSecond = new long[seconds];
        _slotCount = new int[seconds];
        _slotScored = new int[seconds];
        _slotSentiment = new double[seconds];
        _slotSupport = new Support[seconds];
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
                var slot = Slot(second);
                _slotCount[slot]++;
                if (chat.Score?.Value is { } value)
                {
                    _slotScored[slot]++;
                    _slotSentiment[slot] += Math.Clamp(value, -1, 1);
                }
                break;
            case Alert alert when _fold.IsNew(alert, now):
                var support = Support.Of(alert);
                if (support != default) _slotSupport[Slot(now.ToUnixTimeSeconds())] += support;
                break;
            case ViewerCountSample sample:
                _audience.Add(sample);
                break;
            case StreamOffline offline:
                _audience.Remove(offline.Platform, offline.Channel);
                break;
            case Tick:
                _current = Measure(now, context.Session?.StartedAt);
                if (now - _lastPush >= _options.PushInterval && _current != _pushed)
                {
                    _lastPush = now;
                    _pushed = _current;
                    context.Emit(new MoodChanged(_current));
                }
                break;
        }
    }

    /// <summary>
    /// Without an audience model: 50 at this stream's usual pace, 100 at twice that or more; subs, gifts and money add up
    /// to 15 points (the share support has in the audience model's reading).
    /// </summary>
    public static double AgainstOwnPace(LiveChatMinute minute)
    {
        ArgumentNullException.ThrowIfNull(minute);
        var chat = minute.UsualMessagesPerMinute <= 0 ? 0 : 50 * minute.MessagesPerMinute / minute.UsualMessagesPerMinute;
        return Math.Clamp(chat + 0.15 * Math.Min(100, minute.Support.Points), 0, 100);
    }

    /// <summary>The slot of this second, emptied first when it last held an older second.</summary>
    private int Slot(long second)
    {
        var slot = (int)(((second % _slotSecond.Length) + _slotSecond.Length) % _slotSecond.Length);
        if (_slotSecond[slot] != second)
        {
            _slotSecond[slot] = second;
            _slotCount[slot] = 0;
            _slotScored[slot] = 0;
            _slotSentiment[slot] = 0;
            _slotSupport[slot] = default;
        }
        return slot;
    }

    private MoodPayload Measure(DateTimeOffset now, DateTimeOffset? sessionStart)
    {
        var nowSecond = now.ToUnixTimeSeconds();
        // Whole seconds: a message counts while it is less than the window old.
        var windowSeconds = Math.Max(1, (long)Math.Ceiling(_options.Window.TotalSeconds));
        var baselineSeconds = _slotSecond.Length;
        int inWindow = 0, scored = 0, inBaseline = 0;
        var sum = 0.0;
        var support = default(Support);
        for (var i = 0; i < _slotSecond.Length; i++)
        {
            var age = nowSecond - _slotSecond[i];
            if (age < 0 || age >= baselineSeconds) continue;
            inBaseline += _slotCount[i];
            if (age >= windowSeconds) continue;
            inWindow += _slotCount[i];
            scored += _slotScored[i];
            sum += _slotSentiment[i];
            support += _slotSupport[i];
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

        var viewers = _audience.Viewers(now);
        var started = sessionStart ?? _firstMessage ?? now;
        var minuteOfStream = (int)Math.Max(0, (now - started).TotalMinutes);
        var engagement = _engagement(new LiveChatMinute(perMinute, chatters, viewers, minuteOfStream, usual, support));

        return new MoodPayload(
            scored == 0 ? 0 : Math.Round(sum / scored, 2),
            (int)Math.Round(Math.Clamp(engagement, 0, 100)),
            Math.Round(perMinute, 1),
            chatters,
            viewers,
            viewers is > 0 ? Math.Round(100.0 * chatters / viewers.Value, 1) : null,
            _audience.Likes(now));
    }
}
