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
