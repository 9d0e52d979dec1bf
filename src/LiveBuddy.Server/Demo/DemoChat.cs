using System.Text.Json;
using System.Text.Json.Serialization;
using LiveBuddy.Core.Events;

namespace LiveBuddy.Server.Demo;

/// <summary>One line of <c>config/demo/*.jsonl</c>: a chat line, or an alert when <see cref="Alert"/> is set.</summary>
public sealed record DemoLine
{
    /// <summary>Seconds from the start of the demo segment.</summary>
    public double At { get; init; }
    public string? User { get; init; }
    public string? Display { get; init; }
    public string? Color { get; init; }
    public IReadOnlyList<string>? Roles { get; init; }
    public bool First { get; init; }
    public string? Text { get; init; }
    /// <summary>Alert kind in camelCase: follow, subscription, giftSubscription, bits, raid, superChat…</summary>
    public string? Alert { get; init; }
    public int? Count { get; init; }
    public decimal? Amount { get; init; }
    public string? Currency { get; init; }
    public string? Message { get; init; }
    /// <summary>Replay files: the recorded send time (absolute), instead of <see cref="At"/>.</summary>
    public DateTimeOffset? Time { get; init; }
    /// <summary>Replay files: <c>twitch</c>, <c>youtube</c> or <c>demo</c> (default).</summary>
    public string? Platform { get; init; }
    /// <summary>Replay files: the platform's message id, so importing twice stores once.</summary>
    public string? Id { get; init; }
    public string? Channel { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(DemoLine))]
internal sealed partial class DemoJsonContext : JsonSerializerContext;

/// <summary>Reads demo chat and turns its lines into the same events a platform would send.</summary>
public static class DemoChat
{
    public const string Channel = "demostreamer";

    // Twitch global emote ids for the names demo chat uses, so the overlay shows real emote images.
    private static readonly IReadOnlyDictionary<string, string> TwitchGlobals = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Kappa"] = "25", ["LUL"] = "425618", ["PogChamp"] = "305954156", ["BibleThump"] = "86", ["NotLikeThis"] = "58765",
        ["ResidentSleeper"] = "245", ["Kreygasm"] = "41", ["4Head"] = "354", ["SeemsGood"] = "64138", ["HeyGuys"] = "30259",
        ["<3"] = "555555584", ["CoolStoryBob"] = "123171", ["VoHiYo"] = "81274", ["TwitchUnity"] = "196892", ["DansGame"] = "33",
        ["SMOrc"] = "52", ["FailFish"] = "360", ["WutFace"] = "28087", ["TriHard"] = "120232", ["Jebaited"] = "114836",
    };

    /// <summary>Loads every <c>*.jsonl</c> in the folder, ordered by time; bad lines are skipped and counted.</summary>
    public static IReadOnlyList<DemoLine> Load(string folder, out int skipped)
    {
        skipped = 0;
        var lines = new List<DemoLine>();
        if (!Directory.Exists(folder)) return lines;
        foreach (var file in Directory.GetFiles(folder, "*.jsonl").Order(StringComparer.Ordinal))
        {
            foreach (var raw in File.ReadLines(file))
            {
                if (string.IsNullOrWhiteSpace(raw)) continue;
                try
                {
                    var line = JsonSerializer.Deserialize(raw, DemoJsonContext.Default.DemoLine);
                    if (line is null || string.IsNullOrEmpty(line.User) || (line.Text is null && line.Alert is null)) skipped++;
                    else lines.Add(line);
                }
                catch (JsonException)
                {
                    skipped++;
                }
            }
        }
        return lines.OrderBy(l => l.At).ToList();
    }

    /// <summary>The event for one demo line; <paramref name="loop"/> keeps ids unique across loops.</summary>
    public static StreamEvent ToEvent(DemoLine line, int index, int loop, DateTimeOffset now)
    {
        var platform = PlatformNames.TryParse(line.Platform, out var p) ? p : Platform.Demo;
        var channel = line.Channel ?? Channel;
        var roles = line.Roles ?? [];
        var user = line.User ?? "";
        var author = new Author
        {
            Id = (platform == Platform.Demo ? "demo-" : "") + user,
            Name = user,
            DisplayName = line.Display ?? user,
            Color = line.Color,
            Roles = RolesFrom(roles),
            Badges = roles.Select(r => new Badge(r, "1")).ToArray(),
        };
        var id = line.Id ?? $"demo-{loop}-{index}";
        if (line.Alert is { } kind)
        {
            var alertKind = ParseKind(kind);
            return new Alert
            {
                Platform = platform, Id = id, Channel = channel, SentAt = now, ReceivedAt = now,
                Kind = alertKind, Author = author, Count = line.Count, Message = line.Message, Origin = platform.ToWire(),
                Amount = line.Amount,
                Currency = alertKind == AlertKind.Bits ? "BITS" : line.Currency,
                DedupeKey = id,
            };
        }
        return new ChatMessage
        {
            Platform = platform, Id = id, Channel = channel, SentAt = now, ReceivedAt = now,
            Author = author, Text = line.Text!, Fragments = Fragments(line.Text!), IsFirstMessage = line.First,
        };
    }

    /// <summary>Splits text on spaces and turns known Twitch global emote names into emote fragments.</summary>
    public static IReadOnlyList<MessageFragment> Fragments(string text)
    {
        var fragments = new List<MessageFragment>();
        var pending = new System.Text.StringBuilder();
        foreach (var word in text.Split(' '))
        {
            if (TwitchGlobals.TryGetValue(word, out var emoteId))
            {
                if (pending.Length > 0) { fragments.Add(new MessageFragment(pending.ToString())); pending.Clear(); }
                fragments.Add(new MessageFragment(word, new Emote(emoteId, word, $"https://static-cdn.jtvnw.net/emoticons/v2/{emoteId}/default/dark/1.0")));
                pending.Append(' ');
            }
            else
            {
                if (pending.Length > 0 && pending[^1] != ' ') pending.Append(' ');
                pending.Append(word);
            }
        }
        if (pending.Length > 0 && (pending.Length > 1 || pending[0] != ' ')) fragments.Add(new MessageFragment(pending.ToString()));
        return fragments.Exists(f => f.Emote is not null) ? fragments : [];
    }

    private static ViewerRoles RolesFrom(IReadOnlyList<string> roles)
    {
        var result = ViewerRoles.None;
        foreach (var role in roles)
        {
            result |= role switch
            {
                "broadcaster" => ViewerRoles.Broadcaster,
                "moderator" => ViewerRoles.Moderator,
                "vip" => ViewerRoles.Vip,
                "subscriber" or "member" => ViewerRoles.Subscriber,
                _ => ViewerRoles.None,
            };
        }
        return result;
    }

    private static AlertKind ParseKind(string kind) =>
        Enum.TryParse<AlertKind>(kind, ignoreCase: true, out var parsed) ? parsed : AlertKind.Other;
}
