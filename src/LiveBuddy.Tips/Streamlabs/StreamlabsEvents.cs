using System.Text.Json;
using LiveBuddy.Core.Events;
using LiveBuddy.Tips.Tips;

namespace LiveBuddy.Tips.Streamlabs;

/// <summary>
/// Reads Streamlabs' Socket API <c>event</c> payloads (<c>{"type","for","message":[…]}</c>). Donations (no
/// <c>for</c>, or <c>streamlabs</c>) become tips. What Streamlabs passes on from Twitch or YouTube (<c>for:
/// twitch_account</c> bits, subs, follows; <c>youtube_account</c> Super Chats) is skipped: the platform connections
/// report those themselves, and taking both would count the same money twice.
/// </summary>
public static class StreamlabsEvents
{
    public const string Service = "streamlabs";

    /// <summary>The tips in one payload; <paramref name="skipped"/> counts the platform events passed on.</summary>
    public static List<Alert> Read(JsonElement payload, DateTimeOffset now, out int skipped)
    {
        var tips = new List<Alert>();
        skipped = 0;
        if (payload.ValueKind != JsonValueKind.Object) return tips;
        var type = payload.TryGetProperty("type", out var t) ? t.GetString() : null;
        var target = payload.TryGetProperty("for", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        if (!payload.TryGetProperty("message", out var items) || items.ValueKind != JsonValueKind.Array) return tips;
        if (type != "donation" || (target is not null && target != "" && target != "streamlabs"))
        {
            skipped = items.GetArrayLength();
            return tips;
        }
        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) continue;
            var id = Text(item, "id") ?? Text(item, "_id");
            if (id is null || !item.TryGetProperty("amount", out var a) || !TipAlert.TryAmount(a, out var amount)) continue;
            var currency = Text(item, "currency");
            if (string.IsNullOrWhiteSpace(currency)) continue;
            tips.Add(TipAlert.Create(Service, id, Text(item, "name") ?? Text(item, "from"), amount, currency, Text(item, "message"), now, now));
        }
        return tips;
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;
}
