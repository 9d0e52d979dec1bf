using System.Text.Json;
using LiveBuddy.Core.Events;
using LiveBuddy.Tips.Tips;

namespace LiveBuddy.Tips.Streamlabs;

/// <summary>
/// Reads Streamlabs' Socket API <c>event</c> payloads (<c>{"type","for","message":[…]}</c>). Donations (no
/// <c>for</c>, or <c>streamlabs</c>) become tips. Money Streamlabs passes on from the platforms (<c>bits</c> for
/// <c>twitch_account</c>, <c>superchat</c> for <c>youtube_account</c>, amount in micros as YouTube sends it) becomes the
/// platform's own alert, which the alert queue folds with the platform's report when LiveBuddy reads that platform too.
/// Other platform events passed on (follows, subs, hosts) are skipped: the platform connections report those.
/// </summary>
public static class StreamlabsEvents
{
    public const string Service = "streamlabs";

    /// <summary>The alerts in one payload; <paramref name="skipped"/> counts the platform events passed on and not used.</summary>
    public static List<Alert> Read(JsonElement payload, DateTimeOffset now, out int skipped)
    {
        var alerts = new List<Alert>();
        skipped = 0;
        if (payload.ValueKind != JsonValueKind.Object) return alerts;
        var type = payload.TryGetProperty("type", out var t) ? t.GetString() : null;
        var target = payload.TryGetProperty("for", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        if (!payload.TryGetProperty("message", out var items) || items.ValueKind != JsonValueKind.Array) return alerts;
        var read = (type, target) switch
        {
            ("donation", null or "" or "streamlabs") => Donation,
            ("bits", "twitch_account") => Bits,
            ("superchat", "youtube_account") => SuperChat,
            _ => (Func<JsonElement, DateTimeOffset, Alert?>?)null,
        };
        if (read is null)
        {
            skipped = items.GetArrayLength();
            return alerts;
        }
        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && read(item, now) is { } alert) alerts.Add(alert);
        }
        return alerts;
    }

    private static Alert? Donation(JsonElement item, DateTimeOffset now)
    {
        var id = Text(item, "id") ?? Text(item, "_id");
        if (id is null || !item.TryGetProperty("amount", out var a) || !TipAlert.TryAmount(a, out var amount)) return null;
        var currency = Text(item, "currency");
        if (string.IsNullOrWhiteSpace(currency)) return null;
        return TipAlert.Create(Service, id, Text(item, "name") ?? Text(item, "from"), amount, currency, Text(item, "message"), now, now);
    }

    private static Alert? Bits(JsonElement item, DateTimeOffset now)
    {
        var id = Text(item, "_id") ?? Text(item, "id");
        if (id is null || !item.TryGetProperty("amount", out var a) || !TipAlert.TryAmount(a, out var bits)) return null;
        return TipAlert.Relayed(Service, Platform.Twitch, AlertKind.Bits, id, Text(item, "name"), bits, "BITS", Text(item, "message"), now, now);
    }

    private static Alert? SuperChat(JsonElement item, DateTimeOffset now)
    {
        var id = Text(item, "_id") ?? Text(item, "id");
        var currency = Text(item, "currency");
        if (id is null || string.IsNullOrWhiteSpace(currency) || !item.TryGetProperty("amount", out var a) || !TipAlert.TryAmount(a, out var micros))
            return null;
        return TipAlert.Relayed(Service, Platform.YouTube, AlertKind.SuperChat, id, Text(item, "name"), micros / 1_000_000m, currency,
            Text(item, "comment"), now, now);
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;
}
