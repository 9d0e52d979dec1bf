using System.Globalization;
using LiveBuddy.Core.Events;

namespace LiveBuddy.Tips.Tips;

/// <summary>
/// Builds the <see cref="AlertKind.Tip"/> alert every tip service's money becomes. Its <see cref="Alert.DedupeKey"/>
/// is the money itself (who, how much, which currency), and <see cref="Alert.Origin"/> the service, so the alert queue
/// announces one alert when two services report the same tip (Ko-fi through Streamlabs and Ko-fi's own webhook).
/// </summary>
public static class TipAlert
{
    public static Alert Create(string service, string id, string? name, decimal amount, string currency, string? message,
        DateTimeOffset sentAt, DateTimeOffset receivedAt, string? tier = null)
    {
        var display = string.IsNullOrWhiteSpace(name) ? "Anonymous" : name.Trim();
        var code = currency.Trim().ToUpperInvariant();
        return new Alert
        {
            Platform = Platform.Tips,
            Id = service + ":" + id,
            Channel = service,
            SentAt = sentAt,
            ReceivedAt = receivedAt,
            Kind = AlertKind.Tip,
            Author = new Author { Id = service + ":" + display.ToLowerInvariant(), Name = display.ToLowerInvariant(), DisplayName = display },
            Amount = amount,
            Currency = code,
            Message = string.IsNullOrWhiteSpace(message) ? null : message,
            Tier = tier,
            SystemText = service,
            DedupeKey = string.Create(CultureInfo.InvariantCulture, $"tip:{display.ToLowerInvariant()}:{amount:0.00}:{code}"),
            Origin = service,
        };
    }

    /// <summary>
    /// A Twitch cheer or YouTube Super Chat a tip service passes on: the platform's own alert kind on the platform, so an
    /// overlay shows it as the platform's, and the alert queue folds it with the platform's own report of it by its money key
    /// (platform, viewer, amount, currency): one alert when LiveBuddy also reads that platform, the only one when it does not.
    /// </summary>
    public static Alert Relayed(string service, Platform platform, AlertKind kind, string id, string? name, decimal amount, string currency,
        string? message, DateTimeOffset sentAt, DateTimeOffset receivedAt)
    {
        var display = string.IsNullOrWhiteSpace(name) ? "Anonymous" : name.Trim();
        return new Alert
        {
            Platform = platform,
            Id = service + ":" + id,
            Channel = service,
            SentAt = sentAt,
            ReceivedAt = receivedAt,
            Kind = kind,
            Author = new Author { Id = service + ":" + display.ToLowerInvariant(), Name = display.ToLowerInvariant(), DisplayName = display },
            Amount = amount,
            Currency = currency.Trim().ToUpperInvariant(),
            Message = string.IsNullOrWhiteSpace(message) ? null : message,
            SystemText = "via " + service,
            Origin = service,
        };
    }

    /// <summary>Reads an amount the services send as a number or as a string ("13.37").</summary>
    public static bool TryAmount(System.Text.Json.JsonElement value, out decimal amount)
    {
        amount = 0;
        return value.ValueKind switch
        {
            System.Text.Json.JsonValueKind.Number => value.TryGetDecimal(out amount) && amount >= 0,
            System.Text.Json.JsonValueKind.String => decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out amount) && amount >= 0,
            _ => false,
        };
    }
}
