using System.Text.Json;
using LiveBuddy.Core.Alerts;
using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Mood;
using LiveBuddy.Core.Moderation;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Polls;
using LiveBuddy.Core.Qa;
using LiveBuddy.Core.Tests.Commands;
using LiveBuddy.Core.Timers;

namespace LiveBuddy.Core.Tests;

/// <summary>The shipped demo chat (what a fresh install shows) through every feature, in the host's order.</summary>
public sealed class DemoChatTests
{
    [Fact]
    public void Demo_chat_runs_a_poll_fills_the_qa_queue_and_shows_every_alert()
    {
        var moderation = new ModerationRules(new ModerationOptions());
        var polls = new PollEngine(new PollsOptions());
        var qa = new QaQueue(new QaOptions());
        var alerts = new AlertQueue(new AlertsOptions(), WordFilter.From(new ModerationOptions()));
        var router = new CommandRouter(new CommandsOptions(), [polls, qa, moderation],
            CustomCommandFile.Parse(File.ReadAllText(Path.Combine(CommandRouterTests.RepoRoot(), "config", "commands.json"))), moderation);
        var h = new Harness(moderation, router, polls, qa, alerts, new TimerFeature(new TimersOptions()), new MoodTracker(new MoodOptions()));
        var start = h.Time.GetUtcNow();
        var alertLines = 0;

        foreach (var line in File.ReadLines(Path.Combine(CommandRouterTests.RepoRoot(), "config", "demo", "chat.jsonl")))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var json = JsonDocument.Parse(line);
            var e = json.RootElement;
            var at = start.AddSeconds(e.GetProperty("at").GetDouble());
            while (h.Time.GetUtcNow() + TimeSpan.FromSeconds(1) <= at)
            {
                h.Advance(TimeSpan.FromSeconds(1));
                h.Tick();
            }
            h.Time.SetUtcNow(at);
            var author = Author(e);
            if (e.TryGetProperty("alert", out var kind))
            {
                alertLines++;
                h.Pipeline.Process(new Alert
                {
                    Platform = Platform.Demo, Id = "a" + alertLines, Channel = "demo", SentAt = at, ReceivedAt = at,
                    Kind = Enum.Parse<AlertKind>(kind.GetString()!, ignoreCase: true), Author = author, Origin = "demo",
                    Amount = e.TryGetProperty("amount", out var amount) ? amount.GetDecimal() : null,
                    Currency = e.TryGetProperty("currency", out var currency) ? currency.GetString() : null,
                    Count = e.TryGetProperty("count", out var count) ? count.GetInt32() : null,
                    Message = e.TryGetProperty("message", out var message) ? message.GetString() : null,
                });
            }
            else
            {
                h.Chat(Platform.Demo, author, e.GetProperty("text").GetString()!, channel: "demo");
            }
        }
        h.Advance(TimeSpan.FromMinutes(3));
        h.Tick();

        var poll = h.Sink.Of<PollChanged>().Last().Poll;
        Assert.Equal(("closed", 3), (poll.Status, poll.Options.Count));
        Assert.True(poll.TotalVotes >= 10, $"{poll.TotalVotes} votes");
        Assert.Single(h.Sink.Of<PollOpened>());
        var queue = h.Sink.Of<QaChanged>().Last().Queue;
        Assert.True(queue.Questions.Count >= 5, $"{queue.Questions.Count} questions");
        Assert.Contains(queue.Questions, q => q.Upvotes > 0);
        Assert.Equal(alertLines, h.Sink.Of<AlertAnnounced>().Count());
        Assert.NotEmpty(h.Sink.Of<MoodChanged>());
        // The spammer's link and the one shouting line are caught; nobody else in a friendly chat is.
        var moderated = h.Sink.Of<ModerationRequest>().Select(m => (m.Target.Name, m.RequestedBy)).Distinct().Order().ToArray();
        Assert.Equal([("f0llow_b00st_4u", "filter:links"), ("grumpy_gus", "filter:caps")], moderated);
        Assert.Equal(0, h.Counters.Value("pipeline.stage_errors"));
    }

    private static Author Author(JsonElement e)
    {
        var roles = ViewerRoles.None;
        if (e.TryGetProperty("roles", out var names))
        {
            foreach (var name in names.EnumerateArray().Select(n => n.GetString()))
            {
                roles |= name switch
                {
                    "broadcaster" => ViewerRoles.Broadcaster,
                    "moderator" => ViewerRoles.Moderator,
                    "vip" => ViewerRoles.Vip,
                    "subscriber" => ViewerRoles.Subscriber,
                    _ => ViewerRoles.None,
                };
            }
        }
        var user = e.GetProperty("user").GetString()!;
        return new Author { Id = "demo-" + user, Name = user, DisplayName = e.TryGetProperty("display", out var display) ? display.GetString()! : user, Roles = roles };
    }
}
