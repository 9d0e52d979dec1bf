using System.Text.Json;
using LiveBuddy.Core.Events;
using LiveBuddy.Tips.Tips;

namespace LiveBuddy.Tips.StreamElements;

/// <summary>
/// Reads StreamElements' realtime <c>event</c> payloads (<c>{_id, type, provider, data:{…}, createdAt}</c>). Tips
/// become tip alerts. Money StreamElements passes on from the platforms (<c>cheer</c> from Twitch, <c>superchat</c> from
/// YouTube) becomes the platform's own alert, which the alert queue folds with the platform's report when LiveBuddy reads
/// that platform too; other platform events passed on (subs, follows, raids) are skipped.
/// </summary>
public static class StreamElementsEvents
{
    public const string Service = "streamelements";

    /// <summary>The alert in one payload, or null (<paramref name="skipped"/> true when it was a platform event passed on and not used).</summary>
    public static Alert? Read(JsonElement payload, DateTimeOffset now, out bool skipped)
    {
        skipped = false;
        if (payload.ValueKind != JsonValueKind.Object) return null;
        var type = payload.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type is not ("tip" or "cheer" or "superchat"))
        {
            skipped = type is not null;
            return null;
        }
        if (!payload.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object) return null;
        var id = payload.TryGetProperty("_id", out var i) ? i.GetString() : null;
        id ??= data.TryGetProperty("tipId", out var tip) ? tip.GetString() : null;
        if (id is null || !data.TryGetProperty("amount", out var a) || !TipAlert.TryAmount(a, out var amount)) return null;
        var name = data.TryGetProperty("displayName", out var d) ? d.GetString() : null;
        name ??= data.TryGetProperty("username", out var u) ? u.GetString() : null;
        var message = data.TryGetProperty("message", out var m) ? m.GetString() : null;
        var sentAt = payload.TryGetProperty("createdAt", out var at) && at.TryGetDateTimeOffset(out var created) ? created : now;
        if (type == "cheer")
        {
            // Twitch's own bits alert names the viewer by login: StreamElements' username is that login.
            var login = data.TryGetProperty("username", out var l) ? l.GetString() : name;
            return TipAlert.Relayed(Service, Platform.Twitch, AlertKind.Bits, id, login, amount, "BITS", message, sentAt, now);
        }
        var currency = data.TryGetProperty("currency", out var c) ? c.GetString() : null;
        if (string.IsNullOrWhiteSpace(currency)) return null;
        return type == "superchat"
            ? TipAlert.Relayed(Service, Platform.YouTube, AlertKind.SuperChat, id, name, amount, currency, message, sentAt, now)
            : TipAlert.Create(Service, id, name, amount, currency, message, sentAt, now);
    }
}
