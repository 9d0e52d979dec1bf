using Newtonsoft.Json;

namespace LiveBuddy.YouTube.Api;

/// <summary>
/// <c>snippet.giftDetails</c> of a <c>giftEvent</c>: a viewer sent a gift bought with Jewels. The field was first
/// published as <c>giftEventDetails</c> and later renamed; <see cref="LiveChatMessageSnippet"/> reads both names.
/// Google's reference lists giftName, giftUrl (the image), altText, comboCount (sent so many times in a row),
/// giftDuration and hasVisualEffect; the price in Jewels is <c>jewelsCount</c> (per gift, so a combo is worth
/// <c>jewelsCount × comboCount</c>).
/// </summary>
public sealed record GiftDetails
{
    [JsonProperty("giftName")] public string? GiftName { get; init; }
    [JsonProperty("giftUrl")] public string? GiftUrl { get; init; }
    [JsonProperty("altText")] public string? AltText { get; init; }
    [JsonProperty("comboCount")] public long? ComboCount { get; init; }
    [JsonProperty("jewelsCount")] public long? JewelsCount { get; init; }
    [JsonProperty("hasVisualEffect")] public bool? HasVisualEffect { get; init; }
    [JsonProperty("language")] public string? Language { get; init; }
}
