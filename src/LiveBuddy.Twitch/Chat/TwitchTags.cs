namespace LiveBuddy.Twitch.Chat;

/// <summary>
/// The Twitch tags the mapper reads, found in one pass over the tag section (later duplicates win).
/// Values stay escaped spans over the line until a string is needed.
/// </summary>
internal ref struct TwitchTags
{
    public ReadOnlySpan<char> Id;
    public ReadOnlySpan<char> UserId;
    public ReadOnlySpan<char> Login;
    public ReadOnlySpan<char> DisplayName;
    public ReadOnlySpan<char> Color;
    public ReadOnlySpan<char> Badges;
    public ReadOnlySpan<char> BadgeInfo;
    public ReadOnlySpan<char> Emotes;
    public ReadOnlySpan<char> SentTs;
    public ReadOnlySpan<char> RoomId;
    public ReadOnlySpan<char> Bits;
    public ReadOnlySpan<char> ReplyParentMsgId;
    public ReadOnlySpan<char> FirstMsg;
    public ReadOnlySpan<char> Mod;
    public ReadOnlySpan<char> MsgId;
    public ReadOnlySpan<char> SystemMsg;
    public ReadOnlySpan<char> SubPlan;
    public ReadOnlySpan<char> CumulativeMonths;
    public ReadOnlySpan<char> Months;
    public ReadOnlySpan<char> RecipientId;
    public ReadOnlySpan<char> RecipientLogin;
    public ReadOnlySpan<char> RecipientDisplayName;
    public ReadOnlySpan<char> MassGiftCount;
    public ReadOnlySpan<char> CommunityGiftId;
    public ReadOnlySpan<char> ViewerCount;
    public ReadOnlySpan<char> TargetUserId;
    public ReadOnlySpan<char> BanDuration;
    public ReadOnlySpan<char> TargetMsgId;
    public ReadOnlySpan<char> SourceMsgId;

    public static TwitchTags Read(in IrcMessage message)
    {
        var t = default(TwitchTags);
        foreach (var tag in message.Tags)
        {
            var v = tag.Value;
            switch (tag.Key)
            {
                case "id": t.Id = v; break;
                case "user-id": t.UserId = v; break;
                case "login": t.Login = v; break;
                case "display-name": t.DisplayName = v; break;
                case "color": t.Color = v; break;
                case "badges": t.Badges = v; break;
                case "badge-info": t.BadgeInfo = v; break;
                case "emotes": t.Emotes = v; break;
                case "tmi-sent-ts": t.SentTs = v; break;
                case "room-id": t.RoomId = v; break;
                case "bits": t.Bits = v; break;
                case "reply-parent-msg-id": t.ReplyParentMsgId = v; break;
                case "first-msg": t.FirstMsg = v; break;
                case "mod": t.Mod = v; break;
                case "msg-id": t.MsgId = v; break;
                case "system-msg": t.SystemMsg = v; break;
                case "msg-param-sub-plan": t.SubPlan = v; break;
                case "msg-param-cumulative-months": t.CumulativeMonths = v; break;
                case "msg-param-months": t.Months = v; break;
                case "msg-param-recipient-id": t.RecipientId = v; break;
                case "msg-param-recipient-user-name": t.RecipientLogin = v; break;
                case "msg-param-recipient-name": if (t.RecipientLogin.IsEmpty) t.RecipientLogin = v; break;
                case "msg-param-recipient-display-name": t.RecipientDisplayName = v; break;
                case "msg-param-mass-gift-count": t.MassGiftCount = v; break;
                case "msg-param-community-gift-id": t.CommunityGiftId = v; break;
                case "msg-param-viewerCount": t.ViewerCount = v; break;
                case "target-user-id": t.TargetUserId = v; break;
                case "ban-duration": t.BanDuration = v; break;
                case "target-msg-id": t.TargetMsgId = v; break;
                case "source-msg-id": t.SourceMsgId = v; break;
            }
        }
        return t;
    }
}
