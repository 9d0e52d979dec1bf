using System.Globalization;
using W = LiveBuddy.YouTube.Chat.Streaming.Wire;

namespace LiveBuddy.YouTube.Chat.Streaming;

/// <summary>
/// A streamList response in the shape <c>liveChatMessages.list</c> returns, so one mapper (and one set of skip
/// counters) serves both readers. Enum values become the API's camelCase JSON names (<c>TEXT_MESSAGE_EVENT</c> →
/// <c>textMessageEvent</c>); 64-bit numbers become the strings the JSON API uses; a field the server did not set
/// stays null, as it does when the JSON leaves it out.
/// </summary>
internal static class WireTranslation
{
    public static Api.LiveChatMessageListResponse ToResource(W.LiveChatMessageListResponse r) => new()
    {
        Kind = r.HasKind ? r.Kind : null,
        ETag = r.HasEtag ? r.Etag : null,
        NextPageToken = r.HasNextPageToken ? r.NextPageToken : null,
        OfflineAt = r.HasOfflineAt ? r.OfflineAt : null,
        Items = r.Items.Select(ToResource).ToList(),
        ActivePollItem = r.ActivePollItem is { } poll ? ToResource(poll) : null,
    };

    public static Api.LiveChatMessage ToResource(W.LiveChatMessage m) => new()
    {
        Kind = m.HasKind ? m.Kind : null,
        ETag = m.HasEtag ? m.Etag : null,
        Id = m.HasId ? m.Id : null,
        Snippet = m.Snippet is { } s ? Snippet(s) : null,
        AuthorDetails = m.AuthorDetails is { } a ? new Api.LiveChatMessageAuthorDetails
        {
            ChannelId = a.HasChannelId ? a.ChannelId : null,
            ChannelUrl = a.HasChannelUrl ? a.ChannelUrl : null,
            DisplayName = a.HasDisplayName ? a.DisplayName : null,
            ProfileImageUrl = a.HasProfileImageUrl ? a.ProfileImageUrl : null,
            IsVerified = a.HasIsVerified ? a.IsVerified : null,
            IsChatOwner = a.HasIsChatOwner ? a.IsChatOwner : null,
            IsChatSponsor = a.HasIsChatSponsor ? a.IsChatSponsor : null,
            IsChatModerator = a.HasIsChatModerator ? a.IsChatModerator : null,
        } : null,
    };

    private static Api.LiveChatMessageSnippet Snippet(W.LiveChatMessageSnippet s) => new()
    {
        Type = s.HasType ? TypeName(s.Type) : null,
        LiveChatId = s.HasLiveChatId ? s.LiveChatId : null,
        AuthorChannelId = s.HasAuthorChannelId ? s.AuthorChannelId : null,
        PublishedAt = s.HasPublishedAt ? s.PublishedAt : null,
        HasDisplayContent = s.HasHasDisplayContent ? s.HasDisplayContent : null,
        DisplayMessage = s.HasDisplayMessage ? s.DisplayMessage : null,
        TextMessageDetails = s.TextMessageDetails is { } t ? new Api.TextMessageDetails { MessageText = t.HasMessageText ? t.MessageText : null } : null,
        MessageDeletedDetails = s.MessageDeletedDetails is { } d
            ? new Api.MessageDeletedDetails { DeletedMessageId = d.HasDeletedMessageId ? d.DeletedMessageId : null } : null,
        MessageRetractedDetails = s.MessageRetractedDetails is { } r
            ? new Api.MessageRetractedDetails { RetractedMessageId = r.HasRetractedMessageId ? r.RetractedMessageId : null } : null,
        UserBannedDetails = s.UserBannedDetails is { } b ? new Api.UserBannedDetails
        {
            BannedUserDetails = b.BannedUserDetails is { } u ? new Api.ChannelProfileDetails
            {
                ChannelId = u.HasChannelId ? u.ChannelId : null,
                ChannelUrl = u.HasChannelUrl ? u.ChannelUrl : null,
                DisplayName = u.HasDisplayName ? u.DisplayName : null,
                ProfileImageUrl = u.HasProfileImageUrl ? u.ProfileImageUrl : null,
            } : null,
            BanType = b.HasBanType ? CamelCase(b.BanType.ToString()) : null,
            BanDurationSeconds = b.HasBanDurationSeconds ? Invariant(b.BanDurationSeconds) : null,
        } : null,
        SuperChatDetails = s.SuperChatDetails is { } c ? new Api.SuperChatDetails
        {
            AmountMicros = c.HasAmountMicros ? Invariant(c.AmountMicros) : null,
            Currency = c.HasCurrency ? c.Currency : null,
            AmountDisplayString = c.HasAmountDisplayString ? c.AmountDisplayString : null,
            UserComment = c.HasUserComment ? c.UserComment : null,
            Tier = c.HasTier ? c.Tier : null,
        } : null,
        SuperStickerDetails = s.SuperStickerDetails is { } k ? new Api.SuperStickerDetails
        {
            AmountMicros = k.HasAmountMicros ? Invariant(k.AmountMicros) : null,
            Currency = k.HasCurrency ? k.Currency : null,
            AmountDisplayString = k.HasAmountDisplayString ? k.AmountDisplayString : null,
            Tier = k.HasTier ? k.Tier : null,
            SuperStickerMetadata = k.SuperStickerMetadata is { } md ? new Api.SuperStickerMetadata
            {
                StickerId = md.HasStickerId ? md.StickerId : null,
                AltText = md.HasAltText ? md.AltText : null,
                Language = md.HasAltTextLanguage ? md.AltTextLanguage : null,
            } : null,
        } : null,
        NewSponsorDetails = s.NewSponsorDetails is { } n ? new Api.NewSponsorDetails
        {
            MemberLevelName = n.HasMemberLevelName ? n.MemberLevelName : null,
            IsUpgrade = n.HasIsUpgrade ? n.IsUpgrade : null,
        } : null,
        MemberMilestoneChatDetails = s.MemberMilestoneChatDetails is { } ms ? new Api.MemberMilestoneChatDetails
        {
            MemberLevelName = ms.HasMemberLevelName ? ms.MemberLevelName : null,
            MemberMonth = ms.HasMemberMonth ? ms.MemberMonth : null,
            UserComment = ms.HasUserComment ? ms.UserComment : null,
        } : null,
        MembershipGiftingDetails = s.MembershipGiftingDetails is { } g ? new Api.MembershipGiftingDetails
        {
            GiftMembershipsCount = g.HasGiftMembershipsCount ? g.GiftMembershipsCount : null,
            GiftMembershipsLevelName = g.HasGiftMembershipsLevelName ? g.GiftMembershipsLevelName : null,
        } : null,
        GiftMembershipReceivedDetails = s.GiftMembershipReceivedDetails is { } gr ? new Api.GiftMembershipReceivedDetails
        {
            MemberLevelName = gr.HasMemberLevelName ? gr.MemberLevelName : null,
            GifterChannelId = gr.HasGifterChannelId ? gr.GifterChannelId : null,
            AssociatedMembershipGiftingMessageId = gr.HasAssociatedMembershipGiftingMessageId ? gr.AssociatedMembershipGiftingMessageId : null,
        } : null,
        PollDetails = s.PollDetails is { } p ? new Api.PollDetails
        {
            Status = p.HasStatus ? CamelCase(p.Status.ToString()) : null,
            Metadata = p.Metadata is { } pm ? new Api.PollMetadata
            {
                QuestionText = pm.HasQuestionText ? pm.QuestionText : null,
                Options = pm.Options.Select(o => new Api.PollOption
                {
                    OptionText = o.HasOptionText ? o.OptionText : null,
                    Tally = o.HasTally ? Invariant(o.Tally) : null,
                }).ToList(),
            } : null,
        } : null,
        GiftDetails = s.GiftDetails is { } gd ? new Api.GiftDetails
        {
            GiftName = gd.HasGiftName ? gd.GiftName : null,
            GiftUrl = gd.HasGiftUrl ? gd.GiftUrl : null,
            AltText = gd.HasAltText ? gd.AltText : null,
            ComboCount = gd.HasComboCount ? gd.ComboCount : null,
            JewelsCount = gd.HasJewelsCount ? gd.JewelsCount : null,
            HasVisualEffect = gd.HasHasVisualEffect ? gd.HasVisualEffect : null,
            Language = gd.HasLanguage ? gd.Language : null,
        } : null,
    };

    /// <summary>
    /// The JSON name of a message type. A number this schema does not know (a type YouTube added after it) becomes
    /// <c>type{N}</c>, which the mapper counts and shows as an unknown type rather than losing it.
    /// </summary>
    internal static string TypeName(W.LiveChatMessageSnippet.Types.TypeWrapper.Types.Type type) =>
        Enum.IsDefined(type) ? CamelCase(type.ToString()) : "type" + ((int)type).ToString(CultureInfo.InvariantCulture);

    private static string CamelCase(string pascal) => pascal.Length == 0 ? pascal : char.ToLowerInvariant(pascal[0]) + pascal[1..];

    private static string Invariant(ulong value) => value.ToString(CultureInfo.InvariantCulture);
    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
