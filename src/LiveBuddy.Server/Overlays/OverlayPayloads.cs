using LiveBuddy.Core.Events;

namespace LiveBuddy.Server.Overlays;

/// <summary>An author as overlays show them.</summary>
public sealed record AuthorPayload(string Id, string Name, string DisplayName, string? Color, IReadOnlyList<BadgePayload> Badges, IReadOnlyList<string> Roles)
{
    public static AuthorPayload From(Author a) => new(a.Id, a.Name, a.DisplayName, a.Color,
        a.Badges.Count == 0 ? [] : a.Badges.Select(b => new BadgePayload(b.Name, b.Version)).ToArray(), a.Roles.ToNames());
}

public sealed record BadgePayload(string Name, string Version);

/// <summary>A text or emote piece of a chat message. Emote images come only from platform emote ids.</summary>
public sealed record FragmentPayload(string Type, string Text, string? EmoteId = null, string? Url = null);

/// <summary>The <c>chat</c> hub payload (DESIGN.md).</summary>
/// <summary>The partner channel of a Twitch Shared Chat line: its id, and its login when Twitch named it.</summary>
public sealed record SharedPayload(string ChannelId, string? Channel);

public sealed record ChatPayload
{
    public required string Id { get; init; }
    public required Platform Platform { get; init; }
    public required string Channel { get; init; }
    public required AuthorPayload Author { get; init; }
    public required string Text { get; init; }
    public required IReadOnlyList<FragmentPayload> Fragments { get; init; }
    /// <summary>Platform send time, ms since the Unix epoch.</summary>
    public long SentAt { get; init; }
    public long ReceivedAt { get; init; }
    /// <summary><c>negative</c>, <c>neutral</c> or <c>positive</c>.</summary>
    public string Sentiment { get; init; } = "neutral";
    public float Score { get; init; }
    public bool Question { get; init; }
    public bool Toxic { get; init; }
    public bool Action { get; init; }
    public bool FirstMessage { get; init; }
    public string? ReplyToId { get; init; }
    /// <summary>Twitch Shared Chat: where a partner channel's line came from (null for our own lines).</summary>
    public SharedPayload? Shared { get; init; }

    public static ChatPayload From(ChatMessage m)
    {
        var score = m.Score ?? MessageScore.Neutral;
        IReadOnlyList<FragmentPayload> fragments;
        if (m.Fragments.Count == 0)
        {
            fragments = [new FragmentPayload("text", m.Text)];
        }
        else
        {
            var list = new FragmentPayload[m.Fragments.Count];
            for (var i = 0; i < list.Length; i++)
            {
                var f = m.Fragments[i];
                list[i] = f.Emote is { } e ? new FragmentPayload("emote", f.Text, e.Id, e.ImageUrl) : new FragmentPayload("text", f.Text);
            }
            fragments = list;
        }
        return new ChatPayload
        {
            Id = m.Id,
            Platform = m.Platform,
            Channel = m.Channel,
            Author = AuthorPayload.From(m.Author),
            Text = m.Text,
            Fragments = fragments,
            SentAt = m.SentAt.ToUnixTimeMilliseconds(),
            ReceivedAt = m.ReceivedAt.ToUnixTimeMilliseconds(),
            Sentiment = score.Sentiment switch { Core.Events.Sentiment.Negative => "negative", Core.Events.Sentiment.Positive => "positive", _ => "neutral" },
            Score = score.Value,
            Question = score.Question,
            Toxic = score.Toxic,
            Action = m.IsAction,
            FirstMessage = m.IsFirstMessage,
            ReplyToId = m.ReplyToId,
            Shared = m.SharedFrom is { } source ? new SharedPayload(source.ChannelId, source.ChannelLogin) : null,
        };
    }
}

/// <summary>The <c>chatDeleted</c> hub payload: remove this message from the screen.</summary>
public sealed record ChatDeletedPayload(string Id, Platform Platform, string Channel);

/// <summary>The <c>userCleared</c> hub payload: remove this viewer's messages (timeout, ban) or, with no user, all chat.</summary>
public sealed record UserClearedPayload(Platform Platform, string Channel, string? UserId, string? Name, int? DurationSeconds);

/// <summary>
/// The <c>state</c> snapshot sent on every (re)connect so a reloaded OBS source is never out of sync:
/// the session, recent chat and each feature's current state (<c>poll</c>, <c>qa</c>, <c>mood</c>, <c>alerts</c>…).
/// </summary>
public sealed record StatePayload(string? SessionId, IReadOnlyList<ChatPayload> Chat, IReadOnlyDictionary<string, object?> Features);
