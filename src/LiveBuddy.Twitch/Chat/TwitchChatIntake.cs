using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Twitch.Chat;

/// <summary>
/// The one door Twitch chat goes through to the pipeline, whichever connection read it (IRC or EventSub). It owns
/// the Twitch-side duplicate check: a line delivered twice (a RECONNECT handover, IRC and EventSub both running, or
/// the same Shared Chat line seen in both rooms) goes on once. It marks partner lines as taking part when
/// <c>Twitch:SharedChat:Participate</c> is on, and remembers recent partner line ids so a reply to one stays in our room.
/// </summary>
public sealed class TwitchChatIntake
{
    private readonly EventIngress _ingress;
    private readonly IOptionsMonitor<TwitchOptions> _options;
    private readonly RecentEventIds _recent = new(16_384);
    private readonly HashSet<string> _partnerLines = new(StringComparer.Ordinal);
    private readonly Queue<string> _partnerOrder = new();
    private readonly Lock _lock = new();
    private readonly Counter _duplicates;
    private readonly Counter _partner;

    public TwitchChatIntake(EventIngress ingress, IOptionsMonitor<TwitchOptions> options, Counters counters)
    {
        _ingress = ingress;
        _options = options;
        _duplicates = counters.Get("twitch.chat.duplicates");
        _partner = counters.Get("twitch.chat.shared_partner_lines");
    }

    /// <summary>Publishes one read's events in order, less those already delivered.</summary>
    public ValueTask PublishAllAsync(List<StreamEvent> events, CancellationToken cancellationToken)
    {
        var participate = _options.CurrentValue.SharedChat.Participate;
        var duplicates = 0;
        lock (_lock)
        {
            for (var i = 0; i < events.Count; i++)
            {
                if (!Admit(events[i]))
                {
                    duplicates++;
                    events[i] = null!;
                    continue;
                }
                if (events[i] is ChatMessage { SharedFrom: { } source } chat)
                {
                    _partner.Increment();
                    RememberPartnerLine(chat.Id);
                    if (participate) events[i] = chat with { SharedFrom = source with { Participates = true } };
                }
            }
        }
        if (duplicates > 0)
        {
            events.RemoveAll(e => e is null);
            _duplicates.Add(duplicates);
        }
        return events.Count == 0 ? ValueTask.CompletedTask : _ingress.PublishAllAsync(events, cancellationToken);
    }

    /// <summary>Publishes one event unless it was already delivered.</summary>
    public ValueTask PublishAsync(StreamEvent streamEvent, CancellationToken cancellationToken) =>
        PublishAllAsync([streamEvent], cancellationToken);

    /// <summary>True when <paramref name="messageId"/> is a recent line from a Shared Chat partner channel.</summary>
    public bool IsPartnerLine(string messageId)
    {
        lock (_lock) return _partnerLines.Contains(messageId);
    }

    private void RememberPartnerLine(string id)
    {
        if (!_partnerLines.Add(id)) return;
        _partnerOrder.Enqueue(id);
        if (_partnerOrder.Count > 4_096) _partnerLines.Remove(_partnerOrder.Dequeue());
    }

    // A partner line is known by its id in the partner's room, which is also the id it has when we read that room itself.
    private bool Admit(StreamEvent e) =>
        _recent.Add(e is ChatMessage { SharedFrom.MessageId: { Length: > 0 } sourceId } ? new EventKey(Platform.Twitch, sourceId) : e.Key);
}
