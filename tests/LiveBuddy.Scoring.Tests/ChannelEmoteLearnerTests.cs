using LiveBuddy.Core.Emotes;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Scoring.Emotes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LiveBuddy.Scoring.Tests;

[Collection(ScoringCollection.Name)]
public sealed class ChannelEmoteLearnerTests(ScoringFixture fixture)
{
    private sealed class Updates : IPipelineSink
    {
        public List<LiveUpdate> All { get; } = [];
        public void OnEvent(StreamEvent streamEvent, SessionInfo? session) { }
        public void OnUpdate(LiveUpdate update) => All.Add(update);
    }

    private sealed class Stream : IDisposable
    {
        private readonly EventPipeline _pipeline;
        private int _n;

        public Stream(ScoringFixture fixture, IEnumerable<ChannelEmoteTally>? stored = null)
        {
            Time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 22, 0, 0, TimeSpan.Zero));
            Book = new ChannelEmoteBook();
            Scorer = new ChatScorer(fixture.Models, Options.Create(new ScoringOptions()), Book);
            Learner = new ChannelEmoteLearner(fixture.Models.Featurizer, Book, Options.Create(new ChannelEmoteOptions()), stored);
            var counters = new Counters();
            _pipeline = new EventPipeline(new EventIngress(counters), new SessionTracker(Time, new SessionRules()), [Learner], [Sink], counters, Time,
                NullLogger<EventPipeline>.Instance, Scorer);
        }

        public FakeTimeProvider Time { get; }
        public ChannelEmoteBook Book { get; }
        public ChatScorer Scorer { get; }
        public ChannelEmoteLearner Learner { get; }
        public Updates Sink { get; } = new();

        public void Chat(string channel, string text) => _pipeline.Process(new ChatMessage
        {
            Platform = Platform.Twitch, Id = "m" + ++_n, Channel = channel, SentAt = Time.GetUtcNow(), ReceivedAt = Time.GetUtcNow(),
            Author = new Author { Id = "v" + _n % 40, Name = "v" + _n % 40, DisplayName = "v" + _n % 40 }, Text = text,
        });

        public void Second()
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            _pipeline.Process(new Tick());
        }

        public float Value(string channel, string text) => Scorer.Score(new ChatMessage
        {
            Platform = Platform.Twitch, Id = "probe", Channel = channel, SentAt = Time.GetUtcNow(), ReceivedAt = Time.GetUtcNow(),
            Author = new Author { Id = "p", Name = "p", DisplayName = "p" }, Text = text,
        }).Value;

        public void Dispose() => Scorer.Dispose();
    }

    private static readonly string[] SadChat = ["noooo he died", "this is so sad", "Sadge", "i'm crying", "PepeHands", "rip our hero :(", "so sad BibleThump"];
    private static readonly string[] HappyChat = ["LETS GOOO", "this is amazing", "KEKW", "i love this", "PogChamp", "best stream ever", "so good <3"];

    private static void Play(Stream stream, string channel, string[] chat, string emote, int seconds)
    {
        for (var s = 0; s < seconds; s++)
        {
            stream.Chat(channel, chat[s % chat.Length]);
            stream.Chat(channel, chat[(s + 3) % chat.Length]);
            if (s % 3 == 2) stream.Chat(channel, $"{emote} {emote}");
            stream.Second();
        }
    }

    [Fact]
    public void An_unknown_channel_emote_borrows_the_valence_of_its_chat_and_scoring_uses_it_in_that_channel_only()
    {
        using var stream = new Stream(fixture);
        var unknown = stream.Value("rin", "rinrinBlob rinrinBlob");

        Play(stream, "rin", SadChat, "rinrinBlob", 60);
        Play(stream, "kuma", HappyChat, "kumaWiggle", 60);

        Assert.True(stream.Book.For(Platform.Twitch, "rin")!.TryGet("rinrinBlob", out var sad) && sad < -0.2f, $"learned {sad}");
        Assert.True(stream.Book.For(Platform.Twitch, "kuma")!.TryGet("kumaWiggle", out var happy) && happy > 0.2f, $"learned {happy}");
        Assert.False(stream.Book.For(Platform.Twitch, "kuma")!.TryGet("rinrinBlob", out _));
        var learned = stream.Value("rin", "rinrinBlob rinrinBlob");
        Assert.True(learned < unknown - 0.05f, $"value {unknown} before learning, {learned} after");
        Assert.Equal(unknown, stream.Value("kuma", "rinrinBlob rinrinBlob")); // another channel has not learned it
        Assert.True(stream.Value("kuma", "kumaWiggle kumaWiggle") > stream.Value("rin", "kumaWiggle kumaWiggle") + 0.05f);
    }

    [Fact]
    public void A_few_sightings_or_too_little_chat_around_teach_nothing()
    {
        using var stream = new Stream(fixture);

        Play(stream, "rin", SadChat, "rinrinBlob", 9); // three sightings, fewer than the five needed
        for (var s = 0; s < 20; s++)
        {
            stream.Chat("quiet", "quietWave"); // nothing else said around it
            stream.Second();
        }

        Assert.False(stream.Book.For(Platform.Twitch, "rin")?.TryGet("rinrinBlob", out _) ?? false);
        Assert.False(stream.Book.For(Platform.Twitch, "quiet")?.TryGet("quietWave", out _) ?? false);
    }

    [Fact]
    public void Learned_tallies_are_saved_once_a_minute_and_a_restarted_learner_scores_the_same()
    {
        List<ChannelEmoteTally> saved;
        float before;
        using (var stream = new Stream(fixture))
        {
            Play(stream, "rin", SadChat, "rinrinBlob", 120); // saved at 60 s and 120 s, the last tick
            saved = [.. stream.Sink.All.OfType<ChannelEmotesLearned>().SelectMany(u => u.Tallies)
                .GroupBy(t => (t.Channel, t.Emote)).Select(g => g.Last())];
            before = stream.Value("rin", "rinrinBlob rinrinBlob");

            // Saved every 60 s, never a row per chat line.
            Assert.Equal(2, stream.Sink.All.OfType<ChannelEmotesLearned>().Count());
        }

        using var restarted = new Stream(fixture, saved);

        Assert.Contains(saved, t => t.Emote == "rinrinBlob" && t.Sightings >= 5);
        Assert.Equal(before, restarted.Value("rin", "rinrinBlob rinrinBlob"));
    }
}
