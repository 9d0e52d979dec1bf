using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LiveBuddy.Core.Events;
using LiveBuddy.Tips.Tips;

namespace LiveBuddy.Tips.KoFi;

/// <summary>What became of one Ko-fi webhook call.</summary>
public enum KoFiOutcome { Accepted, WrongToken, Malformed, NotConfigured }

/// <summary>
/// Reads Ko-fi's webhook: a form POST whose <c>data</c> field is the payment as JSON, carrying the
/// <c>verification_token</c> shown in Ko-fi's API settings. Donations, subscriptions, commissions and shop orders all
/// become tip alerts (it is money either way); <c>is_public: false</c> hides the supporter's message, as Ko-fi asks.
/// Ko-fi retries with the same <c>message_id</c> until it gets a 200, so that id is the alert's id.
/// </summary>
public static class KoFiWebhook
{
    public const string Service = "kofi";

    public static KoFiOutcome Read(string? data, KoFiOptions options, DateTimeOffset now, out Alert? tip)
    {
        tip = null;
        if (!options.IsConfigured) return KoFiOutcome.NotConfigured;
        if (string.IsNullOrEmpty(data)) return KoFiOutcome.Malformed;
        try
        {
            using var json = JsonDocument.Parse(data);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return KoFiOutcome.Malformed;
            var token = root.TryGetProperty("verification_token", out var v) ? v.GetString() : null;
            if (token is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(options.VerificationToken!)))
                return KoFiOutcome.WrongToken;
            var id = Text(root, "message_id") ?? Text(root, "kofi_transaction_id");
            var currency = Text(root, "currency");
            if (id is null || string.IsNullOrWhiteSpace(currency) || !root.TryGetProperty("amount", out var a) || !TipAlert.TryAmount(a, out var amount))
                return KoFiOutcome.Malformed;
            var isPublic = !root.TryGetProperty("is_public", out var p) || p.ValueKind != JsonValueKind.False;
            var sentAt = root.TryGetProperty("timestamp", out var ts) && ts.TryGetDateTimeOffset(out var at) ? at : now;
            tip = TipAlert.Create(Service, id, Text(root, "from_name"), amount, currency, isPublic ? Text(root, "message") : null, sentAt, now,
                Text(root, "tier_name"));
            return KoFiOutcome.Accepted;
        }
        catch (JsonException)
        {
            return KoFiOutcome.Malformed;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
