using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LiveBuddy.Core.ChannelPoints;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.HypeTrain;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Twitch.ChannelPoints;

namespace LiveBuddy.Twitch.EventSub;

/// <summary>
/// Turns one EventSub notification into a Core event. Alert dedupe keys follow the shared convention so the
/// alert queue folds EventSub and IRC reports of the same sub, gift, cheer or raid into one alert.
/// </summary>
internal sealed class EventSubMapper(Counters counters, ManagedRewards? rewards = null)
{
    public const string Origin = "eventsub";

    private static readonly EventSubJsonContext Json = EventSubJsonContext.Default;

    // Types we may receive (fixtures, or subscriptions someone else created) but do not make events of here: chat
    // lines go through EventSubChatMapper; automod and suspicious-user queues are not part of LiveBuddy.
    private static readonly HashSet<string> KnownUnused = new(StringComparer.Ordinal)
    {
        "channel.chat.message", "channel.chat.message_delete", "channel.chat.clear", "channel.chat.clear_user_messages",
        "channel.shared_chat.begin", "channel.shared_chat.update", "channel.shared_chat.end",
        "automod.message.hold", "automod.message.update", "channel.suspicious_user.message",
        "channel.suspicious_user.update", "channel.poll.progress", "channel.prediction.progress",
        "channel.prediction.lock", "channel.unban", "channel.channel_points_custom_reward_redemption.update",
    };

    private readonly Counter _knownUnused = counters.Get("twitch.eventsub.known_unused");
    private readonly Counter _unknown = counters.Get("twitch.eventsub.unknown_type");
    private readonly Counter _malformed = counters.Get("twitch.eventsub.malformed");
    private readonly Counter _notAlerts = counters.Get("twitch.eventsub.not_alert");

    /// <summary>The Core event for a notification, or null when it is skipped (and counted).</summary>
    public StreamEvent? Map(string messageId, string type, DateTimeOffset sentAt, DateTimeOffset receivedAt, JsonElement body)
    {
        var head = new Head(messageId, sentAt, receivedAt);
        try
        {
            var mapped = type switch
            {
                "channel.follow" => Follow(head, Read(body, Json.FollowEvent)),
                "channel.subscribe" => Subscribe(head, Read(body, Json.SubscribeEvent)),
                "channel.subscription.gift" => Gift(head, Read(body, Json.SubscriptionGiftEvent)),
                "channel.subscription.message" => Resub(head, Read(body, Json.SubscriptionMessageEvent)),
                "channel.cheer" => Cheer(head, Read(body, Json.CheerEvent)),
                "channel.raid" => Raid(head, Read(body, Json.RaidEvent)),
                "channel.channel_points_custom_reward_redemption.add" => Redemption(head, Read(body, Json.RedemptionEvent)),
                "channel.channel_points_custom_reward_redemption.update" => RedemptionUpdate(head, Read(body, Json.RedemptionEvent)),
                "stream.online" => Online(head, Read(body, Json.StreamOnlineEvent)),
                "stream.offline" => Offline(head, Read(body, Json.BroadcasterOnlyEvent)),
                "channel.update" => ChannelUpdate(head, Read(body, Json.ChannelUpdateEvent)),
                "channel.ban" => Ban(head, Read(body, Json.BanEvent)),
                "channel.moderate" => Moderate(head, Read(body, Json.ModerateEvent)),
                "channel.chat.notification" => ChatNotification(head, body),
                "channel.poll.begin" or "channel.poll.end" => Poll(head, type, Read(body, Json.PollEvent)),
                "channel.prediction.begin" or "channel.prediction.end" => Prediction(head, type, Read(body, Json.PredictionEvent)),
                "channel.hype_train.begin" => HypeTrain(head, HypeTrainPhase.Begin, Read(body, Json.HypeTrainEvent)),
                "channel.hype_train.progress" => HypeTrain(head, HypeTrainPhase.Progress, Read(body, Json.HypeTrainEvent)),
                "channel.hype_train.end" => HypeTrain(head, HypeTrainPhase.End, Read(body, Json.HypeTrainEvent)),
                _ => Unmapped(type),
            };
            return mapped;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            _malformed.Increment();
            return null;
        }
    }

    /// <summary>A chat notice maps as the chat transport maps it (the client publishes chat through the chat intake instead).</summary>
    private StreamEvent? ChatNotification(Head head, JsonElement body)
    {
        var events = new List<StreamEvent>(1);
        if (EventSubChatMapper.TryMap("channel.chat.notification", head.SentAt, head.ReceivedAt, body, events)) return events[0];
        _malformed.Increment();
        return null;
    }

    private StreamEvent? Unmapped(string type)
    {
        (KnownUnused.Contains(type) ? _knownUnused : _unknown).Increment();
        return null;
    }

    internal static T Read<T>(JsonElement body, JsonTypeInfo<T> info) =>
        body.ValueKind == JsonValueKind.Object
            ? body.Deserialize(info) ?? throw new JsonException("empty event")
            : throw new JsonException("event is not an object");

    internal static string Channel(string? login) =>
        string.IsNullOrEmpty(login) ? throw new FormatException("no broadcaster login") : login.ToLowerInvariant();

    private static Author Person(string? id, string? login, string? name)
    {
        if (string.IsNullOrEmpty(id) && string.IsNullOrEmpty(login)) return Author.Anonymous;
        var loginOrName = login ?? name ?? "";
        return new Author
        {
            Id = id ?? "",
            Name = loginOrName.ToLowerInvariant(),
            DisplayName = string.IsNullOrEmpty(name) ? loginOrName : name,
        };
    }

    private static Alert NewAlert(Head head, string channel, AlertKind kind) => new()
    {
        Platform = Platform.Twitch,
        Id = head.MessageId,
        Channel = channel,
        SentAt = head.SentAt,
        ReceivedAt = head.ReceivedAt,
        Kind = kind,
        Origin = Origin,
    };

    private static Alert Follow(Head head, FollowEvent e) =>
        NewAlert(head, Channel(e.BroadcasterUserLogin), AlertKind.Follow) with
        {
            Author = Person(e.UserId, e.UserLogin, e.UserName),
            DedupeKey = $"follow:{Required(e.UserId)}",
        };

    private Alert? Subscribe(Head head, SubscribeEvent e)
    {
        if (e.IsGift)
        {
            // The gifter's channel.subscription.gift announces it; the recipient's sub is not a second alert.
            _notAlerts.Increment();
            return null;
        }
        return NewAlert(head, Channel(e.BroadcasterUserLogin), AlertKind.Subscription) with
        {
            Author = Person(e.UserId, e.UserLogin, e.UserName),
            Tier = e.Tier,
            DedupeKey = $"sub:{Required(e.UserId)}",
        };
    }

    private static Alert Gift(Head head, SubscriptionGiftEvent e)
    {
        var gifter = e.IsAnonymous || string.IsNullOrEmpty(e.UserId) ? null : e.UserId;
        return NewAlert(head, Channel(e.BroadcasterUserLogin), e.Total > 1 ? AlertKind.GiftBomb : AlertKind.GiftSubscription) with
        {
            Author = gifter is null ? Author.Anonymous : Person(e.UserId, e.UserLogin, e.UserName),
            Count = e.Total,
            Tier = e.Tier,
            DedupeKey = $"gift:{gifter ?? "anon"}:{e.Total.ToString(CultureInfo.InvariantCulture)}",
        };
    }

    private static Alert Resub(Head head, SubscriptionMessageEvent e) =>
        NewAlert(head, Channel(e.BroadcasterUserLogin), AlertKind.Resubscription) with
        {
            Author = Person(e.UserId, e.UserLogin, e.UserName),
            Count = e.CumulativeMonths,
            Tier = e.Tier,
            Message = EmptyToNull(e.Message?.Text),
            DedupeKey = $"sub:{Required(e.UserId)}",
        };

    private static Alert Cheer(Head head, CheerEvent e)
    {
        var userId = e.IsAnonymous || string.IsNullOrEmpty(e.UserId) ? "anon" : e.UserId;
        return NewAlert(head, Channel(e.BroadcasterUserLogin), AlertKind.Bits) with
        {
            Author = e.IsAnonymous ? Author.Anonymous : Person(e.UserId, e.UserLogin, e.UserName),
            Amount = e.Bits,
            Currency = "BITS",
            Message = EmptyToNull(e.Message),
            DedupeKey = $"bits:{userId}:{e.Bits.ToString(CultureInfo.InvariantCulture)}",
        };
    }

    private static Alert Raid(Head head, RaidEvent e) =>
        NewAlert(head, Channel(e.ToBroadcasterUserLogin), AlertKind.Raid) with
        {
            Author = Person(e.FromBroadcasterUserId, e.FromBroadcasterUserLogin, e.FromBroadcasterUserName),
            Count = e.Viewers,
            DedupeKey = $"raid:{Required(e.FromBroadcasterUserId)}",
        };

    /// <summary>A reward LiveBuddy manages goes to the redemption queue; any other reward is a <c>redemption</c> alert, as always.</summary>
    private StreamEvent Redemption(Head head, RedemptionEvent e) =>
        rewards is not null && rewards.Contains(e.Reward?.Id, e.Reward?.Title) && e.Reward?.Id is { Length: > 0 } rewardId
            ? new RewardRedeemed
            {
                Platform = Platform.Twitch,
                Id = head.MessageId,
                Channel = Channel(e.BroadcasterUserLogin),
                SentAt = head.SentAt,
                ReceivedAt = head.ReceivedAt,
                RedemptionId = Required(e.Id),
                RewardId = rewardId,
                RewardTitle = e.Reward.Title ?? "",
                Cost = e.Reward.Cost,
                BroadcasterId = Required(e.BroadcasterUserId),
                Viewer = Person(e.UserId, e.UserLogin, e.UserName),
                Input = EmptyToNull(e.UserInput),
                RedeemedAt = e.RedeemedAt ?? head.SentAt,
            }
            : NewAlert(head, Channel(e.BroadcasterUserLogin), AlertKind.Redemption) with
            {
                Author = Person(e.UserId, e.UserLogin, e.UserName),
                Message = EmptyToNull(e.UserInput),
                SystemText = e.Reward?.Title,
                DedupeKey = Required(e.Id),
            };

    /// <summary>
    /// A redemption resolved on Twitch itself (<c>status</c> <c>fulfilled</c> or <c>canceled</c>): of a reward we manage it leaves our
    /// queue; of any other reward it is no alert (that was at its <c>.add</c>) and is counted as known but unused.
    /// </summary>
    private StreamEvent? RedemptionUpdate(Head head, RedemptionEvent e)
    {
        if (rewards is null || !rewards.Contains(e.Reward?.Id, e.Reward?.Title)) return Unmapped("channel.channel_points_custom_reward_redemption.update");
        return new RedemptionResolvedOnTwitch
        {
            Platform = Platform.Twitch,
            Id = head.MessageId,
            Channel = Channel(e.BroadcasterUserLogin),
            SentAt = head.SentAt,
            ReceivedAt = head.ReceivedAt,
            RedemptionId = Required(e.Id),
            Action = e.Status switch
            {
                "fulfilled" => RedemptionAction.Fulfil,
                "canceled" => RedemptionAction.Refund,
                _ => throw new FormatException("a redemption update is fulfilled or canceled"),
            },
        };
    }

    private static StreamOnline Online(Head head, StreamOnlineEvent e) => new()
    {
        Platform = Platform.Twitch,
        Id = head.MessageId,
        Channel = Channel(e.BroadcasterUserLogin),
        SentAt = e.StartedAt ?? head.SentAt,
        ReceivedAt = head.ReceivedAt,
    };

    private static StreamOffline Offline(Head head, BroadcasterOnlyEvent e) => new()
    {
        Platform = Platform.Twitch,
        Id = head.MessageId,
        Channel = Channel(e.BroadcasterUserLogin),
        SentAt = head.SentAt,
        ReceivedAt = head.ReceivedAt,
    };

    private static ChannelNotice Notice(Head head, string channel, string kind, string text) => new()
    {
        Platform = Platform.Twitch,
        Id = head.MessageId,
        Channel = channel,
        SentAt = head.SentAt,
        ReceivedAt = head.ReceivedAt,
        Kind = kind,
        Text = text,
    };

    private static ChannelNotice ChannelUpdate(Head head, ChannelUpdateEvent e) =>
        Notice(head, Channel(e.BroadcasterUserLogin), "channel.update", $"Title: {e.Title} | Category: {e.CategoryName}");

    private static UserCleared Cleared(Head head, string channel, Author target, TimeSpan? duration, string? reason, string? moderator) => new()
    {
        Platform = Platform.Twitch,
        Id = head.MessageId,
        Channel = channel,
        SentAt = head.SentAt,
        ReceivedAt = head.ReceivedAt,
        Target = target,
        Duration = duration,
        Reason = EmptyToNull(reason),
        Moderator = moderator,
    };

    private static UserCleared Ban(Head head, BanEvent e)
    {
        TimeSpan? duration = e.IsPermanent || e.EndsAt is null
            ? null
            : e.EndsAt.Value - (e.BannedAt ?? head.SentAt);
        return Cleared(head, Channel(e.BroadcasterUserLogin), Person(e.UserId, e.UserLogin, e.UserName), duration, e.Reason, e.ModeratorUserLogin);
    }

    /// <summary>
    /// <c>channel.moderate</c> v2. A ban or timeout (also one taken in a Shared Chat partner channel, as IRC's CLEARCHAT
    /// shows it in ours) becomes the <see cref="UserCleared"/> IRC's CLEARCHAT makes: the same id, the target by login, and a
    /// timeout's length in whole seconds (IRC's <c>ban-duration</c>) from <c>expires_at</c>. A deletion becomes CLEARMSG's
    /// <see cref="MessageDeleted"/>, so it folds with <c>channel.chat.message_delete</c>. Anything else is a notice.
    /// </summary>
    private static StreamEvent Moderate(Head head, ModerateEvent e)
    {
        var channel = Channel(e.BroadcasterUserLogin);
        var action = e.Action ?? throw new FormatException("no action");
        switch (action)
        {
            case "ban" when e.Ban is { } ban:
                return Cleared(head, e, ban, null);
            case "shared_chat_ban" when e.SharedChatBan is { } ban:
                return Cleared(head, e, ban, null);
            case "timeout" when e.Timeout is { } timeout:
                return Cleared(head, e, timeout, TimeoutLength(head, timeout));
            case "shared_chat_timeout" when e.SharedChatTimeout is { } timeout:
                return Cleared(head, e, timeout, TimeoutLength(head, timeout));
            case "delete" or "shared_chat_delete" when (e.Delete ?? e.SharedChatDelete) is { MessageId: { Length: > 0 } messageId } delete:
                return new MessageDeleted
                {
                    Platform = Platform.Twitch,
                    Id = "clearmsg:" + messageId, // the id IRC's CLEARMSG and channel.chat.message_delete give it
                    Channel = channel,
                    SentAt = head.SentAt,
                    ReceivedAt = head.ReceivedAt,
                    TargetMessageId = messageId,
                    TargetAuthorName = delete.UserLogin,
                    TargetText = delete.MessageBody,
                };
        }
        var target = e.Warn ?? e.Unban ?? e.Untimeout ?? e.SharedChatUnban ?? e.SharedChatUntimeout ?? e.Mod ?? e.Unmod ?? e.Vip ?? e.Unvip;
        var detail = action switch
        {
            "followers" => $" ({(e.Followers?.FollowDurationMinutes ?? 0).ToString(CultureInfo.InvariantCulture)} min)",
            "slow" => $" ({(e.Slow?.WaitTimeSeconds ?? 0).ToString(CultureInfo.InvariantCulture)} s)",
            _ when target is not null => $" {target.UserLogin}" + (string.IsNullOrEmpty(target.Reason) ? "" : $": {target.Reason}"),
            _ => "",
        };
        return Notice(head, channel, $"moderate.{action}", $"{e.ModeratorUserLogin} {action}{detail}");
    }

    private static UserCleared Cleared(Head head, ModerateEvent e, ModerateTarget target, TimeSpan? duration)
    {
        var targetId = Required(target.UserId);
        var login = (target.UserLogin ?? "").ToLowerInvariant();
        var ts = head.SentAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        return Cleared(head, Channel(e.BroadcasterUserLogin), new Author { Id = targetId, Name = login, DisplayName = login }, duration,
            target.Reason, e.ModeratorUserLogin) with
        {
            Id = Chat.TwitchChatMapper.SyntheticId("clearchat", Required(e.BroadcasterUserId), ts, targetId, head.ReceivedAt),
        };
    }

    /// <summary>Whole seconds from the notification to <c>expires_at</c>, as IRC's <c>ban-duration</c>; a timeout lasts at least 1 s.</summary>
    private static TimeSpan TimeoutLength(Head head, ModerateTarget timeout) =>
        TimeSpan.FromSeconds(timeout.ExpiresAt is { } expires ? Math.Max(1, Math.Round((expires - head.SentAt).TotalSeconds)) : 1);

    private static ChannelNotice Poll(Head head, string type, PollEvent e)
    {
        var choices = e.Choices is null ? "" : string.Join(", ", e.Choices.Select(c =>
            type.EndsWith(".end", StringComparison.Ordinal) ? $"{c.Title} ({c.Votes.ToString(CultureInfo.InvariantCulture)})" : c.Title));
        var verb = type.EndsWith(".end", StringComparison.Ordinal) ? $"Poll ended ({e.Status})" : "Poll started";
        return Notice(head, Channel(e.BroadcasterUserLogin), type["channel.".Length..], $"{verb}: {e.Title} — {choices}");
    }

    private static ChannelNotice Prediction(Head head, string type, PredictionEvent e)
    {
        var outcomes = e.Outcomes ?? [];
        string text;
        if (type.EndsWith(".end", StringComparison.Ordinal))
        {
            var winner = outcomes.FirstOrDefault(o => string.Equals(o.Id, e.WinningOutcomeId, StringComparison.Ordinal))?.Title;
            text = $"Prediction ended ({e.Status}): {e.Title}" + (winner is null ? "" : $" — winner: {winner}");
        }
        else
        {
            text = $"Prediction started: {e.Title} — {string.Join(" / ", outcomes.Select(o => o.Title))}";
        }
        return Notice(head, Channel(e.BroadcasterUserLogin), type["channel.".Length..], text);
    }

    private static HypeTrainUpdate HypeTrain(Head head, HypeTrainPhase phase, HypeTrainEvent e) => new()
    {
        Platform = Platform.Twitch,
        Id = head.MessageId,
        Channel = Channel(e.BroadcasterUserLogin),
        SentAt = head.SentAt,
        ReceivedAt = head.ReceivedAt,
        TrainId = Required(e.Id),
        Phase = phase,
        Type = string.IsNullOrEmpty(e.Type) ? "regular" : e.Type,
        Level = Math.Max(1, e.Level),
        Total = e.Total,
        Progress = e.Progress,
        Goal = e.Goal,
        TopContributions = (e.TopContributions ?? []).Where(c => !string.IsNullOrEmpty(c.UserId))
            .Select(c => new HypeTrainContribution(c.UserId!, string.IsNullOrEmpty(c.UserName) ? c.UserLogin ?? "" : c.UserName, c.Type ?? "other", c.Total))
            .OrderByDescending(c => c.Total).ToList(),
        IsShared = e.IsSharedTrain,
        // Twitch lists every channel of a shared train, ours included.
        SharedWith = (e.SharedTrainParticipants ?? []).Where(p => !string.Equals(p.BroadcasterUserId, e.BroadcasterUserId, StringComparison.Ordinal))
            .Select(p => p.BroadcasterUserLogin ?? p.BroadcasterUserId ?? "").Where(l => l.Length > 0).ToList(),
        StartedAt = e.StartedAt ?? head.SentAt,
        ExpiresAt = e.ExpiresAt,
        EndedAt = phase == HypeTrainPhase.End ? e.EndedAt ?? head.SentAt : null,
        CooldownEndsAt = e.CooldownEndsAt,
        AllTimeHighLevel = e.AllTimeHighLevel,
        AllTimeHighTotal = e.AllTimeHighTotal,
    };

    /// <summary>
    /// The alert for a hype train's begin or end (progress shows on the overlay's bar, not as alerts). Its id is the
    /// notification's with <c>-alert</c>, so the pipeline keeps both it and the update; its dedupe key folds a redelivery.
    /// </summary>
    public static Alert? HypeTrainAlert(HypeTrainUpdate update) => update.Phase == HypeTrainPhase.Progress ? null : new Alert
    {
        Platform = update.Platform,
        Id = update.Id + "-alert",
        Channel = update.Channel,
        SentAt = update.SentAt,
        ReceivedAt = update.ReceivedAt,
        Kind = AlertKind.HypeTrain,
        Count = update.Level,
        SystemText = update.Phase == HypeTrainPhase.Begin ? "Hype train started" : "Hype train ended",
        DedupeKey = $"hypetrain:{HypeTrainPayload.PhaseName(update.Phase)}:{update.TrainId}",
        Origin = Origin,
        HypeTrain = HypeTrainPayload.From(update),
    };

    private static string Required(string? value) =>
        string.IsNullOrEmpty(value) ? throw new FormatException("missing id") : value;

    private static string? EmptyToNull(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private readonly record struct Head(string MessageId, DateTimeOffset SentAt, DateTimeOffset ReceivedAt);
}
