using System.Text.Json.Nodes;
using LiveBuddy.Core.Sessions;

namespace LiveBuddy.Discord.Sessions;

/// <summary>Where viewers can watch on one platform.</summary>
public sealed record StreamLink(string Platform, string Url);

/// <summary>The "live now" post: title, category and a link per platform.</summary>
public static class LivePost
{
    public const int LiveColor = 0x9146FF;

    public static JsonObject Build(SessionInfo session, IReadOnlyList<StreamLink> links)
    {
        var title = string.IsNullOrWhiteSpace(session.Title) ? "Live now!" : DiscordText.Clip(session.Title, 256);
        var fields = new JsonArray();
        if (!string.IsNullOrWhiteSpace(session.Category))
            fields.Add(Field("Category", DiscordText.Clip(session.Category, 1024), inline: true));
        foreach (var link in links)
            fields.Add(Field(DiscordText.PlatformName(link.Platform), link.Url, inline: true));
        var embed = new JsonObject
        {
            ["title"] = title,
            ["description"] = links.Count > 0 ? "Come hang out: " + string.Join(" · ", links.Select(l => l.Url)) : "The stream has started.",
            ["color"] = LiveColor,
            ["timestamp"] = session.StartedAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["fields"] = fields,
        };
        if (links.Count > 0) embed["url"] = links[0].Url;
        return new JsonObject
        {
            ["content"] = "🔴 **Live now** — " + title,
            ["embeds"] = new JsonArray { embed },
            ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() }, // a stream title never pings anyone
        };
    }

    internal static JsonObject Field(string name, string value, bool inline = false) =>
        new() { ["name"] = name, ["value"] = value, ["inline"] = inline };
}
