using LiveBuddy.Core.Events;
using LiveBuddy.YouTube.Api;
using LiveBuddy.YouTube.Chat;

namespace LiveBuddy.YouTube.Gifts;

/// <summary>
/// A <c>giftEvent</c> (a viewer sent a gift bought with Jewels) as an alert: the gift's name and image, the combo as
/// the count, and the Jewels spent (<c>jewelsCount × comboCount</c>) as the amount in the unit <c>JEWELS</c>, the way
/// bits are counted in <c>BITS</c>. Reads the details under both names YouTube has used for them.
/// </summary>
internal static class GiftMapper
{
    public const string Unit = "JEWELS";

    public static Alert? Map(LiveChatMessageSnippet s, Author author, string id, string channel, DateTimeOffset sentAt, DateTimeOffset receivedAt)
    {
        var d = s.GiftDetails ?? s.GiftEventDetails;
        if (d is null || (string.IsNullOrEmpty(d.GiftName) && d.JewelsCount is null)) return null;
        var combo = (int)Math.Clamp(d.ComboCount ?? 1, 1, int.MaxValue);
        decimal? jewels = d.JewelsCount is { } each and >= 0 ? each * (decimal)combo : null;
        return new Alert
        {
            Platform = Platform.YouTube, Id = id, Channel = channel, SentAt = sentAt, ReceivedAt = receivedAt,
            Kind = AlertKind.Gift, Author = author, Count = combo,
            Amount = jewels, Currency = jewels is null ? null : Unit,
            ItemName = string.IsNullOrEmpty(d.GiftName) ? d.AltText : d.GiftName,
            ImageUrl = IsWebAddress(d.GiftUrl) ? d.GiftUrl : null,
            SystemText = s.DisplayMessage ?? d.AltText,
            DedupeKey = "gift:" + id, Origin = LiveChatMapper.Origin,
        };
    }

    // The overlay puts the address in an <img>: only http(s), never javascript: or data: from a hostile page.
    private static bool IsWebAddress(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
