using System.Text.Json;
using LiveBuddy.Core.Alerts;
using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Mood;
using LiveBuddy.Core.Moderation;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Polls;
using LiveBuddy.Core.Qa;
using LiveBuddy.Core.Timers;

namespace LiveBuddy.Core.Tests;

/// <summary>The hub payloads as overlays receive them (SignalR's JSON protocol: web defaults, camelCase).</summary>
public sealed class ContractTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static string Json(IOverlayPush push) => JsonSerializer.Serialize(push.Payload, Web);

    private static Harness AllFeatures(out PollEngine polls, out QaQueue qa, out AlertQueue alerts, out MoodTracker mood)
    {
        var moderation = new ModerationRules(new ModerationOptions { BannedWords = ["badword"] });
        polls = new PollEngine(new PollsOptions());
        qa = new QaQueue(new QaOptions { CaptureQuestions = true });
        alerts = new AlertQueue(new AlertsOptions(), WordFilter.From(new ModerationOptions()));
        mood = new MoodTracker(new MoodOptions());
        var timers = new TimerFeature(new TimersOptions { Messages = [new TimedMessage { Name = "t", Message = "{uptime}", MinChatLines = 0 }] });
        var router = new CommandRouter(new CommandsOptions(), [polls, qa, moderation],
            [new CustomCommand { Name = "hi", Response = "{user} {args} {count} {uptime} {{ {" }], moderation);
        return new Harness(moderation, router, polls, qa, alerts, timers, mood);
    }

    [Fact]
    public void Poll_payload_has_the_documented_camel_case_fields()
    {
        var h = AllFeatures(out _, out _, out _, out _);
        h.Twitch(Harness.Mod("Mia"), "!poll Q? | a | b");
        h.YouTube(Harness.Viewer("Ann"), "2");

        var json = Json(h.Sink.Of<PollChanged>().Last());

        var expectedEnd = h.Time.GetUtcNow().AddMinutes(2).ToUnixTimeMilliseconds();
        Assert.Equal(
            $$$"""{"id":"{{{h.Sink.Of<PollChanged>().Last().Poll.Id}}}","question":"Q?","options":[{"text":"a","votes":0,"votesByPlatform":{"twitch":0,"youtube":0}},{"text":"b","votes":1,"votesByPlatform":{"twitch":0,"youtube":1}}],"status":"open","endsAt":{{{expectedEnd}}},"totalVotes":1,"votesByPlatform":{"twitch":0,"youtube":1}}""",
            json);
    }

    [Fact]
    public void Qa_payload_has_the_documented_camel_case_fields()
    {
        var h = AllFeatures(out _, out _, out _, out _);
        h.YouTube(Harness.Viewer("Ann"), "!ask what is next?");
        h.Twitch(Harness.Mod("Mia"), "!qa next");

        var json = Json(h.Sink.Of<QaChanged>().Last());

        Assert.Equal(
            """{"questions":[{"id":1,"author":"Ann","platform":"youtube","text":"what is next?","upvotes":0,"status":"answering"}],"current":{"id":1,"author":"Ann","platform":"youtube","text":"what is next?","upvotes":0,"status":"answering"}}""",
            json);
    }

    [Fact]
    public void Alert_and_mood_payloads_have_the_documented_camel_case_fields()
    {
        var h = AllFeatures(out _, out _, out _, out _);
        h.Pipeline.Process(new Alert
        {
            Platform = Platform.Twitch, Id = "e1", Channel = "streamer", SentAt = DateTimeOffset.UnixEpoch.AddSeconds(1),
            ReceivedAt = h.Time.GetUtcNow(), Kind = AlertKind.Bits, Author = Harness.Viewer("Ann"), Amount = 100, Currency = "BITS",
            Message = "cheer100 nice", Origin = "irc", DedupeKey = "bits:1:100",
        });
        h.Twitch(Harness.Viewer("Ann"), "hello", new MessageScore(Sentiment.Positive, 0.5f, false, false, 0));
        h.Tick();

        Assert.Equal(
            """{"id":"twitch:e1","platform":"twitch","kind":"bits","author":"Ann","amount":100,"currency":"BITS","count":null,"message":"cheer100 nice","sentAt":1000,"tier":null,"recipient":null,"replay":false,"test":false,"hypeTrain":null,"itemName":null,"imageUrl":null}""",
            Json(h.Sink.Of<AlertAnnounced>().Single()));
        // 100 bits ($1) in the window lift chat at its usual pace (50) by 0.15 × 12 points.
        Assert.Equal("""{"sentiment":0.5,"engagement":52,"messagesPerMinute":1,"chatters":1,"viewers":null,"participation":null,"likes":null}""", Json(h.Sink.Of<MoodChanged>().Single()));
    }

    [Fact]
    public void Every_stateful_feature_gives_its_part_of_the_state_snapshot()
    {
        AllFeatures(out var polls, out var qa, out var alerts, out var mood);

        IStreamFeature[] features = [polls, qa, alerts, mood];

        Assert.Equal(["poll", "qa", "alerts", "mood"], features.Select(f => f.Snapshot()!.Name));
    }

    [Theory]
    [InlineData("!poll")]
    [InlineData("!poll |")]
    [InlineData("!poll | | | |")]
    [InlineData("!poll Q | a | b | 99999m")]
    [InlineData("!poll end")]
    [InlineData("!vote")]
    [InlineData("!vote -1")]
    [InlineData("!vote 99999999999999999999")]
    [InlineData("!up")]
    [InlineData("!up #")]
    [InlineData("!up 2147483648")]
    [InlineData("!qa")]
    [InlineData("!qa approve")]
    [InlineData("!qa dismiss -3")]
    [InlineData("!qa answered")]
    [InlineData("!ask ")]
    [InlineData("!cmd add x {")]
    [InlineData("!cmd cooldown x 99999999999999")]
    [InlineData("!cmd level hi 3")]
    [InlineData("!cmd alias hi")]
    [InlineData("!timeout")]
    [InlineData("!timeout @")]
    [InlineData("!timeout ann -5")]
    [InlineData("!ban @@")]
    [InlineData("!permit")]
    [InlineData("!hi {user}")]
    [InlineData("!")]
    [InlineData("!!!!!!!!")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u0000\uFFFF\uD800")]
    [InlineData("http://")]
    [InlineData("ÄÖÜ ÀÉÎ İSTANBUL ŞŞŞŞŞŞŞŞŞŞŞŞŞŞŞŞ")]
    public void Bad_chat_input_never_breaks_a_feature(string text)
    {
        var h = AllFeatures(out _, out _, out _, out _);
        h.Twitch(Harness.Viewer("Ann"), "hello");
        h.Twitch(Harness.Viewer("Ann"), "!ask is this a real question?");

        foreach (var author in new[] { Harness.Viewer("Ann"), Harness.Mod("Mia"), Harness.Viewer("Bro", ViewerRoles.Broadcaster) })
        {
            h.Twitch(author, text);
            h.YouTube(author, text + new string('x', 600));
        }
        h.Send(new TimerDue("t"));
        h.Tick();

        Assert.Equal(0, h.Counters.Value("pipeline.stage_errors"));
    }
}
