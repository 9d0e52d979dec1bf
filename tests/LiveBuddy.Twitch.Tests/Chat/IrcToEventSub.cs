using System.Globalization;
using System.Text.Json.Nodes;
using LiveBuddy.Twitch.Chat;

namespace LiveBuddy.Twitch.Tests.Chat;

/// <summary>
/// Writes the EventSub notification Twitch sends for the same chat as a raw IRC line, following Twitch's
/// "Migrating from IRC" guide and the EventSub reference (channel.chat.message, .notification, .message_delete,
/// .clear, .clear_user_messages): badges and badge-info become <c>badges</c>, the <c>emotes</c> ranges (code points,
/// inclusive) become emote fragments, <c>bits</c> becomes <c>cheer</c>, <c>first-msg</c> the <c>user_intro</c> message
/// type, <c>reply-parent-msg-id</c> the <c>reply</c>, <c>source-*</c> the Shared Chat fields, USERNOTICE msg-ids the
/// notice types. It is test code, independent of either mapper, so golden tests can hold the two transports to the
/// same Core events. Null for kinds EventSub has no notification for (ritual, viewermilestone, rewardgift…).
/// </summary>
internal static class IrcToEventSub
{
    public sealed record Frame(string Type, string Json);

    public static Frame? Convert(string raw, string sessionId)
    {
        var (tags, nick, command, channel, text) = Split(raw);
        if (channel is null || !tags.TryGetValue("tmi-sent-ts", out var ts) || !long.TryParse(ts, CultureInfo.InvariantCulture, out var ms)) return null;
        var roomId = tags.GetValueOrDefault("room-id") ?? "";
        // IRC's mod tag without a moderator badge: EventSub tells roles only by badges, so there is no same chat to write.
        if (tags.GetValueOrDefault("mod") == "1" && !(tags.GetValueOrDefault("badges") ?? "").Split(',').Any(b => b.StartsWith("moderator/", StringComparison.Ordinal) || b.StartsWith("broadcaster/", StringComparison.Ordinal)))
            return null;
        // A /me line: EventSub carries the words without IRC's CTCP ACTION wrapper (and emote positions count from them).
        if (text is not null && text.StartsWith("\u0001ACTION ", StringComparison.Ordinal)) text = text["\u0001ACTION ".Length..].TrimEnd('\u0001');
        var login = tags.GetValueOrDefault("login") ?? nick ?? "";
        var e = new JsonObject
        {
            ["broadcaster_user_id"] = roomId,
            ["broadcaster_user_login"] = channel,
            ["broadcaster_user_name"] = channel,
        };
        string type;
        string messageId;
        switch (command)
        {
            case "PRIVMSG":
                if (!tags.TryGetValue("id", out var id) || string.IsNullOrEmpty(text)) return null;
                type = "channel.chat.message";
                messageId = Guid.NewGuid().ToString();
                Chatter(e, tags, login);
                e["message_id"] = id;
                e["message"] = new JsonObject { ["text"] = text, ["fragments"] = Fragments(text, tags.GetValueOrDefault("emotes") ?? "") };
                e["message_type"] = tags.GetValueOrDefault("first-msg") == "1" ? "user_intro" : "text";
                e["cheer"] = tags.TryGetValue("bits", out var bits) && int.TryParse(bits, CultureInfo.InvariantCulture, out var b) && b > 0 ? new JsonObject { ["bits"] = b } : null;
                e["reply"] = tags.TryGetValue("reply-parent-msg-id", out var parent) && parent.Length > 0
                    ? new JsonObject
                    {
                        ["parent_message_id"] = parent,
                        ["parent_message_body"] = tags.GetValueOrDefault("reply-parent-msg-body") ?? "",
                        ["parent_user_id"] = tags.GetValueOrDefault("reply-parent-user-id") ?? "",
                        ["parent_user_login"] = tags.GetValueOrDefault("reply-parent-user-login") ?? "",
                        ["parent_user_name"] = tags.GetValueOrDefault("reply-parent-display-name") ?? "",
                        ["thread_message_id"] = tags.GetValueOrDefault("reply-thread-parent-msg-id") ?? parent,
                    }
                    : null;
                e["channel_points_custom_reward_id"] = tags.GetValueOrDefault("custom-reward-id");
                Source(e, tags);
                break;
            case "USERNOTICE":
                if (!tags.TryGetValue("id", out var noticeId) || !tags.TryGetValue("msg-id", out var msgId)) return null;
                var notice = Notice(msgId, tags);
                if (notice is null) return null;
                type = "channel.chat.notification";
                messageId = Guid.NewGuid().ToString();
                var anonymous = msgId is "anonsubgift" or "anonsubmysterygift"
                    || (login == "ananonymousgifter" && msgId is "subgift" or "submysterygift");
                Chatter(e, tags, login);
                e["chatter_is_anonymous"] = anonymous;
                e["system_message"] = tags.GetValueOrDefault("system-msg") ?? "";
                e["message_id"] = noticeId;
                e["message"] = new JsonObject { ["text"] = text ?? "", ["fragments"] = new JsonArray() };
                e["notice_type"] = notice.Value.Type;
                e[notice.Value.Type] = notice.Value.Body;
                Source(e, tags);
                break;
            case "CLEARMSG":
                if (!tags.TryGetValue("target-msg-id", out var target)) return null;
                type = "channel.chat.message_delete";
                messageId = Guid.NewGuid().ToString();
                e["target_user_id"] = "";
                e["target_user_login"] = tags.GetValueOrDefault("login");
                e["target_user_name"] = tags.GetValueOrDefault("login");
                e["message_id"] = target;
                break;
            case "CLEARCHAT":
                messageId = Guid.NewGuid().ToString();
                if (string.IsNullOrEmpty(text))
                {
                    type = "channel.chat.clear";
                    break;
                }
                if (!tags.TryGetValue("target-user-id", out var targetId)) return null;
                type = "channel.chat.clear_user_messages";
                e["target_user_id"] = targetId;
                e["target_user_login"] = text;
                e["target_user_name"] = text;
                break;
            default:
                return null;
        }
        var frame = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["message_id"] = messageId,
                ["message_type"] = "notification",
                ["message_timestamp"] = DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'000000Z'", CultureInfo.InvariantCulture),
                ["subscription_type"] = type,
                ["subscription_version"] = "1",
            },
            ["payload"] = new JsonObject
            {
                ["subscription"] = new JsonObject
                {
                    ["id"] = Guid.NewGuid().ToString(), ["status"] = "enabled", ["type"] = type, ["version"] = "1",
                    ["condition"] = new JsonObject { ["broadcaster_user_id"] = roomId, ["user_id"] = "900" },
                    ["transport"] = new JsonObject { ["method"] = "websocket", ["session_id"] = sessionId },
                    ["created_at"] = "2024-01-01T00:00:00Z", ["cost"] = 0,
                },
                ["event"] = e,
            },
        };
        return new Frame(type, frame.ToJsonString());
    }

    private static void Chatter(JsonObject e, Dictionary<string, string> tags, string login)
    {
        e["chatter_user_id"] = tags.GetValueOrDefault("user-id") ?? "";
        e["chatter_user_login"] = login;
        var display = tags.GetValueOrDefault("display-name");
        e["chatter_user_name"] = string.IsNullOrEmpty(display) ? login : display;
        e["color"] = tags.GetValueOrDefault("color") ?? "";
        e["badges"] = Badges(tags.GetValueOrDefault("badges"), tags.GetValueOrDefault("badge-info"));
    }

    private static void Source(JsonObject e, Dictionary<string, string> tags)
    {
        if (!tags.TryGetValue("source-room-id", out var sourceRoom) || sourceRoom.Length == 0) return;
        e["source_broadcaster_user_id"] = sourceRoom;
        e["source_broadcaster_user_login"] = null; // IRC does not name the partner channel
        e["source_broadcaster_user_name"] = null;
        e["source_message_id"] = tags.GetValueOrDefault("source-id");
        e["source_badges"] = Badges(tags.GetValueOrDefault("source-badges"), tags.GetValueOrDefault("source-badge-info"));
    }

    private static JsonArray Badges(string? badges, string? info)
    {
        var result = new JsonArray();
        var infos = (info ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(i => i.Split('/', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        foreach (var badge in (badges ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var slash = badge.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0) continue;
            var name = badge[..slash];
            result.Add(new JsonObject { ["set_id"] = name, ["id"] = badge[(slash + 1)..], ["info"] = infos.GetValueOrDefault(name) ?? "" });
        }
        return result;
    }

    /// <summary>Text and emote fragments from the emotes tag: code-point ranges, inclusive; past the end clamped; overlaps dropped.</summary>
    private static JsonArray Fragments(string text, string emotesTag)
    {
        var points = new List<string>();
        for (var i = 0; i < text.Length; i++)
            points.Add(char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? text.Substring(i++, 2) : text[i].ToString());
        var ranges = new List<(int Start, int End, string Id)>();
        foreach (var group in emotesTag.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = group.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) continue;
            foreach (var range in group[(colon + 1)..].Split(','))
            {
                var dash = range.IndexOf('-', StringComparison.Ordinal);
                if (dash > 0 && int.TryParse(range[..dash], CultureInfo.InvariantCulture, out var s) && int.TryParse(range[(dash + 1)..], CultureInfo.InvariantCulture, out var end) && end >= s && s >= 0)
                    ranges.Add((s, end, group[..colon]));
            }
        }
        var fragments = new JsonArray();
        var pos = 0;
        foreach (var (start, end, id) in ranges.OrderBy(r => r.Start))
        {
            if (start < pos || start >= points.Count) continue;
            if (start > pos) fragments.Add(TextFragment(string.Concat(points.Skip(pos).Take(start - pos))));
            var last = Math.Min(end, points.Count - 1);
            fragments.Add(new JsonObject
            {
                ["type"] = "emote",
                ["text"] = string.Concat(points.Skip(start).Take(last - start + 1)),
                ["cheermote"] = null,
                ["emote"] = new JsonObject { ["id"] = id, ["emote_set_id"] = "0", ["format"] = new JsonArray("static") },
                ["mention"] = null,
            });
            pos = last + 1;
        }
        if (pos < points.Count) fragments.Add(TextFragment(string.Concat(points.Skip(pos))));
        return fragments;
    }

    private static JsonObject TextFragment(string text) =>
        new() { ["type"] = "text", ["text"] = text, ["cheermote"] = null, ["emote"] = null, ["mention"] = null };

    private static (string Type, JsonObject Body)? Notice(string msgId, Dictionary<string, string> tags)
    {
        string? Param(string name) => tags.GetValueOrDefault("msg-param-" + name);
        int Number(string name) => int.TryParse(Param(name), CultureInfo.InvariantCulture, out var n) ? n : 0;
        var plan = Param("sub-plan");
        var prime = plan == "Prime";
        var tier = prime ? "1000" : plan;
        switch (msgId)
        {
            case "sub":
                return ("sub", new JsonObject { ["sub_tier"] = tier, ["is_prime"] = prime, ["duration_months"] = Math.Max(1, Number("multimonth-duration")) });
            case "resub":
                return ("resub", new JsonObject
                {
                    ["cumulative_months"] = Number("cumulative-months") > 0 ? Number("cumulative-months") : Number("months"),
                    ["duration_months"] = Number("multimonth-duration"), ["streak_months"] = Number("streak-months") > 0 ? Number("streak-months") : null,
                    ["sub_tier"] = tier, ["is_prime"] = prime, ["is_gift"] = Param("was-gifted") == "true",
                });
            case "subgift" or "anonsubgift":
                return ("sub_gift", new JsonObject
                {
                    ["duration_months"] = Math.Max(1, Number("gift-months")), ["cumulative_total"] = Number("sender-count") > 0 ? Number("sender-count") : null,
                    ["recipient_user_id"] = Param("recipient-id"), ["recipient_user_login"] = Param("recipient-user-name") ?? Param("recipient-name"),
                    ["recipient_user_name"] = Param("recipient-display-name"), ["sub_tier"] = tier, ["community_gift_id"] = Param("community-gift-id"),
                });
            case "submysterygift" or "anonsubmysterygift":
                return ("community_sub_gift", new JsonObject
                {
                    ["id"] = Param("community-gift-id") ?? tags["id"], ["total"] = Number("mass-gift-count"), ["sub_tier"] = tier,
                    ["cumulative_total"] = Number("sender-count") > 0 ? Number("sender-count") : null,
                });
            case "giftpaidupgrade" or "anongiftpaidupgrade":
                return ("gift_paid_upgrade", new JsonObject
                {
                    ["gifter_is_anonymous"] = msgId.StartsWith("anon", StringComparison.Ordinal), ["gifter_user_id"] = null,
                    ["gifter_user_login"] = Param("sender-login"), ["gifter_user_name"] = Param("sender-name"),
                });
            case "primepaidupgrade":
                return ("prime_paid_upgrade", new JsonObject { ["sub_tier"] = tier });
            case "raid":
                return ("raid", new JsonObject
                {
                    ["user_id"] = tags.GetValueOrDefault("user-id"), ["user_login"] = Param("login"), ["user_name"] = Param("displayName"),
                    ["viewer_count"] = Number("viewerCount"), ["profile_image_url"] = Param("profileImageURL"),
                });
            case "announcement":
                return ("announcement", new JsonObject { ["color"] = Param("color") ?? "PRIMARY" });
            case "bitsbadgetier":
                return ("bits_badge_tier", new JsonObject { ["tier"] = Number("threshold") });
            case "sharedchatnotice" when tags.GetValueOrDefault("source-msg-id") is { Length: > 0 } source:
                var inner = Notice(source, tags);
                return inner is null ? null : ("shared_chat_" + inner.Value.Type, inner.Value.Body);
            default:
                return null; // ritual, rewardgift, viewermilestone, modiversary, socialsharingbadge: no EventSub notice type
        }
    }

    private static (Dictionary<string, string> Tags, string? Nick, string Command, string? Channel, string? Text) Split(string raw)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = raw;
        if (rest.StartsWith('@'))
        {
            var space = rest.IndexOf(' ', StringComparison.Ordinal);
            foreach (var pair in rest[1..space].Split(';'))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0) tags[pair[..eq]] = IrcTags.Unescape(pair.AsSpan(eq + 1));
                else if (pair.Length > 0) tags[pair] = "";
            }
            rest = rest[(space + 1)..];
        }
        string? nick = null;
        if (rest.StartsWith(':'))
        {
            var space = rest.IndexOf(' ', StringComparison.Ordinal);
            var prefix = rest[1..space];
            var bang = prefix.IndexOf('!', StringComparison.Ordinal);
            nick = bang > 0 ? prefix[..bang] : bang == 0 ? prefix[1..].Split('@')[0] : prefix.Contains('.', StringComparison.Ordinal) ? null : prefix;
            rest = rest[(space + 1)..];
        }
        var trailingAt = rest.IndexOf(" :", StringComparison.Ordinal);
        var text = trailingAt >= 0 ? rest[(trailingAt + 2)..] : null;
        var middle = (trailingAt >= 0 ? rest[..trailingAt] : rest).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var channel = middle.Length > 1 && middle[1].StartsWith('#') ? middle[1][1..] : null;
        if (text is null && middle.Length > 2) text = middle[2];
        return (tags, nick, middle[0], channel, text);
    }
}
