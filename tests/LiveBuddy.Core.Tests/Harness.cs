using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LiveBuddy.Core.Tests;

/// <summary>Remembers everything the pipeline hands to sinks.</summary>
internal sealed class RecordingSink : IPipelineSink
{
    public List<LiveUpdate> Updates { get; } = [];
    public List<StreamEvent> Events { get; } = [];

    public void OnEvent(StreamEvent streamEvent, SessionInfo? session) => Events.Add(streamEvent);
    public void OnUpdate(LiveUpdate update) => Updates.Add(update);

    public IEnumerable<T> Of<T>() where T : LiveUpdate => Updates.OfType<T>();
    public IReadOnlyList<ChatReply> Replies => Updates.OfType<ChatReply>().ToArray();
}

/// <summary>A real <see cref="EventPipeline"/> with a fake clock, fed the way the host feeds it.</summary>
internal sealed class Harness
{
    private int _nextId;

    public Harness(params IStreamFeature[] features)
    {
        Pipeline = new EventPipeline(
            new EventIngress(new Counters()),
            new SessionTracker(Time, new SessionRules()),
            features,
            [Sink],
            Counters,
            Time,
            NullLogger<EventPipeline>.Instance);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 20, 0, 0, TimeSpan.Zero));
    public RecordingSink Sink { get; } = new();
    public Counters Counters { get; } = new();
    public EventPipeline Pipeline { get; }

    public static Author Viewer(string name, ViewerRoles roles = ViewerRoles.None, string? id = null) =>
        new() { Id = id ?? "id-" + name, Name = name.ToLowerInvariant(), DisplayName = name, Roles = roles };

    public static Author Mod(string name) => Viewer(name, ViewerRoles.Moderator);

    public ChatMessage Chat(Platform platform, Author author, string text, MessageScore? score = null, string? channel = null, SharedChatSource? sharedFrom = null)
    {
        var message = new ChatMessage
        {
            Platform = platform,
            Id = "m" + ++_nextId,
            Channel = channel ?? (platform == Platform.YouTube ? "yt-live-chat" : "streamer"),
            SentAt = Time.GetUtcNow(),
            ReceivedAt = Time.GetUtcNow(),
            Author = author,
            Text = text,
            Score = score,
            SharedFrom = sharedFrom,
        };
        Pipeline.Process(message);
        return message;
    }

    /// <summary>An alert as a platform reports it now, from a new fan each time; not yet processed.</summary>
    public Alert Alert(AlertKind kind, string? dedupe = null, string origin = "eventsub", int? count = null, decimal? amount = null,
        string? currency = null, string? bomb = null, Platform platform = Platform.Twitch) => new()
    {
        Platform = platform, Id = "a" + ++_nextId, Channel = "streamer", SentAt = Time.GetUtcNow(), ReceivedAt = Time.GetUtcNow(),
        Kind = kind, Author = Viewer("Fan" + _nextId), DedupeKey = dedupe, Origin = origin, Count = count, Amount = amount,
        Currency = currency, GiftBombId = bomb,
    };

    public ChatMessage Twitch(Author author, string text, MessageScore? score = null) => Chat(Platform.Twitch, author, text, score);
    /// <summary>A line a Twitch Shared Chat partner channel's viewer sent (relayed into ours).</summary>
    public ChatMessage Partner(Author author, string text, bool participates = false, MessageScore? score = null) =>
        Chat(Platform.Twitch, author, text, score, sharedFrom: new SharedChatSource("partner-room", "partnerchannel", "src-" + author.Name + text, participates));
    public ChatMessage YouTube(Author author, string text, MessageScore? score = null) => Chat(Platform.YouTube, author, text, score);

    public object? Send(ControlRequest request)
    {
        Pipeline.Process(request);
        Assert.True(request.Completion.Task.IsCompleted);
        return request.Completion.Task.Result;
    }

    public void Tick() => Pipeline.Process(new Tick());

    public void Advance(TimeSpan by) => Time.Advance(by);

    public void Clear() => Sink.Updates.Clear();
}
