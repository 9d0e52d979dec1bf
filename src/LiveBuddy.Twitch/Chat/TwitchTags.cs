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
    public ReadOnlySpan<char> SourceRoomId;
    public ReadOnlySpan<char> SourceId;

    public static TwitchTags Read(in IrcMessage message)
    {
        var t = default(TwitchTags);
        foreach (var tag in message.Tags) t.Set(tag.Key, tag.Value);
        return t;
    }

    // A string switch over spans hashes every character of every key; keys differ in length, so the length picks
    // one or two candidates and a comparison with a constant (unrolled by the JIT) settles it.
    private void Set(ReadOnlySpan<char> key, ReadOnlySpan<char> v)
    {
        switch (key.Length)
        {
            case 2:
                if (key is "id") Id = v;
                break;
            case 3:
                if (key is "mod") Mod = v;
                break;
            case 4:
                if (key is "bits") Bits = v;
                break;
            case 5:
                if (key is "color") Color = v;
                else if (key is "login") Login = v;
                break;
            case 6:
                if (key is "badges") Badges = v;
                else if (key is "emotes") Emotes = v;
                else if (key is "msg-id") MsgId = v;
                break;
            case 7:
                if (key is "user-id") UserId = v;
                else if (key is "room-id") RoomId = v;
                break;
            case 9:
                if (key is "first-msg") FirstMsg = v;
                else if (key is "source-id") SourceId = v;
                break;
            case 10:
                if (key is "badge-info") BadgeInfo = v;
                else if (key is "system-msg") SystemMsg = v;
                break;
            case 11:
                if (key is "tmi-sent-ts") SentTs = v;
                break;
            case 12:
                if (key is "display-name") DisplayName = v;
                else if (key is "ban-duration") BanDuration = v;
                break;
            case 13:
                if (key is "target-msg-id") TargetMsgId = v;
                else if (key is "source-msg-id") SourceMsgId = v;
                break;
            case 14:
                if (key is "target-user-id") TargetUserId = v;
                else if (key is "source-room-id") SourceRoomId = v;
                break;
            case 16:
                if (key is "msg-param-months") Months = v;
                break;
            case 18:
                if (key is "msg-param-sub-plan") SubPlan = v;
                break;
            case 19:
                if (key is "reply-parent-msg-id") ReplyParentMsgId = v;
                break;
            case 21:
                if (key is "msg-param-viewerCount") ViewerCount = v;
                break;
            case 22:
                if (key is "msg-param-recipient-id") RecipientId = v;
                break;
            case 24:
                if (key is "msg-param-recipient-name" && RecipientLogin.IsEmpty) RecipientLogin = v; // the older name of user-name
                break;
            case 25:
                if (key is "msg-param-mass-gift-count") MassGiftCount = v;
                break;
            case 27:
                if (key is "msg-param-cumulative-months") CumulativeMonths = v;
                else if (key is "msg-param-community-gift-id") CommunityGiftId = v;
                break;
            case 29:
                if (key is "msg-param-recipient-user-name") RecipientLogin = v;
                break;
            case 32:
                if (key is "msg-param-recipient-display-name") RecipientDisplayName = v;
                break;
        }
    }
}
