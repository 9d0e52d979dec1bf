using System.Globalization;
using System.Text;
using LiveBuddy.Storage.Reports;

namespace LiveBuddy.Server.Reports;

/// <summary>
/// The report for people: one self-contained HTML page (inline CSS and SVG, no script, no external resource) that
/// reads on screen and prints cleanly. Every name and piece of chat text is cleaned and encoded by <see cref="SafeText"/>.
/// </summary>
public static class ReportHtml
{
    public static string Render(SessionReport report)
    {
        var html = new StringBuilder(64 * 1024);
        var s = report.Session;
        var inv = CultureInfo.InvariantCulture;
        var title = s.Title is { Length: > 0 } t ? SafeText.Html(t, 200) : "Stream " + SafeText.Html(s.Id);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        // Even if something slipped through encoding, the page may run no script and load nothing from outside.
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">");
        html.Append(inv, $"<title>{title} – LiveBuddy report</title><style>{Css}</style></head><body>\n");

        html.Append(inv, $"<header><h1>{title}</h1><p class=\"meta\">Session <b>{SafeText.Html(s.Id)}</b> · {Date(s.StartedAt)}");
        html.Append(inv, $" · {s.DurationMinutes} min · {SafeText.Html(string.Join(" + ", s.Platforms))}");
        html.Append(s.EndedAt is null ? " · <b>still live</b>" : "");
        if (report.Archived) html.Append(" · archived summary (chat removed by retention)");
        html.Append("</p></header>\n<main>\n");

        Summary(html, report);
        WhatWorked(html, report.WhatWorked);
        Charts(html, report);
        Highlights(html, report);
        StreamMarks(html, report);
        Replays(html, report);
        People(html, report);
        AlertsAndPolls(html, report);
        HypeTrains(html, report.HypeTrains);
        Raffles(html, report.Raffles);
        Questions(html, report.Questions);
        Mood(html, report);

        html.Append(inv, $"</main><footer>Made by LiveBuddy on {Date(report.GeneratedAt)} UTC. Times are UTC.</footer></body></html>\n");
        return html.ToString();
    }

    private static void Summary(StringBuilder html, SessionReport r)
    {
        var t = r.Totals;
        html.Append("<section class=\"cards\">");
        Card(html, "Messages", Num(t.Messages), $"peak {t.PeakMessagesPerMinute}/min");
        Card(html, "Chatters", Num(t.Chatters), $"{t.NewChatters} new · {t.ReturningChatters} returning");
        if (t.PeakViewers is { } peak)
            Card(html, "Viewers", Num(peak), $"peak · avg {t.AverageViewers?.ToString("0", CultureInfo.InvariantCulture)} · {t.ChattersPerViewer?.ToString("0.00", CultureInfo.InvariantCulture)} chatters/viewer");
        if (t.Likes is { } likes)
            Card(html, "Likes", Num(likes), "on YouTube");
        if (t.SharedChat is { Lines: > 0 } shared)
            Card(html, "Shared chat", Num(shared.Lines), $"{Num(shared.Chatters)} chatters from {SafeText.Html(string.Join(", ", shared.Channels), 200)} · not counted above");
        Card(html, "Alerts", Num(r.Alerts.Total), $"{r.Alerts.Subscriptions} subs · {r.Alerts.GiftedSubscriptions} gifted · {Num(r.Alerts.Bits)} bits");
        Card(html, "Questions", Num(t.Questions), $"{r.Questions.Asked} in Q&amp;A · {r.Questions.Unanswered} open");
        Card(html, "Poll votes", Num(t.PollVotes), $"{r.Polls.Count} polls");
        Card(html, "Mood", r.Sentiment.Average.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture), $"{Num(r.Sentiment.Positive)} 🙂 · {Num(r.Sentiment.Negative)} 🙁");
        Card(html, "Moderation", Num(r.Moderation.Deleted + r.Moderation.Timeouts + r.Moderation.Bans),
            $"{r.Moderation.Deleted} deleted · {r.Moderation.Timeouts} timeouts · {r.Moderation.Bans} bans");
        html.Append("</section>\n");
        if (t.ByPlatform.Count > 1)
        {
            html.Append("<section><h2>By platform</h2><table><thead><tr><th>Platform</th><th class=\"n\">Messages</th><th class=\"n\">Chatters</th><th class=\"n\">New</th><th class=\"n\">Alerts</th></tr></thead><tbody>");
            foreach (var p in t.ByPlatform)
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{SafeText.Html(p.Platform)}</td><td class=\"n\">{Num(p.Messages)}</td><td class=\"n\">{Num(p.Chatters)}</td><td class=\"n\">{Num(p.NewChatters)}</td><td class=\"n\">{Num(p.Alerts)}</td></tr>");
            html.Append("</tbody></table></section>\n");
        }
    }

    private static void Card(StringBuilder html, string label, string value, string detail) =>
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"card\"><div class=\"label\">{label}</div><div class=\"value\">{value}</div><div class=\"detail\">{detail}</div></div>");

    private static void WhatWorked(StringBuilder html, WhatWorked w)
    {
        html.Append("<section><h2>What worked</h2>");
        if (w.Notes.Count > 0)
        {
            html.Append("<ul class=\"notes\">");
            foreach (var note in w.Notes) html.Append("<li>").Append(SafeText.Html(note)).Append("</li>");
            html.Append("</ul>");
        }
        if (w.Segments.Count > 0)
        {
            html.Append("<table><thead><tr><th>Part</th><th>Minutes</th><th class=\"n\">Messages/min</th><th class=\"n\">Chatters</th><th class=\"n\">Mood</th><th class=\"n\">Engagement</th><th class=\"n\">Alerts</th></tr></thead><tbody>");
            foreach (var seg in w.Segments)
            {
                var best = seg.Name == w.BestSegment ? " class=\"best\"" : "";
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr{best}><td>{SafeText.Html(seg.Name)}</td><td>{seg.FromMinute}–{seg.ToMinute}</td><td class=\"n\">{seg.MessagesPerMinute:0.#}</td><td class=\"n\">{seg.Chatters}</td><td class=\"n\">{seg.Sentiment:+0.00;-0.00;0.00}</td><td class=\"n\">{seg.Engagement:0.#}</td><td class=\"n\">{seg.Alerts}</td></tr>");
            }
            html.Append("</tbody></table>");
        }
        if (w.PreviousSessions > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3>Against your last {w.PreviousSessions} streams</h3><table><thead><tr><th>Metric</th><th class=\"n\">This stream</th><th class=\"n\">Average before</th><th class=\"n\">Change</th></tr></thead><tbody>");
            foreach (var trend in w.Trends)
            {
                var arrow = trend.Direction switch { "up" => "<span class=\"up\">▲</span>", "down" => "<span class=\"down\">▼</span>", _ => "<span class=\"flat\">▶</span>" };
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr><td>{MetricName(trend.Metric)}</td><td class=\"n\">{trend.Value:0.##}</td><td class=\"n\">{trend.PreviousAverage:0.##}</td><td class=\"n\">{arrow} {(trend.ChangePercent is { } c ? c.ToString("+0;-0;0", CultureInfo.InvariantCulture) + "%" : "")}</td></tr>");
            }
            html.Append("</tbody></table>");
        }
        html.Append("</section>\n");
    }

    private static string MetricName(string metric) => metric switch
    {
        "messagesPerMinute" => "Messages per minute",
        "chatters" => "Chatters",
        "sentiment" => "Mood (−1..1)",
        "peakViewers" => "Peak viewers",
        "alerts" => "Alerts",
        _ => SafeText.Html(metric),
    };

    private static void Charts(StringBuilder html, SessionReport r)
    {
        var timeline = r.Timeline;
        if (timeline.Count == 0) return;
        var markers = r.Highlights.Select(h => Math.Max(0, (int)((h.At - timeline[0].At).TotalMinutes))).ToList();
        html.Append("<section class=\"charts\"><h2>Timeline</h2>");
        var peak = Math.Max(1, timeline.Max(t => t.Messages));
        SvgChart.Write(html, new SvgChart.Series("Messages per minute", "messages", timeline.Select(t => (double?)t.Messages).ToList(), 0, peak, true, ""), markers);
        SvgChart.Write(html, new SvgChart.Series("Engagement (0–100)", "engagement", timeline.Select(t => (double?)t.Engagement).ToList(), 0, 100, false, ""), markers);
        SvgChart.Write(html, new SvgChart.Series("Chat mood (−1 to +1)", "sentiment", timeline.Select(t => t.Messages == 0 ? null : (double?)t.Sentiment).ToList(), -1, 1, false, ""), markers);
        if (timeline.Any(t => t.Viewers is not null))
        {
            var viewers = timeline.Max(t => t.Viewers ?? 0);
            SvgChart.Write(html, new SvgChart.Series("Viewers", "viewers", timeline.Select(t => (double?)t.Viewers).ToList(), 0, Math.Max(1, viewers), false, ""), markers);
            var participation = timeline.Max(t => t.Participation ?? 0);
            SvgChart.Write(html, new SvgChart.Series("Chatters per 100 viewers", "participation", timeline.Select(t => t.Participation).ToList(), 0,
                Math.Max(1, participation), false, ""), markers);
        }
        html.Append("<p class=\"hint\">Dashed lines mark highlights. Minutes count from the start of the stream.</p></section>\n");
    }

    private static void Highlights(StringBuilder html, SessionReport r)
    {
        html.Append("<section><h2>Highlights</h2>");
        if (r.Highlights.Count == 0)
        {
            html.Append("<p>No moment stood out from the rest of the stream.</p></section>\n");
            return;
        }
        static string Link(Highlight h) => SafeText.Url(h.VodUrl) is { } url
            ? $"<a href=\"{url}\" rel=\"noopener noreferrer\" target=\"_blank\">watch</a>"
            : "–";
        var titled = r.Highlights.Where(h => h.Title is not null).OrderByDescending(h => h.Score).ToList();
        if (titled.Count > 0)
        {
            html.Append("<ul class=\"moments\">");
            foreach (var h in titled)
                html.Append(CultureInfo.InvariantCulture,
                    $"<li><strong>{SafeText.Html(h.Title)}</strong> at {Offset(h.OffsetSeconds)}: {SafeText.Html(h.Reason)} ({Link(h)})</li>");
            html.Append("</ul>");
        }
        var twitch = r.Highlights.Any(h => h.Marker is not null || h.Clip is not null);
        html.Append("<table><thead><tr><th>When</th><th>Kind</th><th>What happened</th><th class=\"n\">Strength</th><th>VOD</th>");
        html.Append(twitch ? "<th>Twitch marker</th><th>Twitch clip</th></tr></thead><tbody>" : "</tr></thead><tbody>");
        foreach (var h in r.Highlights)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{Offset(h.OffsetSeconds)}</td><td>{SafeText.Html(h.Kind)}</td><td>{SafeText.Html(h.Reason)}</td><td class=\"n\">{h.Score:0.00}</td><td>{Link(h)}</td>");
            if (twitch) html.Append(CultureInfo.InvariantCulture, $"<td>{Mark(h.Marker)}</td><td>{Mark(h.Clip)}</td>");
            html.Append("</tr>");
        }
        html.Append("</tbody></table></section>\n");
    }

    private static void StreamMarks(StringBuilder html, SessionReport r)
    {
        if (r.StreamMarks.Count == 0) return;
        html.Append("<section><h2>Twitch markers and clips</h2>");
        html.Append("<table><thead><tr><th>When</th><th>What</th><th>For</th><th>Result</th></tr></thead><tbody>");
        foreach (var mark in r.StreamMarks)
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{Offset(mark.OffsetSeconds)}</td><td>{SafeText.Html(mark.Kind)}: {SafeText.Html(mark.Description)}</td><td>{SafeText.Html(mark.RequestedBy)}</td><td>{Mark(mark)}</td></tr>");
        html.Append("</tbody></table></section>\n");
    }

    /// <summary>A marker's position (linked into the VOD when known) or a clip's link; a refusal says why.</summary>
    private static string Mark(ReportStreamMark? mark)
    {
        if (mark is null) return "–";
        if (mark.Failure is not null) return $"<strong>none</strong>: {SafeText.Html(mark.Detail ?? mark.Failure)}";
        var label = mark.Kind == "clip" ? "clip" : "marker at " + Offset(mark.PositionSeconds ?? mark.OffsetSeconds);
        return SafeText.Url(mark.Url) is { } url ? $"<a href=\"{url}\" rel=\"noopener noreferrer\" target=\"_blank\">{label}</a>" : label;
    }

    private static void Replays(StringBuilder html, SessionReport r)
    {
        if (r.Replays.Count == 0) return;
        html.Append("<section><h2>Saved replays (OBS)</h2>");
        html.Append("<table><thead><tr><th>When</th><th>Moment</th><th>File</th></tr></thead><tbody>");
        foreach (var replay in r.Replays)
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{Offset(replay.OffsetSeconds)}</td><td>{SafeText.Html(replay.Kind)}: {SafeText.Html(replay.Reason)}</td><td>{ReplayFile(replay)}</td></tr>");
        html.Append("</tbody></table></section>\n");
    }

    private static string ReplayFile(ReportReplay replay) => replay.Path is { } path
        ? $"<code>{SafeText.Html(path)}</code>"
        : $"<strong>not saved</strong>: {SafeText.Html(replay.Failure ?? "unknown reason")}";

    private static void HypeTrains(StringBuilder html, HypeTrainSummary trains)
    {
        if (trains.Count == 0) return;
        html.Append(CultureInfo.InvariantCulture,
            $"<section><h2>Hype trains</h2><p>{trains.Count} train(s), highest level {trains.HighestLevel}, {Num(trains.TotalPoints)} points in all.</p>");
        html.Append("<table><thead><tr><th>When</th><th>Type</th><th class=\"n\">Level</th><th class=\"n\">Points</th><th>Top contributors</th></tr></thead><tbody>");
        foreach (var t in trains.Trains)
        {
            var top = string.Join(", ", t.TopContributors.Select(c => $"{SafeText.Html(c.Name, 40)} ({Num(c.Total)} {SafeText.Html(c.Kind)})"));
            var type = t.Type.Replace('_', ' ') + (t.SharedWith.Count > 0 ? $", shared with {string.Join(", ", t.SharedWith)}" : "");
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{Offset(t.OffsetSeconds)}</td><td>{SafeText.Html(type)}</td><td class=\"n\">{t.Level}</td><td class=\"n\">{Num(t.Total)}</td><td>{top}</td></tr>");
        }
        html.Append("</tbody></table></section>\n");
    }

    private static void Raffles(StringBuilder html, IReadOnlyList<ReportRaffle> raffles)
    {
        if (raffles.Count == 0) return;
        html.Append("<section><h2>Raffles</h2>");
        html.Append("<table><thead><tr><th>When</th><th>Keyword</th><th class=\"n\">Entries</th><th class=\"n\">Cost</th><th>Status</th><th>Winners</th></tr></thead><tbody>");
        foreach (var r in raffles)
        {
            var winners = r.Winners.Count == 0 ? "none drawn"
                : string.Join(", ", r.Winners.Select(w => $"<bdi>{SafeText.Html(w.Name, 60)}</bdi> ({SafeText.Html(w.Platform)})"));
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{Offset(r.OffsetSeconds)}</td><td>{SafeText.Html(r.Keyword ?? "!join", 40)}</td><td class=\"n\">{Num(r.Entrants)}</td><td class=\"n\">{Num(r.Cost)}</td><td>{SafeText.Html(r.Status)}</td><td>{winners}</td></tr>");
        }
        html.Append("</tbody></table></section>\n");
    }

    private static void People(StringBuilder html, SessionReport r)
    {
        html.Append("<section class=\"two\"><div><h2>Top chatters</h2>");
        if (r.TopChatters.Count == 0) html.Append(r.Archived ? "<p>Names were removed by retention.</p>" : "<p>Nobody chatted.</p>");
        else
        {
            html.Append("<table><thead><tr><th>#</th><th>Name</th><th>Platform</th><th class=\"n\">Messages</th></tr></thead><tbody>");
            var i = 0;
            foreach (var c in r.TopChatters)
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{++i}</td><td><bdi>{SafeText.Html(c.Name, 60)}</bdi></td><td>{SafeText.Html(c.Platform)}</td><td class=\"n\">{Num(c.Messages)}</td></tr>");
            html.Append("</tbody></table>");
        }
        html.Append("</div><div><h2>Top supporters</h2>");
        if (r.TopSupporters.Count == 0) html.Append("<p>No subs, gifts, bits or Super Chats.</p>");
        else
        {
            html.Append("<table><thead><tr><th>Name</th><th class=\"n\">Subs</th><th class=\"n\">Gifted</th><th class=\"n\">Bits</th><th>Money</th></tr></thead><tbody>");
            foreach (var s in r.TopSupporters)
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr><td><bdi>{SafeText.Html(s.Name, 60)}</bdi> <small>{SafeText.Html(s.Platform)}</small></td><td class=\"n\">{s.Subscriptions}</td><td class=\"n\">{s.GiftedSubscriptions}</td><td class=\"n\">{Num(s.Bits)}</td><td>{Money(s.Money)}</td></tr>");
            html.Append("</tbody></table>");
        }
        html.Append("</div></section>\n");
    }

    private static void AlertsAndPolls(StringBuilder html, SessionReport r)
    {
        html.Append("<section class=\"two\"><div><h2>Alerts</h2>");
        if (r.Alerts.ByKind.Count == 0) html.Append("<p>No alerts.</p>");
        else
        {
            html.Append("<table><thead><tr><th>Kind</th><th class=\"n\">Count</th><th class=\"n\">Units</th></tr></thead><tbody>");
            foreach (var k in r.Alerts.ByKind)
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{SafeText.Html(k.Kind)}</td><td class=\"n\">{k.Count}</td><td class=\"n\">{Num(k.Units)}</td></tr>");
            html.Append("</tbody></table>");
            if (r.Alerts.Money.Count > 0) html.Append("<p>Money: ").Append(Money(r.Alerts.Money)).Append("</p>");
        }
        html.Append(CultureInfo.InvariantCulture, $"<h3>Moderation</h3><p>{r.Moderation.Deleted} messages deleted, {r.Moderation.Timeouts} timeouts, {r.Moderation.Bans} bans");
        if (r.Moderation.Retracted > 0) html.Append(CultureInfo.InvariantCulture, $", {r.Moderation.Retracted} retracted by their authors");
        if (r.Moderation.ChatClears > 0) html.Append(CultureInfo.InvariantCulture, $", chat cleared {r.Moderation.ChatClears}×");
        html.Append(".</p></div><div><h2>Polls</h2>");
        if (r.Polls.Count == 0) html.Append("<p>No polls.</p>");
        foreach (var p in r.Polls)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3>{SafeText.Html(p.Question, 200)} <small>{SafeText.Html(p.Status)} · {p.TotalVotes} votes</small></h3><table><tbody>");
            foreach (var o in p.Options)
            {
                var win = p.Winner is not null && o.Votes > 0 && o.Votes == p.Options.Max(x => x.Votes) ? " class=\"best\"" : "";
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr{win}><td>{SafeText.Html(o.Text, 120)}</td><td class=\"n\">{o.Votes}</td><td class=\"bar\"><span style=\"width:{Math.Clamp(o.Percent, 0, 100):0.#}%\"></span> {o.Percent:0.#}%</td></tr>");
            }
            html.Append("</tbody></table>");
        }
        html.Append("</div></section>\n");
    }

    private static void Questions(StringBuilder html, QuestionSummary q)
    {
        html.Append(CultureInfo.InvariantCulture, $"<section><h2>Questions</h2><p>{q.Asked} asked · {q.Answered} answered · {q.Unanswered} unanswered · {q.Dismissed} dismissed</p>");
        if (q.ToDo.Count > 0)
        {
            html.Append("<h3>To answer next stream</h3><ol class=\"todo\">");
            foreach (var item in q.ToDo)
            {
                var author = item.Author.Length > 0 ? $" <small>— <bdi>{SafeText.Html(item.Author, 60)}</bdi> ({SafeText.Html(item.Platform)})</small>" : "";
                html.Append(CultureInfo.InvariantCulture, $"<li><span class=\"box\">☐</span> <bdi>{SafeText.Html(item.Text)}</bdi>{author} <small>+{item.Upvotes}</small></li>");
            }
            html.Append("</ol>");
        }
        html.Append("</section>\n");
    }

    private static void Mood(StringBuilder html, SessionReport r)
    {
        var m = r.Sentiment;
        var total = Math.Max(1, m.Positive + m.Neutral + m.Negative);
        html.Append(CultureInfo.InvariantCulture,
            $"<section><h2>Chat mood</h2><p>{Num(m.Positive)} positive ({100.0 * m.Positive / total:0}%), {Num(m.Neutral)} neutral, {Num(m.Negative)} negative ({100.0 * m.Negative / total:0}%); average {m.Average:+0.00;-0.00;0.00}.</p>");
        html.Append("<div class=\"two\">");
        Moment(html, "Warmest moment", m.MostPositive);
        Moment(html, "Coldest moment", m.MostNegative);
        html.Append("</div></section>\n");
    }

    private static void Moment(StringBuilder html, string label, SentimentMoment? moment)
    {
        html.Append("<div><h3>").Append(label).Append("</h3>");
        if (moment is null)
        {
            html.Append("<p>–</p></div>");
            return;
        }
        html.Append(CultureInfo.InvariantCulture, $"<p>At {Offset(moment.OffsetSeconds)}: {moment.Messages} messages, mood {moment.Sentiment:+0.00;-0.00;0.00}.</p>");
        foreach (var q in moment.Quotes)
            html.Append(CultureInfo.InvariantCulture, $"<blockquote><bdi>{SafeText.Html(q.Text)}</bdi><cite>— <bdi>{SafeText.Html(q.Author, 60)}</bdi> ({SafeText.Html(q.Platform)})</cite></blockquote>");
        html.Append("</div>");
    }

    private static string Money(IReadOnlyList<MoneyTotal> money) =>
        string.Join(", ", money.Select(m => SafeText.Html(m.Currency) + " " + m.Amount.ToString("#,0.##", CultureInfo.InvariantCulture)));

    private static string Num(long n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    private static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Offset(int seconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600}:{seconds / 60 % 60:00}:{seconds % 60:00}");

    private const string Css = """
        :root{--fg:#1d1f24;--muted:#5c6370;--line:#d9dce3;--accent:#6441a5;--yt:#c4302b;--bg:#fff;--card:#f5f6f9}
        *{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
        header,main,footer{max-width:1040px;margin:0 auto;padding:0 20px}header{padding-top:24px}h1{margin:0 0 4px;font-size:26px;overflow-wrap:anywhere}
        h2{font-size:18px;margin:28px 0 10px;border-bottom:2px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:16px 0 6px}
        .meta,.hint,footer,small{color:var(--muted)}footer{padding:24px 20px 40px;font-size:12px}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:10px;margin-top:16px}
        .card{background:var(--card);border-radius:8px;padding:10px 12px}.label{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
        .value{font-size:24px;font-weight:650}.detail{font-size:12px;color:var(--muted)}
        table{border-collapse:collapse;width:100%;table-layout:auto}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:anywhere;word-break:break-word}
        th{font-size:12px;color:var(--muted);font-weight:600}.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        tr.best td{background:#efe9fb}.two{display:grid;grid-template-columns:1fr 1fr;gap:24px}@media (max-width:760px){.two{grid-template-columns:1fr}}
        .chart{margin:8px 0 14px}.chart figcaption{font-size:13px;font-weight:600;margin-bottom:2px}.chart svg{width:100%;height:200px;display:block}
        .grid{stroke:var(--line);stroke-width:1}.zero{stroke:var(--muted);stroke-dasharray:2 3}.axis{font-size:11px;fill:var(--muted)}
        .marker{stroke:#e8a317;stroke-width:1.5;stroke-dasharray:4 3}.bars rect{fill:var(--accent)}.line{fill:none;stroke-width:2;vector-effect:non-scaling-stroke}
        .engagement .line{stroke:#1f8a70}.sentiment .line{stroke:#d9822b}.viewers .line{stroke:var(--yt)}
        .bar span{display:inline-block;height:10px;background:var(--accent);border-radius:2px;vertical-align:middle;max-width:70%}
        .up{color:#1f8a70}.down{color:#c4302b}.flat{color:var(--muted)}
        blockquote{margin:6px 0;padding:6px 10px;border-left:3px solid var(--line);overflow-wrap:anywhere}cite{display:block;font-size:12px;color:var(--muted);font-style:normal}
        .todo{padding-left:22px}.todo li{margin:4px 0;overflow-wrap:anywhere}.box{font-size:16px}a{color:var(--accent)}
        bdi{unicode-bidi:isolate}
        @media print{body{font-size:11pt}header,main,footer{max-width:none;padding:0}.cards{grid-template-columns:repeat(4,1fr)}
          section,figure,table,blockquote{break-inside:avoid}h2{break-after:avoid}a::after{content:" (" attr(href) ")";font-size:9pt;color:var(--muted);overflow-wrap:anywhere}
          .card,tr.best td{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
        """;
}
