using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using LiveBuddy.Discord.Sessions;
using LiveBuddy.Discord.Webhooks;

namespace LiveBuddy.Discord.Reports;

/// <summary>A moment for the summary: what happened, when in the stream, and where to watch it again.</summary>
public sealed record SummaryMoment(string Reason, TimeSpan Offset, string? VodUrl);

/// <summary>Money in one currency.</summary>
public sealed record SummaryMoney(string Currency, decimal Amount);

/// <summary>The headline numbers of a session's report, for the after-stream post.</summary>
public sealed record StreamSummary
{
    public required string SessionId { get; init; }
    public string? Title { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public long Messages { get; init; }
    public int Chatters { get; init; }
    public int NewChatters { get; init; }
    public int PeakMessagesPerMinute { get; init; }
    public int? PeakViewers { get; init; }
    public IReadOnlyList<SummaryMoney> Money { get; init; } = [];
    public IReadOnlyList<SummaryMoment> Moments { get; init; } = [];
    /// <summary>A link to the HTML report, when LiveBuddy has a public address.</summary>
    public string? ReportUrl { get; init; }
    /// <summary>The HTML report itself, attached when there is no public address.</summary>
    public WebhookFile? ReportFile { get; init; }
}

/// <summary>The after-stream post: headline numbers, top moments with VOD links, the report.</summary>
public static class SummaryPost
{
    public const int SummaryColor = 0x2ECC71;

    public static JsonObject Build(StreamSummary summary, int topMoments)
    {
        var duration = (summary.EndedAt ?? summary.StartedAt) - summary.StartedAt;
        var fields = new JsonArray
        {
            LivePost.Field("Duration", Duration(duration), inline: true),
            LivePost.Field("Chat", string.Create(CultureInfo.InvariantCulture,
                $"{summary.Messages:N0} messages from {summary.Chatters:N0} chatters ({summary.NewChatters:N0} new)"), inline: true),
            LivePost.Field("Peak", string.Create(CultureInfo.InvariantCulture, $"{summary.PeakMessagesPerMinute:N0} messages/min")
                + (summary.PeakViewers is { } viewers ? string.Create(CultureInfo.InvariantCulture, $", {viewers:N0} viewers") : ""), inline: true),
        };
        if (summary.Money.Count > 0)
            fields.Add(LivePost.Field("Support", string.Join(", ", summary.Money.Select(m => m.Currency == "BITS"
                ? string.Create(CultureInfo.InvariantCulture, $"{m.Amount:N0} bits")
                : string.Create(CultureInfo.InvariantCulture, $"{m.Amount:0.00} {m.Currency}")))));
        var moments = summary.Moments.Take(topMoments).ToList();
        if (moments.Count > 0)
        {
            var lines = new StringBuilder();
            foreach (var moment in moments)
            {
                var at = Duration(moment.Offset);
                lines.Append("• ").Append(moment.VodUrl is { } vod ? $"[{at}]({vod})" : at).Append(" — ").AppendLine(DiscordText.Clip(moment.Reason, 200));
            }
            fields.Add(LivePost.Field("Top moments", DiscordText.Clip(lines.ToString().TrimEnd(), 1024)));
        }
        if (summary.ReportUrl is { } url) fields.Add(LivePost.Field("Report", url));
        var embed = new JsonObject
        {
            ["title"] = DiscordText.Clip("Stream summary" + (string.IsNullOrWhiteSpace(summary.Title) ? "" : ": " + summary.Title), 256),
            ["color"] = SummaryColor,
            ["timestamp"] = (summary.EndedAt ?? summary.StartedAt).UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["fields"] = fields,
        };
        if (summary.ReportUrl is { } link) embed["url"] = link;
        return new JsonObject
        {
            ["content"] = "Thanks for watching! Here is how the stream went.",
            ["embeds"] = new JsonArray { embed },
            ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() },
        };
    }

    private static string Duration(TimeSpan span) => span.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}:{span.Minutes:00}:{span.Seconds:00}")
        : string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}:{span.Seconds:00}");
}
