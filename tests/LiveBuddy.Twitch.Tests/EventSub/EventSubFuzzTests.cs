using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Testing.Fuzz;
using LiveBuddy.Testing.Twitch;
using LiveBuddy.Twitch.EventSub;

namespace LiveBuddy.Twitch.Tests.EventSub;

/// <summary>
/// Hostile EventSub frames: the real frames of the fixtures and one of every type LiveBuddy maps, mutated with
/// a fixed seed (wrong types, missing and unknown fields, numbers as strings, odd enum values, deep nests,
/// flipped bytes, another type's body under a type). The frame is read as the client reads it and mapped; the
/// mapper never throws and every notification either becomes an event or is counted once.
/// </summary>
public sealed class EventSubFuzzTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static readonly string[] MappedTypes =
    [
        "channel.follow", "channel.subscribe", "channel.subscription.gift", "channel.subscription.message", "channel.cheer",
        "channel.raid", "channel.channel_points_custom_reward_redemption.add", "stream.online", "stream.offline",
        "channel.update", "channel.ban", "channel.moderate", "channel.chat.notification", "channel.poll.begin",
        "channel.poll.end", "channel.prediction.begin", "channel.prediction.end", "channel.hype_train.begin", "channel.hype_train.end",
    ];

    private static string FixturePath(string name, [CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "Fixtures", name);

    private static readonly JsonNode[] Frames = LoadFrames();

    private static JsonNode[] LoadFrames()
    {
        var texts = Directory.GetFiles(Path.GetDirectoryName(FixturePath("x"))!, "*.json").Select(File.ReadAllText)
            .Concat(File.ReadLines(FixturePath("messages.ndjson")).Where(l => l.Length > 0))
            .Concat(
            [
                EventSubFrames.Notification("f1", "channel.follow", "2", "s", EventSubFrames.Follow("1", "alice")),
                EventSubFrames.Notification("f2", "channel.subscribe", "1", "s", EventSubFrames.Subscribe("2", "bob")),
                EventSubFrames.Notification("f3", "channel.subscription.gift", "1", "s", EventSubFrames.SubscriptionGift("3", "carol", 5)),
                EventSubFrames.Notification("f4", "channel.subscription.message", "1", "s", EventSubFrames.SubscriptionMessage("4", "dave", 12, "hi")),
                EventSubFrames.Notification("f5", "channel.cheer", "1", "s", EventSubFrames.Cheer("5", "erin", 100, "Cheer100")),
                EventSubFrames.Notification("f6", "channel.raid", "1", "s", EventSubFrames.Raid("6", "frank", 42)),
                EventSubFrames.Notification("f7", "channel.channel_points_custom_reward_redemption.add", "1", "s",
                    EventSubFrames.Redemption("r1", "7", "gina", "Hydrate", "now")),
                EventSubFrames.Notification("f8", "stream.online", "1", "s", EventSubFrames.StreamOnline("st1")),
                EventSubFrames.Notification("f9", "stream.offline", "1", "s", EventSubFrames.StreamOffline()),
            ]);
        return texts.Select(t => JsonNode.Parse(t)!).Where(n => n["metadata"]?["message_type"]?.GetValue<string>() == "notification").ToArray();
    }

    [Fact]
    public void Mutated_frames_never_throw_and_every_notification_is_mapped_or_counted_once()
    {
        var mutator = new JsonMutator(new Random(2718));
        var counters = new Counters();
        var mapper = new EventSubMapper(counters);
        var mapped = 0;
        var refused = 0;
        var calls = 0;

        // The socket decodes frames strictly (invalid UTF-8 is refused there), so the text is always whole UTF-16.
        FuzzRun.Cases(6_000, _ => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(MakeFrame(mutator))), text =>
        {
            // As EventSubClient reads a frame: a JsonException means a malformed frame (counted there), nothing else may escape.
            EventSubFrame? frame;
            try
            {
                frame = JsonSerializer.Deserialize(text, EventSubJsonContext.Default.EventSubFrame);
            }
            catch (JsonException)
            {
                refused++;
                return;
            }
            if (frame?.Metadata is not { MessageId.Length: > 0 } metadata || frame.Payload is null
                || (metadata.SubscriptionType ?? frame.Payload.Subscription?.Type) is not { } type)
            {
                refused++;
                return;
            }
            calls++;
            var e = mapper.Map(metadata.MessageId!, type, metadata.MessageTimestamp ?? Received, Received, frame.Payload.Event);
            if (e is null) return;
            mapped++;
            Assert.Equal(Platform.Twitch, e.Platform);
            // A chat notice carries the chat line's own id (IRC's id tag), a ban, timeout or deletion the id IRC's CLEARCHAT or
            // CLEARMSG gives it, everything else the notification's.
            if (type == "channel.moderate" && e is UserCleared) Assert.StartsWith("clearchat:", e.Id, StringComparison.Ordinal);
            else if (type == "channel.moderate" && e is MessageDeleted) Assert.StartsWith("clearmsg:", e.Id, StringComparison.Ordinal);
            else if (type != "channel.chat.notification") Assert.Equal(metadata.MessageId, e.Id);
            Assert.False(string.IsNullOrEmpty(e.Channel));
            Assert.Equal(e.Channel.ToLowerInvariant(), e.Channel);
            if (e is Alert { Kind: not (AlertKind.Other or AlertKind.Announcement) } alert) Assert.False(string.IsNullOrEmpty(alert.DedupeKey));
        }, show: text => text);

        var skipped = counters.Value("twitch.eventsub.malformed") + counters.Value("twitch.eventsub.unknown_type")
            + counters.Value("twitch.eventsub.known_unused") + counters.Value("twitch.eventsub.not_alert");
        Assert.Equal(calls, mapped + skipped);
        Assert.True(mapped > 600 && counters.Value("twitch.eventsub.malformed") > 200 && refused > 200,
            $"mapped {mapped}, malformed {counters.Value("twitch.eventsub.malformed")}, refused frames {refused}");
    }

    private static string MakeFrame(JsonMutator mutator)
    {
        var random = mutator.Random;
        var frame = Frames[random.Next(Frames.Length)].DeepClone();
        switch (random.Next(10))
        {
            case 0: // another type's body under this type, or a type nobody knows
                var type = random.Next(4) == 0 ? "channel.something_new" : MappedTypes[random.Next(MappedTypes.Length)];
                frame["metadata"]!["subscription_type"] = type;
                return frame.ToJsonString();
            case 1: // the bytes themselves damaged
                return mutator.MutateText(frame.ToJsonString());
            case 2: // the whole frame twisted, metadata included
                return mutator.Mutate(frame).ToJsonString();
            default: // the event body twisted
                if (frame["payload"]?["event"] is JsonObject body) frame["payload"]!["event"] = mutator.Mutate(body);
                return frame.ToJsonString();
        }
    }
}
