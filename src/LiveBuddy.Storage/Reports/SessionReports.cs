using System.Globalization;
using System.Text.Json;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Moments;
using LiveBuddy.Core.Mood;
using LiveBuddy.Scoring;
using LiveBuddy.Scoring.Emotes;
using LiveBuddy.Scoring.Engagement;
using LiveBuddy.Scoring.Highlights;
using LiveBuddy.Scoring.Moments;
using LiveBuddy.Storage.Alerts;
using LiveBuddy.Storage.HypeTrain;
using LiveBuddy.Storage.Raffles;
using LiveBuddy.Storage.Markers;
using LiveBuddy.Storage.Polls;
using LiveBuddy.Storage.Privacy;
using LiveBuddy.Storage.Qa;
using LiveBuddy.Storage.Schema;
using LiveBuddy.Storage.Sessions;
using LiveBuddy.Core.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SQLite;

namespace LiveBuddy.Storage.Reports;

/// <summary>
/// Builds the post-stream report of one session from the database: one pass over the session's messages plus
/// small queries over alerts, polls, questions, moderation and minute stats. Each call opens its own read
/// connection, so a report of the live session never blocks the writer. Highlights are the moments
/// <see cref="MomentFinder"/> finds in the session's per-second chat (the same rule as live), and per-minute
/// engagement is the scoring engagement model's reading; without <paramref name="scoring"/> (no models shipped)
/// moments are named from words only and engagement is read against the session's own median minute.
/// </summary>
public sealed partial class SessionReports(SessionStore store, IOptions<ReportOptions> options, TimeProvider time, Moments.ReplayLog? replays = null,
    ScoringModels? scoring = null, IOptions<HighlightOptions>? highlights = null, Counters? counters = null, ILogger<SessionReports>? logger = null)
{
    private static readonly string[] SegmentNames = ["first third", "middle third", "last third"];

    private ReportOptions Options => options.Value;

    // Stored JSON the report cannot read is skipped, counted and said, so a damaged row costs only itself.
    private readonly Counter? _unreadableContributors = counters?.Get("storage.unreadable.hype_train_contributors");
    private readonly ILogger _logger = (ILogger?)logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The report of session {SessionId} leaves out the top contributors of hype train {TrainId}: the stored list cannot be read")]
    private partial void LogUnreadableContributors(string sessionId, string trainId);

    /// <summary>The session id for <c>latest</c> or an id; null when there is none.</summary>
    public string? Resolve(string idOrLatest) => store.Resolve(idOrLatest);

    /// <summary>The report of <paramref name="idOrLatest"/> (a session id or <c>latest</c>); null when there is no such session.</summary>
    public SessionReport? Build(string idOrLatest, CancellationToken cancellationToken)
    {
        using var db = store.OpenRead();
        var row = SessionStore.Find(db, idOrLatest);
        if (row is null) return null;
        var archived = SessionArchive.Load(db, row.Id);
        if (archived is not null) return archived with { Archived = true };
        return Build(db, row, cancellationToken);
    }

    /// <summary>The headline numbers of two sessions side by side; null when either does not exist.</summary>
    public SessionComparison? Compare(string a, string b, CancellationToken cancellationToken)
    {
        using var db = store.OpenRead();
        var rowA = SessionStore.Find(db, a);
        var rowB = SessionStore.Find(db, b);
        if (rowA is null || rowB is null) return null;
        var digestA = Digest(db, rowA, cancellationToken);
        var digestB = Digest(db, rowB, cancellationToken);
        return new SessionComparison(digestA, digestB, CompareDigests(digestB, [digestA]));
    }

    /// <summary>
    /// Every chat message of the session in time order, read lazily (the CSV export of a million lines streams
    /// without holding them). Enumerate it once; the read connection closes when enumeration ends.
    /// </summary>
    public IEnumerable<ChatLogLine> ChatLog(string sessionId, CancellationToken cancellationToken)
    {
        using var db = store.OpenRead();
        using var statement = new RawStatement(db,
            "SELECT SentAt, Platform, AuthorDisplayName, AuthorName, Text, Sentiment, Score, Question, Toxic, Deleted FROM messages WHERE SessionId = ? ORDER BY SentAt, RowId")
            .Bind(1, sessionId);
        var n = 0;
        while (statement.Step())
        {
            if ((++n & 0x3FFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            var display = statement.Text(2);
            yield return new ChatLogLine(
                DateTimeOffset.FromUnixTimeMilliseconds(statement.Int64(0)),
                MessageScan.PlatformName(MessageScan.PlatformIndex(statement.Utf8(1))),
                display.Length > 0 ? display : statement.Text(3),
                statement.Text(4),
                statement.Int32(5) switch { > 0 => "positive", < 0 => "negative", _ => "neutral" },
                Math.Round(statement.Double(6), 3),
                statement.Int32(7) != 0,
                statement.Int32(8) != 0,
                statement.Int32(9) != 0);
        }
    }

    /// <summary>The report from live tables (also used by retention to take the archive before chat is removed).</summary>
    internal SessionReport Build(SQLiteConnection db, SessionRow row, CancellationToken cancellationToken)
    {
        var startedAt = row.StartedAt;
        var startMinute = startedAt - (startedAt % 60_000);
        var endAt = row.EndedAt ?? Math.Max(row.LastActivityAt, startedAt);

        var scan = new MessageScan(startMinute, DateTimeOffset.FromUnixTimeMilliseconds(startedAt));
        scan.Read(db, row.Id, cancellationToken);
        scan.EnsureMinute(scan.MinuteOf(endAt));

        var allAlerts = db.Query<AlertRow>("SELECT * FROM alerts WHERE SessionId = ? ORDER BY SentAt", row.Id);
        // Once the writer marks which alerts were announced, folded gift-bomb members and cross-source twins drop out.
        var alerts = allAlerts.Exists(a => a.Announced) ? allAlerts.FindAll(a => a.Announced) : allAlerts;
        foreach (var alert in alerts) scan.EnsureMinute(scan.MinuteOf(alert.SentAt));
        cancellationToken.ThrowIfCancellationRequested();

        var minutes = scan.Minutes;
        var alertsPerMinute = new int[minutes];
        foreach (var alert in alerts) alertsPerMinute[scan.MinuteOf(alert.SentAt)]++;
        var stats = db.Query<MinuteStatsRow>("SELECT * FROM minute_stats WHERE SessionId = ?", row.Id);
        var viewers = CarriedSeries(stats, scan, minutes, s => s.Viewers);
        var likes = CarriedSeries(stats, scan, minutes, s => s.Likes);
        var chattersPerMinute = scan.ChattersPerMinute;
        var support = SupportPerMinute(alerts, scan, minutes);
        // Where no platform reported viewers, a minute is read against the session's own usual (median) busy minute.
        var usual = (float)ReportMath.Median(scan.Messages.Take(minutes).Where(n => n > 0).Select(n => (double)n).ToArray());

        var timeline = new TimelineMinute[minutes];
        for (var m = 0; m < minutes; m++)
        {
            var messages = scan.Messages[m];
            var at = DateTimeOffset.FromUnixTimeMilliseconds(startMinute + m * 60_000L);
            var engagement = EngagementModel.Read(scoring?.Engagement, new MinuteStats
            {
                Minute = at, MinuteOfStream = m, Messages = messages, UniqueChatters = chattersPerMinute[m], Viewers = viewers[m],
                Questions = scan.Questions[m], Subs = support[m].Subs, Money = support[m].Money,
            }, usual);
            timeline[m] = new TimelineMinute(
                m,
                at,
                messages,
                chattersPerMinute[m],
                messages == 0 ? 0 : ReportMath.Round(scan.SentimentSum[m] / messages),
                Math.Round(engagement.Index, 1),
                viewers[m],
                alertsPerMinute[m],
                scan.Questions[m],
                viewers[m] is > 0 and var v ? Math.Round(100.0 * chattersPerMinute[m] / v, 1) : null,
                likes[m]);
        }

        MarkReturning(db, row, scan, cancellationToken);
        var session = new ReportSession(row.Id, DateTimeOffset.FromUnixTimeMilliseconds(startedAt),
            row.EndedAt is { } e ? DateTimeOffset.FromUnixTimeMilliseconds(e) : null,
            row.Platforms.Split(',', StringSplitOptions.RemoveEmptyEntries), row.Title, minutes, row.EndReason);
        var polls = Polls(db, row.Id);
        var totals = Totals(scan, timeline, alerts, polls);
        var vod = VodBases(db, row);
        var marks = StreamMarks(db, row.Id, session.StartedAt, vod.Twitch);
        var report = new SessionReport
        {
            Session = session,
            Totals = totals,
            Timeline = timeline,
            Highlights = LinkMarks(Highlights(db, row.Id, scan, alerts, session, vod), marks.Rows, marks.Report),
            TopChatters = scan.Chatters.OrderByDescending(c => c.Messages).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
                .Take(Options.TopCount).Select(c => new TopChatter(c.Name, c.PlatformName, c.Messages)).ToList(),
            TopSupporters = Supporters(alerts),
            Alerts = AlertTotals(alerts),
            Polls = polls,
            Questions = Questions(db, row.Id),
            Moderation = Moderation(db, row.Id),
            Sentiment = Sentiment(db, row.Id, scan, timeline, session),
            WhatWorked = new WhatWorked([], null, 0, [], []),
            GeneratedAt = time.GetUtcNow(),
            Replays = (replays?.ForSession(row.Id) ?? []).Select(r => new ReportReplay(r.At,
                Math.Max(0, (int)(r.At - session.StartedAt).TotalSeconds), r.Kind, r.Reason, r.Path, r.MomentId, r.Failure)).ToList(),
            HypeTrains = HypeTrains(db, row.Id, session.StartedAt),
            Raffles = RaffleRecords.ForSession(db, row.Id, session.StartedAt),
            StreamMarks = marks.Report,
        };
        return report with { WhatWorked = WhatWorked(db, row, report, scan, cancellationToken) };
    }

    private HypeTrainSummary HypeTrains(SQLiteConnection db, string sessionId, DateTimeOffset sessionStart)
    {
        var trains = HypeTrainRecords.ForSession(db, sessionId).Select(t =>
        {
            var started = DateTimeOffset.FromUnixTimeMilliseconds(t.StartedAt);
            if (!HypeTrainRecords.TryReadContributions(t, out var contributors))
            {
                _unreadableContributors?.Increment();
                LogUnreadableContributors(sessionId, t.TrainId);
            }
            return new ReportHypeTrain(t.TrainId, t.Type, t.Level, t.Total, started,
                t.EndedAt is { } ended ? DateTimeOffset.FromUnixTimeMilliseconds(ended) : null,
                Math.Max(0, (int)(started - sessionStart).TotalSeconds), contributors,
                t.SharedWith.Split(',', StringSplitOptions.RemoveEmptyEntries));
        }).ToList();
        return trains.Count == 0 ? HypeTrainSummary.None
            : new HypeTrainSummary(trains.Count, trains.Max(t => t.Level), trains.Sum(t => t.Total), trains);
    }

    private static (IReadOnlyList<StreamMarkRow> Rows, IReadOnlyList<ReportStreamMark> Report) StreamMarks(SQLiteConnection db, string sessionId,
        DateTimeOffset sessionStart, string? twitchVod)
    {
        var rows = StreamMarkRecords.ForSession(db, sessionId);
        return (rows, rows.Select(m =>
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(m.At);
            // A marker's place in the VOD, when the VOD is known; Twitch's own position is the truth for it.
            var url = m.Url ?? (m.PositionSeconds is { } p ? ReportMath.VodLink(twitchVod, "twitch", TimeSpan.FromSeconds(p)) : null);
            return new ReportStreamMark(m.Kind, at, Math.Max(0, (int)(at - sessionStart).TotalSeconds), m.Description, m.RequestedBy, m.MarkId,
                m.PositionSeconds, url, m.EditUrl, m.MomentId, m.Failure, m.Detail);
        }).ToList());
    }

    /// <summary>
    /// Each highlight gets the marker and clip made live for its moment. The report finds moments again from the stored
    /// chat, so a live moment is matched by its onset: the nearest within <see cref="MarkMatchWindow"/>, a made one first.
    /// </summary>
    private static List<Highlight> LinkMarks(List<Highlight> highlights, IReadOnlyList<StreamMarkRow> rows, IReadOnlyList<ReportStreamMark> marks)
    {
        if (rows.Count == 0) return highlights;
        var window = (long)MarkMatchWindow.TotalMilliseconds;
        ReportStreamMark? Nearest(Highlight highlight, string kind)
        {
            var at = highlight.At.ToUnixTimeMilliseconds();
            return Enumerable.Range(0, rows.Count)
                .Where(i => rows[i].Kind == kind && rows[i].MomentAt is { } momentAt && Math.Abs(momentAt - at) <= window)
                .OrderBy(i => rows[i].Failure is null ? 0 : 1).ThenBy(i => Math.Abs(rows[i].MomentAt!.Value - at))
                .Select(i => marks[i]).FirstOrDefault();
        }
        return highlights.Select(h => h with { Marker = Nearest(h, "marker"), Clip = Nearest(h, "clip") }).ToList();
    }

    /// <summary>How far a live moment's onset may be from the report's highlight to be the same moment.</summary>
    private static readonly TimeSpan MarkMatchWindow = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A per-minute figure of the stored minutes (viewers summed over platforms by the writer, likes). Platforms report
    /// every few minutes: a minute without a stored figure carries the last one forward, but not for more than ten minutes.
    /// </summary>
    private static int?[] CarriedSeries(List<MinuteStatsRow> stats, MessageScan scan, int minutes, Func<MinuteStatsRow, int?> figure)
    {
        var series = new int?[minutes];
        foreach (var stat in stats)
        {
            if (figure(stat) is not { } value) continue;
            var m = scan.MinuteOf(stat.Minute);
            if (m < minutes) series[m] = Math.Max(series[m] ?? 0, value);
        }
        int? last = null;
        var age = 0;
        for (var m = 0; m < minutes; m++)
        {
            if (series[m] is { } v) { last = v; age = 0; }
            else if (last is not null && ++age <= 10) series[m] = last;
        }
        return series;
    }

    /// <summary>
    /// A chatter is returning when their viewer record was first seen before this session started. The record goes back
    /// to the earliest line stored of them, so chat in an earlier session counts even when its log was imported later.
    /// </summary>
    private static void MarkReturning(SQLiteConnection db, SessionRow row, MessageScan scan, CancellationToken cancellationToken)
    {
        if (scan.Chatters.Count == 0) return;
        using var viewer = new RawStatement(db, "SELECT FirstSeenAt FROM viewers WHERE Key = ?");
        var n = 0;
        foreach (var chatter in scan.Chatters)
        {
            if ((++n & 0x3FF) == 0) cancellationToken.ThrowIfCancellationRequested();
            viewer.Reset();
            viewer.Bind(1, chatter.PlatformName + ":" + chatter.Id);
            chatter.Returning = viewer.Step() && viewer.Int64(0) < row.StartedAt;
        }
    }

    private static ReportTotals Totals(MessageScan scan, TimelineMinute[] timeline, List<AlertRow> alerts, IReadOnlyList<PollResult> polls)
    {
        var withViewers = timeline.Where(t => t.Viewers is not null).Select(t => t.Viewers!.Value).ToList();
        int? peakViewers = withViewers.Count > 0 ? withViewers.Max() : null;
        double? averageViewers = withViewers.Count > 0 ? Math.Round(withViewers.Average(), 1) : null;
        int? likes = timeline.Any(t => t.Likes is not null) ? timeline.Max(t => t.Likes ?? 0) : null;
        var chatters = scan.Chatters.Count;
        var returning = scan.Chatters.Count(c => c.Returning);
        var byPlatform = scan.Chatters.GroupBy(c => c.PlatformName)
            .Select(g => g.Key).Union(alerts.Select(a => a.Platform)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(p =>
            {
                var of = scan.Chatters.Where(c => c.PlatformName == p).ToList();
                return new PlatformTotals(p, of.Sum(c => c.Messages), of.Count, of.Count(c => !c.Returning), alerts.Count(a => a.Platform == p));
            }).ToList();
        return new ReportTotals(
            scan.Total, chatters, chatters - returning, returning,
            timeline.Length == 0 ? 0 : timeline.Max(t => t.Messages),
            scan.QuestionTotal,
            polls.Sum(p => p.TotalVotes),
            scan.Deleted,
            peakViewers, averageViewers,
            averageViewers is > 0 ? Math.Round(chatters / averageViewers.Value, 3) : null,
            byPlatform,
            likes,
            new SharedChatTotals(scan.SharedLines, scan.SharedChatters, scan.SharedChannels));
    }

    private (string? Twitch, string? YouTube) VodBases(SQLiteConnection db, SessionRow row)
    {
        string? Setting(string platform) =>
            db.Query<SettingRow>("SELECT * FROM settings WHERE Key = ?", $"vod:{row.Id}:{platform}").FirstOrDefault()?.Value;
        return (Setting("twitch") ?? Options.TwitchVodUrl, Setting("youtube") ?? Options.YouTubeVodUrl);
    }

    /// <summary>Subs, gifts and money per minute, counted as live engagement counts them (<see cref="Support"/>).</summary>
    private static Support[] SupportPerMinute(List<AlertRow> alerts, MessageScan scan, int minutes)
    {
        var support = new Support[minutes];
        foreach (var alert in alerts)
        {
            if (Enum.TryParse<AlertKind>(alert.Kind, out var kind))
                support[scan.MinuteOf(alert.SentAt)] += Support.Of(kind, (decimal?)alert.Amount, alert.Count);
        }
        return support;
    }

    /// <summary>
    /// The session's moments and raids, strongest first up to <see cref="ReportOptions.MaxHighlights"/>, in time order; the
    /// strongest moment of each kind is titled ("The funniest moment"). Bursts are found from per-second counts of every
    /// line; only the lines inside bursts are read again to name them.
    /// </summary>
    private List<Highlight> Highlights(SQLiteConnection db, string sessionId, MessageScan scan, List<AlertRow> alerts, ReportSession session,
        (string? Twitch, string? YouTube) vod)
    {
        var settings = highlights?.Value ?? new HighlightOptions();
        var finder = new MomentFinder(Microsoft.Extensions.Options.Options.Create(settings));
        var chat = scan.Seconds;
        var bursts = finder.Bursts(chat);
        ReadBurstLines(db, sessionId, scan, bursts, scoring?.Featurizer.Emotes.Current ?? EmoteTable.Empty);

        var found = new List<(DateTimeOffset At, double Score, string Kind, MomentKind? Moment, string Reason)>();
        foreach (var burst in bursts)
        {
            var moment = finder.Name(chat, burst);
            found.Add((moment.At, moment.Score, moment.Kind.ToString().ToLowerInvariant(), moment.Kind, Capitalised(moment.Reason)));
        }
        foreach (var raid in alerts.Where(a => a.Kind == "Raid" && (a.Count ?? 0) >= settings.RaidMinViewers))
        {
            var viewers = raid.Count ?? 0;
            found.Add((DateTimeOffset.FromUnixTimeMilliseconds(raid.SentAt) - settings.LinkLead, Math.Min(1, Math.Log10(viewers) / 3), "raid", null,
                string.Create(CultureInfo.InvariantCulture, $"Raid from {raid.AuthorName ?? "someone"} with {viewers} viewers")));
        }

        var strongest = found.Where(f => f.Moment is not null).GroupBy(f => f.Moment!.Value)
            .ToDictionary(g => g.Key, g => g.MaxBy(f => f.Score).At);
        var preferTwitch = session.Platforms.Contains("twitch") && vod.Twitch is not null;
        return found.OrderByDescending(f => f.Score).Take(Options.MaxHighlights).OrderBy(f => f.At)
            .Select(f =>
            {
                var at = f.At < session.StartedAt ? session.StartedAt : f.At;
                var offset = at - session.StartedAt;
                var url = preferTwitch ? ReportMath.VodLink(vod.Twitch, "twitch", offset)
                    : ReportMath.VodLink(vod.YouTube, "youtube", offset) ?? ReportMath.VodLink(vod.Twitch, "twitch", offset);
                var title = f.Moment is { } kind && strongest[kind] == f.At ? MomentFinder.Superlative(kind) : null;
                return new Highlight(at, (int)offset.TotalSeconds, Math.Round(f.Score, 2), f.Reason, url, f.Kind, title);
            }).ToList();
    }

    /// <summary>Reads the text of every line inside the bursts into the per-second counts, by row range and time.</summary>
    private static void ReadBurstLines(SQLiteConnection db, string sessionId, MessageScan scan, IReadOnlyList<ChatBurst> bursts, EmoteTable emotes)
    {
        if (bursts.Count == 0) return;
        using var statement = new RawStatement(db,
            // '+SessionId' keeps SQLite on the row-id range instead of the session index.
            "SELECT SentAt, Text FROM messages WHERE RowId BETWEEN ? AND ? AND +SessionId = ? AND SentAt >= ? AND SentAt < ? AND SharedFrom IS NULL");
        var start = scan.Seconds.Start;
        foreach (var burst in bursts)
        {
            var from = start.AddSeconds(burst.Onset).ToUnixTimeMilliseconds();
            var to = start.AddSeconds(burst.End).ToUnixTimeMilliseconds();
            long first = long.MaxValue, last = 0;
            for (var m = scan.MinuteOf(from); m <= scan.MinuteOf(to - 1) && m < scan.Minutes; m++)
            {
                if (scan.FirstRow[m] == 0) continue;
                first = Math.Min(first, scan.FirstRow[m]);
                last = Math.Max(last, scan.LastRow[m]);
            }
            if (last == 0) continue;
            statement.Reset();
            statement.Bind(1, first).Bind(2, last).Bind(3, sessionId).Bind(4, from).Bind(5, to);
            while (statement.Step()) scan.Seconds.Read(DateTimeOffset.FromUnixTimeMilliseconds(statement.Int64(0)), statement.Text(1), emotes);
        }
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : string.Concat(char.ToUpperInvariant(text[0]).ToString(), text.AsSpan(1));

    private List<TopSupporter> Supporters(List<AlertRow> alerts)
    {
        var supporters = new List<TopSupporter>();
        foreach (var group in alerts.Where(a => (a.AuthorId ?? a.AuthorName) is { Length: > 0 } && IsSupport(a.Kind))
                     .GroupBy(a => (a.Platform, Who: a.AuthorId ?? a.AuthorName!)))
        {
            var subs = group.Count(a => IsSubscription(a.Kind));
            var gifts = (int)group.Where(a => IsGift(a.Kind)).Sum(a => (long)(a.Count ?? 1));
            var bits = group.Where(a => a.Kind == "Bits").Sum(a => (long)(a.Amount ?? a.Count ?? 0));
            var money = Money(group.Where(a => a.Kind != "Bits"));
            // Jewels (YouTube gifts) are worth about a cent each, like bits: they count as such, not as whole money units.
            var points = 5.0 * (subs + gifts) + bits / 100.0
                + money.Sum(m => m.Currency == Jewels ? (double)m.Amount / 100.0 : (double)m.Amount);
            var name = group.Select(a => a.AuthorName).LastOrDefault(n => !string.IsNullOrEmpty(n)) ?? group.Key.Who;
            supporters.Add(new TopSupporter(name, group.Key.Platform, subs, gifts, bits, money, Math.Round(points, 2)));
        }
        return supporters.OrderByDescending(s => s.Points).ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase).Take(Options.TopCount).ToList();
    }

    private static bool IsSubscription(string kind) => kind is "Subscription" or "Resubscription" or "Membership" or "MembershipMilestone";
    private static bool IsGift(string kind) => kind is "GiftSubscription" or "GiftBomb" or "MembershipGift";
    private static bool IsSupport(string kind) => IsSubscription(kind) || IsGift(kind) || kind is "Bits" or "SuperChat" or "SuperSticker" or "GiftUpgrade" or "Gift";
    private const string Jewels = "JEWELS";

    private static List<MoneyTotal> Money(IEnumerable<AlertRow> alerts) =>
        alerts.Where(a => a.Amount is not null && !string.IsNullOrEmpty(a.Currency))
            .GroupBy(a => a.Currency!.ToUpperInvariant())
            .Select(g => new MoneyTotal(g.Key, Math.Round(g.Sum(a => (decimal)a.Amount!.Value), 2), g.Count()))
            .OrderBy(m => m.Currency, StringComparer.Ordinal).ToList();

    private static AlertSummary AlertTotals(List<AlertRow> alerts)
    {
        var byKind = alerts.GroupBy(a => ReportMath.KindName(a.Kind))
            .Select(g => new AlertKindCount(g.Key, g.Count(), g.Sum(a => a.Kind == "Bits" ? (long)(a.Amount ?? a.Count ?? 0) : a.Count ?? 1)))
            .OrderByDescending(k => k.Count).ThenBy(k => k.Kind, StringComparer.Ordinal).ToList();
        return new AlertSummary(
            alerts.Count,
            alerts.Count(a => IsSubscription(a.Kind)),
            (int)alerts.Where(a => IsGift(a.Kind)).Sum(a => (long)(a.Count ?? 1)),
            alerts.Where(a => a.Kind == "Bits").Sum(a => (long)(a.Amount ?? a.Count ?? 0)),
            byKind,
            Money(alerts));
    }

    private static List<PollResult> Polls(SQLiteConnection db, string sessionId) =>
        db.Query<PollRow>("SELECT * FROM polls WHERE SessionId = ? ORDER BY OpenedAt", sessionId).Select(p =>
        {
            var options = ParseOptions(p.OptionsJson);
            var total = p.TotalVotes > 0 ? p.TotalVotes : options.Sum(o => o.Votes);
            var results = options.Select(o => new PollOptionResult(o.Text, o.Votes, total > 0 ? Math.Round(100.0 * o.Votes / total, 1) : 0)).ToList();
            var top = results.Count > 0 ? results.Max(o => o.Votes) : 0;
            var winners = results.Where(o => o.Votes == top && top > 0).Select(o => o.Text).ToList();
            return new PollResult(p.Id, p.Question, p.Status.ToLowerInvariant(), DateTimeOffset.FromUnixTimeMilliseconds(p.OpenedAt), total, results,
                winners.Count == 0 ? null : string.Join(" / ", winners));
        }).ToList();

    /// <summary>Reads the stored options: an array of <c>{text, votes}</c> objects (any letter case) or of plain strings.</summary>
    internal static List<(string Text, int Votes)> ParseOptions(string json)
    {
        var options = new List<(string, int)>();
        try
        {
            using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "[]" : json);
            if (doc.RootElement.ValueKind != JsonValueKind.Array) return options;
            foreach (var item in doc.RootElement.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String) { options.Add((item.GetString() ?? "", 0)); continue; }
                if (item.ValueKind != JsonValueKind.Object) continue;
                string text = "";
                var votes = 0;
                foreach (var property in item.EnumerateObject())
                {
                    if (property.NameEquals("text") || property.NameEquals("Text")) text = property.Value.GetString() ?? "";
                    else if ((property.NameEquals("votes") || property.NameEquals("Votes")) && property.Value.TryGetInt32(out var v)) votes = v;
                }
                options.Add((text, votes));
            }
        }
        catch (JsonException)
        {
            // A poll stored by a different version: show it without options rather than fail the whole report.
        }
        return options;
    }

    private static QuestionSummary Questions(SQLiteConnection db, string sessionId)
    {
        var all = db.Query<QuestionRow>("SELECT * FROM questions WHERE SessionId = ? ORDER BY AskedAt", sessionId)
            .Select(q => new QuestionItem(q.Text, q.AuthorName, q.Platform, q.Upvotes, q.Status.ToLowerInvariant(),
                DateTimeOffset.FromUnixTimeMilliseconds(q.AskedAt)))
            .ToList();
        var toDo = all.Where(q => q.Status is "pending" or "approved" or "answering")
            .OrderByDescending(q => q.Upvotes).ThenBy(q => q.AskedAt).ToList();
        return new QuestionSummary(all.Count, all.Count(q => q.Status == "answered"), toDo.Count, all.Count(q => q.Status == "dismissed"), toDo, all);
    }

    private static ModerationSummary Moderation(SQLiteConnection db, string sessionId)
    {
        // Only what the platforms reported: 'request:*' rows are LiveBuddy asking, which the platform then echoes.
        var counts = db.Query<KindCount>("SELECT Kind, COUNT(*) AS Count FROM moderation_actions WHERE SessionId = ? GROUP BY Kind", sessionId)
            .ToDictionary(k => k.Kind, k => k.Count, StringComparer.Ordinal);
        int Of(string kind) => counts.GetValueOrDefault(kind);
        return new ModerationSummary(Of("delete"), Of("timeout"), Of("ban"), Of("retract"), Of("clear"));
    }

    private static SentimentSummary Sentiment(SQLiteConnection db, string sessionId, MessageScan scan, TimelineMinute[] timeline, ReportSession session)
    {
        var busy = timeline.Where(t => t.Messages > 0).Select(t => (double)t.Messages).ToArray();
        var floor = Math.Max(3, ReportMath.Median(busy) / 2);
        var candidates = timeline.Where(t => t.Messages >= floor).ToList();
        var warmest = candidates.Where(t => t.Sentiment > 0).OrderByDescending(t => t.Sentiment).ThenByDescending(t => t.Messages).FirstOrDefault();
        var coldest = candidates.Where(t => t.Sentiment < 0).OrderBy(t => t.Sentiment).ThenByDescending(t => t.Messages).FirstOrDefault();
        return new SentimentSummary(scan.Positive, scan.Neutral, scan.Negative,
            scan.Total == 0 ? 0 : ReportMath.Round(scan.ScoreSum / scan.Total),
            warmest is null ? null : Moment(db, sessionId, warmest, session, scan.Best[warmest.Minute], positive: true),
            coldest is null ? null : Moment(db, sessionId, coldest, session, scan.Worst[coldest.Minute], positive: false));
    }

    private static SentimentMoment Moment(SQLiteConnection db, string sessionId, TimelineMinute t, ReportSession session, MessageScan.Quote anchor, bool positive)
    {
        var quotes = new List<ChatQuote>();
        if (anchor.RowId != 0)
        {
            // The scan kept the minute's best (or worst) quotable row; neighbours by row id are the same minute's chat.
            var from = t.At.ToUnixTimeMilliseconds();
            using var statement = new RawStatement(db,
                // '+SessionId' keeps SQLite on the row-id range instead of the session index (a scan of the whole session).
                "SELECT AuthorDisplayName, AuthorName, Platform, Text, Score FROM messages WHERE RowId BETWEEN ? AND ? AND +SessionId = ? " +
                "AND SentAt >= ? AND SentAt < ? AND Deleted = 0 AND Toxic = 0 ORDER BY Score " + (positive ? "DESC" : "ASC") + ", RowId LIMIT 3")
                .Bind(1, anchor.RowId - 2_000).Bind(2, anchor.RowId + 2_000).Bind(3, sessionId).Bind(4, from).Bind(5, from + 60_000);
            while (statement.Step())
            {
                var display = statement.Text(0);
                quotes.Add(new ChatQuote(display.Length > 0 ? display : statement.Text(1),
                    MessageScan.PlatformName(MessageScan.PlatformIndex(statement.Utf8(2))), statement.Text(3), Math.Round(statement.Double(4), 3)));
            }
        }
        var offset = t.At - session.StartedAt;
        return new SentimentMoment(t.Minute, t.At, Math.Max(0, (int)offset.TotalSeconds), t.Sentiment, t.Messages, quotes);
    }

    private static WhatWorked WhatWorked(SQLiteConnection db, SessionRow row, SessionReport report, MessageScan scan, CancellationToken cancellationToken)
    {
        var timeline = report.Timeline;
        var segments = new List<SegmentStats>();
        var count = timeline.Count >= 3 ? 3 : timeline.Count > 0 ? 1 : 0;
        if (count > 0)
        {
            for (var i = 0; i < count; i++)
            {
                var from = i * timeline.Count / count;
                var to = (i + 1) * timeline.Count / count - 1;
                var slice = timeline.Skip(from).Take(to - from + 1).ToList();
                var messages = slice.Sum(t => t.Messages);
                var sentimentSum = 0.0;
                for (var m = from; m <= to; m++) sentimentSum += scan.SentimentSum[m];
                segments.Add(new SegmentStats(count == 1 ? "whole stream" : SegmentNames[i], from, to,
                    Math.Round((double)messages / slice.Count, 2), scan.ChattersBetween(from, to),
                    messages == 0 ? 0 : ReportMath.Round(sentimentSum / messages),
                    Math.Round(slice.Average(t => t.Engagement), 1), slice.Sum(t => t.Alerts)));
            }
        }
        var best = segments.Count > 1 ? segments.MaxBy(s => s.Engagement) : null;

        var previous = db.Query<SessionRow>("SELECT * FROM sessions WHERE StartedAt < ? ORDER BY StartedAt DESC LIMIT 5", row.StartedAt)
            .Select(p => Digest(db, p, cancellationToken)).ToList();
        var current = new SessionDigest(row.Id, report.Session.StartedAt, report.Session.EndedAt, row.Title, timeline.Count,
            report.Totals.Messages, report.Totals.Chatters, timeline.Count == 0 ? 0 : Math.Round((double)report.Totals.Messages / timeline.Count, 2),
            report.Sentiment.Average, report.Totals.PeakViewers, report.Alerts.Total);
        var trends = CompareDigests(current, previous);

        var notes = new List<string>();
        if (best is not null)
        {
            var worst = segments.MinBy(s => s.Engagement)!;
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"The {best.Name} was the liveliest: engagement {best.Engagement:0.#} and {best.MessagesPerMinute:0.#} messages a minute, against {worst.Engagement:0.#} and {worst.MessagesPerMinute:0.#} in the {worst.Name}."));
        }
        if (previous.Count > 0)
        {
            foreach (var trend in trends.Where(t => t.ChangePercent is not null && t.Direction != "flat"))
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{Describe(trend.Metric)} {(trend.Direction == "up" ? "rose" : "fell")} {Math.Abs(trend.ChangePercent!.Value):0}% against the average of your last {previous.Count} stream{(previous.Count == 1 ? "" : "s")}."));
            if (notes.Count == (best is null ? 0 : 1))
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"This stream was in line with your last {previous.Count}."));
        }
        return new WhatWorked(segments, best?.Name, previous.Count, trends, notes);
    }

    private static string Describe(string metric) => metric switch
    {
        "messagesPerMinute" => "Chat activity",
        "chatters" => "The number of chatters",
        "sentiment" => "Chat mood",
        "peakViewers" => "Peak viewers",
        _ => "Alerts",
    };

    private static List<Trend> CompareDigests(SessionDigest current, IReadOnlyList<SessionDigest> previous)
    {
        var trends = new List<Trend>
        {
            ReportMath.Trend("messagesPerMinute", current.MessagesPerMinute, previous.Select(p => p.MessagesPerMinute).ToList()),
            ReportMath.Trend("chatters", current.Chatters, previous.Select(p => (double)p.Chatters).ToList()),
            ReportMath.Trend("sentiment", current.Sentiment, previous.Select(p => p.Sentiment).ToList()),
            ReportMath.Trend("alerts", current.Alerts, previous.Select(p => (double)p.Alerts).ToList()),
        };
        var withViewers = previous.Where(p => p.PeakViewers is not null).Select(p => (double)p.PeakViewers!.Value).ToList();
        if (current.PeakViewers is { } peak) trends.Add(ReportMath.Trend("peakViewers", peak, withViewers));
        return trends;
    }

    /// <summary>Headline numbers of a session: from its archive when retention removed its chat, else from the tables.</summary>
    private static SessionDigest Digest(SQLiteConnection db, SessionRow row, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var archived = SessionArchive.Load(db, row.Id);
        if (archived is not null)
        {
            var minutes = Math.Max(1, archived.Timeline.Count);
            return new SessionDigest(row.Id, archived.Session.StartedAt, archived.Session.EndedAt, row.Title, archived.Timeline.Count,
                archived.Totals.Messages, archived.Totals.Chatters, Math.Round((double)archived.Totals.Messages / minutes, 2),
                archived.Sentiment.Average, archived.Totals.PeakViewers, archived.Alerts.Total);
        }
        var stats = db.Query<DigestStats>(
            "SELECT COUNT(*) AS Messages, COUNT(DISTINCT Platform || ':' || AuthorId) AS Chatters, COALESCE(AVG(Score), 0) AS Sentiment FROM messages WHERE SessionId = ? AND SharedFrom IS NULL",
            row.Id).Single();
        int? peak = db.ExecuteScalar<int?>("SELECT MAX(Viewers) FROM minute_stats WHERE SessionId = ?", row.Id);
        var alerts = db.ExecuteScalar<int>("SELECT COUNT(*) FROM alerts WHERE SessionId = ?", row.Id);
        var end = row.EndedAt ?? Math.Max(row.LastActivityAt, row.StartedAt);
        var duration = (int)((end - (row.StartedAt - row.StartedAt % 60_000)) / 60_000) + 1;
        return new SessionDigest(row.Id, DateTimeOffset.FromUnixTimeMilliseconds(row.StartedAt),
            row.EndedAt is { } e ? DateTimeOffset.FromUnixTimeMilliseconds(e) : null, row.Title, duration,
            stats.Messages, (int)stats.Chatters, Math.Round((double)stats.Messages / duration, 2), ReportMath.Round(stats.Sentiment), peak, alerts);
    }

    private sealed class KindCount
    {
        public string Kind { get; set; } = "";
        public int Count { get; set; }
    }

    private sealed class DigestStats
    {
        public long Messages { get; set; }
        public long Chatters { get; set; }
        public double Sentiment { get; set; }
    }
}

/// <summary>One chat message as the CSV export writes it.</summary>
/// <param name="Time">The platform's send time.</param>
/// <param name="Platform"><c>twitch</c>, <c>youtube</c> or <c>demo</c>.</param>
/// <param name="Author">Display name.</param>
/// <param name="Text">The message as sent.</param>
/// <param name="Sentiment"><c>positive</c>, <c>neutral</c> or <c>negative</c>.</param>
/// <param name="Score">Sentiment score -1..1.</param>
/// <param name="Question">Flagged as a question.</param>
/// <param name="Toxic">Flagged as toxic or spam.</param>
/// <param name="Deleted">Removed by a moderator or the author.</param>
public sealed record ChatLogLine(DateTimeOffset Time, string Platform, string Author, string Text, string Sentiment, double Score,
    bool Question, bool Toxic, bool Deleted);
