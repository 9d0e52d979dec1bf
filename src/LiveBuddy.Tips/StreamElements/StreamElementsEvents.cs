using System.Text.Json;
using LiveBuddy.Core.Events;
using LiveBuddy.Tips.Tips;

namespace LiveBuddy.Tips.StreamElements;

/// <summary>
/// Reads StreamElements' realtime <c>event</c> payloads (<c>{_id, type, provider, data:{…}, createdAt}</c>). Tips
/// become tip alerts; what StreamElements passes on from the platforms (cheers, subs, follows, raids, Super Chats) is
/// skipped, as the platform connections report those themselves.
/// </summary>
public static class StreamElementsEvents
{
    public const string Service = "streamelements";

    /// <summary>The tip in one payload, or null (<paramref name="skipped"/> true when it was a platform event passed on).</summary>
    public static Alert? Read(JsonElement payload, DateTimeOffset now, out bool skipped)
    {
        skipped = false;
        if (payload.ValueKind != JsonValueKind.Object) return null;
        var type = payload.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type != "tip")
        {
            skipped = type is not null;
            return null;
        }
        if (!payload.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object) return null;
        var id = payload.TryGetProperty("_id", out var i) ? i.GetString() : null;
        id ??= data.TryGetProperty("tipId", out var tip) ? tip.GetString() : null;
        if (id is null || !data.TryGetProperty("amount", out var a) || !TipAlert.TryAmount(a, out var amount)) return null;
        var currency = data.TryGetProperty("currency", out var c) ? c.GetString() : null;
        if (string.IsNullOrWhiteSpace(currency)) return null;
        var name = data.TryGetProperty("displayName", out var d) ? d.GetString() : null;
        name ??= data.TryGetProperty("username", out var u) ? u.GetString() : null;
        var message = data.TryGetProperty("message", out var m) ? m.GetString() : null;
        var sentAt = payload.TryGetProperty("createdAt", out var at) && at.TryGetDateTimeOffset(out var created) ? created : now;
        return TipAlert.Create(Service, id, name, amount, currency, message, sentAt, now);
    }
}
