using LiveBuddy.Core.Events;
using LiveBuddy.Core.Moments;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Scoring.Emotes;
using LiveBuddy.Scoring.Highlights;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Scoring.Moments;

/// <summary>A live moment for overlays: pushed as hub method <c>moment</c>.</summary>
public sealed record MomentPush(MomentDetected Moment) : LiveUpdate, IOverlayPush
{
    public string Method => "moment";
    public object Payload => Moment;
}

/// <summary>
/// Live moment detection: counts the session's chat per second and, every few seconds, runs the same
/// <see cref="MomentFinder"/> the report uses. A burst is announced once, as soon as it is found (its first hot
/// ten seconds), on the <see cref="MomentFeed"/> (markers, clips, OBS, Discord) and to overlays as <c>moment</c>.
/// Cheap: the finder walks one integer per second of the session.
/// </summary>
public sealed class MomentWatcher(EmoteTableSource emotes, MomentFeed feed, IOptions<HighlightOptions> options) : IStreamFeature
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(5);
    private readonly MomentFinder _finder = new(options);
    private readonly HashSet<DateTimeOffset> _announced = [];
    private readonly HashSet<Platform> _platforms = [];
    private ChatSeconds? _chat;
    private string? _sessionId;
    private DateTimeOffset _lastLook = DateTimeOffset.MinValue;
    private volatile MomentPush? _latest; // read by overlays connecting on other threads

    /// <summary>The latest moment, for an overlay that just connected.</summary>
    public OverlaySnapshot? Snapshot() => _latest is { } push ? new("moment", push.Moment) : null;

    public void Handle(PipelineInput input, FeatureContext context)
    {
        var now = context.Now;
        var sessionId = context.Session?.Id;
        if (_chat is null || sessionId != _sessionId)
        {
            _chat = new ChatSeconds(now);
            _sessionId = sessionId;
            _announced.Clear();
            _platforms.Clear();
        }
        switch (input)
        {
            case ChatMessage chat when chat.TakesPart: // a Shared Chat partner's burst is theirs, as in the report
                _chat.Add(chat.SentAt <= now ? chat.SentAt : now, chat.Text, emotes.Current);
                _platforms.Add(chat.Platform);
                break;
            case Tick when now - _lastLook >= Every:
                _lastLook = now;
                foreach (var moment in _finder.Find(_chat))
                {
                    if (!_announced.Add(moment.ChatOnset)) continue;
                    var detected = new MomentDetected(
                        $"{sessionId ?? "live"}:{moment.ChatOnset.ToUnixTimeSeconds()}", moment.Kind, moment.At, now, moment.Reason,
                        sessionId, [.. _platforms.Order()], moment.Messages, moment.TopEmotes);
                    var push = new MomentPush(detected);
                    _latest = push;
                    feed.Publish(detected);
                    context.Emit(push);
                }
                break;
        }
    }
}
