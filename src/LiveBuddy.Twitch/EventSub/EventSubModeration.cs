using System.Collections.Concurrent;
using System.Text.Json;
using LiveBuddy.Twitch.Auth;

namespace LiveBuddy.Twitch.EventSub;

/// <summary>
/// Timeouts with their length when chat is read over EventSub. <c>channel.chat.clear_user_messages</c> says whose
/// messages were cleared but not for how long, so on its own a timeout reads as a ban. <c>channel.moderate</c> v2 says
/// which it was (with the timeout's <c>expires_at</c>), so for each channel where Twitch accepted that subscription it is
/// the one report of bans and timeouts, and that channel's <c>clear_user_messages</c> are folded into it (counted as
/// <c>twitch.eventsub.folded_clears</c>). Without the scopes, or where Twitch refuses the subscription (the account is
/// not one of the channel's moderators), chat works as before and the status line <see cref="StatusName"/> says why.
/// </summary>
internal sealed class EventSubModeration
{
    /// <summary>The status line (control page, <c>/healthz</c>).</summary>
    public const string StatusName = "twitch-timeouts";

    /// <summary>
    /// What Twitch's EventSub reference asks of a user token for <c>channel.moderate</c> v2: each group, one of its scopes.
    /// LiveBuddy asks for the <c>manage</c> ones it already uses and the <c>read</c> ones of the rest (<see cref="TwitchScopes"/>).
    /// </summary>
    public static readonly IReadOnlyList<string[]> ScopeGroups =
    [
        ["moderator:read:blocked_terms", "moderator:manage:blocked_terms"],
        ["moderator:read:chat_settings", "moderator:manage:chat_settings"],
        ["moderator:read:unban_requests", "moderator:manage:unban_requests"],
        ["moderator:read:banned_users", "moderator:manage:banned_users"],
        ["moderator:read:chat_messages", "moderator:manage:chat_messages"],
        ["moderator:read:warnings", "moderator:manage:warnings"],
        ["moderator:read:moderators"],
        ["moderator:read:vips"],
    ];

    private readonly ConcurrentDictionary<string, bool> _channels = new(StringComparer.Ordinal);

    /// <summary>The scope groups the sign-in lacks, each as "a or b"; empty when it may subscribe.</summary>
    public static IReadOnlyList<string> MissingScopes(TwitchSignIn signIn) =>
        ScopeGroups.Where(group => !group.Any(s => signIn.Scopes.Contains(s, StringComparer.Ordinal))).Select(group => string.Join(" or ", group)).ToList();

    /// <summary>A new session: no channel has the subscription until Twitch accepts it again.</summary>
    public void Reset() => _channels.Clear();

    /// <summary>Twitch accepted <c>channel.moderate</c> for this broadcaster.</summary>
    public void Subscribed(string broadcasterId) => _channels[broadcasterId] = true;

    /// <summary>Twitch revoked it (the account is no longer a moderator there): clears read as before again.</summary>
    public void Lost(string broadcasterId) => _channels.TryRemove(broadcasterId, out _);

    public bool Covers(string? broadcasterId) => broadcasterId is not null && _channels.ContainsKey(broadcasterId);

    /// <summary>True for a <c>clear_user_messages</c> of a channel whose bans and timeouts come from <c>channel.moderate</c>.</summary>
    public bool Folds(string type, JsonElement body) =>
        type == "channel.chat.clear_user_messages" && !_channels.IsEmpty
        && body.ValueKind == JsonValueKind.Object && body.TryGetProperty("broadcaster_user_id", out var id) && id.ValueKind == JsonValueKind.String
        && Covers(id.GetString());
}
