namespace LiveBuddy.Storage.Reports;

/// <summary>
/// The post-stream report of one session (<c>report.json</c>, <c>report --format json</c>); the HTML report
/// shows the same model. Field names are the public contract in DESIGN.md.
/// </summary>
public sealed record SessionReport
{
    /// <summary>Which session this is.</summary>
    public required ReportSession Session { get; init; }
    /// <summary>Counts over the whole session.</summary>
    public required ReportTotals Totals { get; init; }
    /// <summary>One entry per minute from the start to the end of the session, empty minutes included.</summary>
    public required IReadOnlyList<TimelineMinute> Timeline { get; init; }
    /// <summary>Moments worth clipping, in stream order.</summary>
    public required IReadOnlyList<Highlight> Highlights { get; init; }
    /// <summary>Who wrote the most chat messages, most first.</summary>
    public required IReadOnlyList<TopChatter> TopChatters { get; init; }
    /// <summary>Who supported the stream most (subs, gifts, bits, Super Chats), most first.</summary>
    public required IReadOnlyList<TopSupporter> TopSupporters { get; init; }
    /// <summary>Alerts: counts by kind and money by currency.</summary>
    public required AlertSummary Alerts { get; init; }
    /// <summary>Polls run in this session with their results.</summary>
    public required IReadOnlyList<PollResult> Polls { get; init; }
    /// <summary>The Q&amp;A queue: asked, answered, and the unanswered ones as a to-do list for the next stream.</summary>
    public required QuestionSummary Questions { get; init; }
    /// <summary>Moderation the platforms reported (not LiveBuddy's own requests).</summary>
    public required ModerationSummary Moderation { get; init; }
    /// <summary>How chat felt, with the most positive and most negative moments.</summary>
    public required SentimentSummary Sentiment { get; init; }
    /// <summary>Thirds of the stream compared, and this session against the average of the previous five.</summary>
    public required WhatWorked WhatWorked { get; init; }
    /// <summary>When this report was made.</summary>
    public required DateTimeOffset GeneratedAt { get; init; }
    /// <summary>Replay buffers OBS saved in this session, for a live moment or a moderator's <c>!replay</c>, oldest first.</summary>
    public IReadOnlyList<ReportReplay> Replays { get; init; } = [];
    /// <summary>Twitch hype trains of the session: how many, the highest level, points in all, and each train.</summary>
    public HypeTrainSummary HypeTrains { get; init; } = HypeTrainSummary.None;
    /// <summary>Raffles opened or drawn in this session with the winners drawn in it, oldest first.</summary>
    public IReadOnlyList<ReportRaffle> Raffles { get; init; } = [];
    /// <summary>Twitch stream markers and clips LiveBuddy made (or was refused) for moments and moderators, oldest first.</summary>
    public IReadOnlyList<ReportStreamMark> StreamMarks { get; init; } = [];
    /// <summary>
    /// True when the session's chat was removed by retention and the report comes from the summary kept at that
    /// time: totals, timeline, highlights and counts survive; names and chat quotes do not.
    /// </summary>
    public bool Archived { get; init; }
}

/// <summary>The session a report is about.</summary>
/// <param name="Id">Session id (<c>yyyyMMdd-HHmmss</c> of its start, UTC).</param>
/// <param name="StartedAt">When the stream went live or the first chat arrived.</param>
/// <param name="EndedAt">When it ended; null while it is still live.</param>
/// <param name="Platforms">Platform wire names: <c>twitch</c>, <c>youtube</c>, <c>demo</c>.</param>
/// <param name="Title">Stream title, when a platform told it.</param>
/// <param name="DurationMinutes">Minutes in the timeline.</param>
/// <param name="EndReason">Why it ended: offline, silence, shutdown; null while live.</param>
public sealed record ReportSession(string Id, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, IReadOnlyList<string> Platforms,
    string? Title, int DurationMinutes, string? EndReason);

/// <summary>Counts over the whole session.</summary>
/// <param name="Messages">Chat messages stored (deleted ones included).</param>
/// <param name="Chatters">Distinct viewers who wrote at least one message (per platform account).</param>
/// <param name="NewChatters">Chatters never seen before this session (see <see cref="ReturningChatters"/>).</param>
/// <param name="ReturningChatters">
/// Chatters seen before: their viewer record was first seen before this session started, or an earlier session
/// holds a message of theirs. Both are checked, so imported old logs and retention do not make regulars look new.
/// </param>
/// <param name="PeakMessagesPerMinute">The busiest minute's message count.</param>
/// <param name="Questions">Chat messages the question model flagged (Q&amp;A queue entries are in <c>questions</c>).</param>
/// <param name="PollVotes">Votes counted in this session's polls (final: one per viewer per poll).</param>
/// <param name="DeletedMessages">Messages removed by moderators or their authors.</param>
/// <param name="PeakViewers">Highest concurrent viewer count reported; null when no platform reported one.</param>
/// <param name="AverageViewers">Average of the minutes with a viewer count; null without counts.</param>
/// <param name="ChattersPerViewer">Chatters divided by average viewers: how much of the audience talked; null without counts.</param>
/// <param name="ByPlatform">The same counts per platform.</param>
/// <param name="Likes">The streams' likes at the end (YouTube's likeCount, summed over its streams); null when none reported.</param>
/// <param name="SharedChat">
/// Lines from a Twitch Shared Chat partner channel (not ours unless <c>Twitch:SharedChat:Participate</c>): counted here and in
/// no other figure of the report; null in reports archived before they were counted.
/// </param>
public sealed record ReportTotals(long Messages, int Chatters, int NewChatters, int ReturningChatters, int PeakMessagesPerMinute,
    long Questions, int PollVotes, long DeletedMessages, int? PeakViewers, double? AverageViewers, double? ChattersPerViewer,
    IReadOnlyList<PlatformTotals> ByPlatform, int? Likes = null, SharedChatTotals? SharedChat = null);

/// <summary>The "shared chat" figure: partner channels' lines and chatters seen in our chat during a Shared Chat.</summary>
/// <param name="Lines">Partner lines stored.</param>
/// <param name="Chatters">Distinct partner chatters.</param>
/// <param name="Channels">The partner channels (login, or id when the line did not name it).</param>
public sealed record SharedChatTotals(long Lines, int Chatters, IReadOnlyList<string> Channels);

/// <summary>Counts for one platform.</summary>
public sealed record PlatformTotals(string Platform, long Messages, int Chatters, int NewChatters, int Alerts);

/// <summary>One minute of the stream.</summary>
/// <param name="Minute">Minutes since the start (0 is the first minute).</param>
/// <param name="At">Start of the minute.</param>
/// <param name="Messages">Chat messages sent in the minute.</param>
/// <param name="Chatters">Distinct chatters in the minute.</param>
/// <param name="Sentiment">Average message score, -1..1 (0 when nobody wrote).</param>
/// <param name="Engagement">
/// Engagement index 0..100 (the scoring engagement model): messages against what an audience of this size usually writes at
/// this point of a stream (60%), chatters per viewer (25%), gifts, money and questions (15%); where viewers are unknown the
/// session's own median busy minute is the expectation. About 40–45 is a usual minute; 0 means nobody wrote or gave.
/// </param>
/// <param name="Viewers">
/// Concurrent viewers summed over the platforms, each platform's last count carried forward into minutes where only
/// another reported (a count carries up to ten minutes); null when unknown.
/// </param>
/// <param name="Alerts">Alerts in the minute.</param>
/// <param name="Questions">Question-flagged messages in the minute.</param>
/// <param name="Participation">Chatters per 100 viewers in the minute; null when viewers are unknown.</param>
/// <param name="Likes">The streams' likes so far (YouTube), carried like viewers; null when unknown.</param>
public sealed record TimelineMinute(int Minute, DateTimeOffset At, int Messages, int Chatters, double Sentiment, double Engagement,
    int? Viewers, int Alerts, int Questions, double? Participation = null, int? Likes = null);

/// <summary>A moment worth clipping.</summary>
/// <param name="At">
/// Where to start watching, to the second: a chat burst's onset moved back by the chat lag and a short lead (so the
/// link lands just before the moment starts on stream), or a few seconds before a raid.
/// </param>
/// <param name="OffsetSeconds">Seconds since the session start (the VOD position).</param>
/// <param name="Score">Strength 0..1 (a burst's peak against the calm chat before it; a raid by its size).</param>
/// <param name="Reason">What happened, in words ("A funny moment: 412 messages in 40 s, KEKW ×180").</param>
/// <param name="VodUrl">Link to the moment in the VOD (Twitch <c>?t=1h2m3s</c>, YouTube <c>&amp;t=123s</c>); null when no VOD is configured.</param>
/// <param name="Kind"><c>hype</c>, <c>funny</c>, <c>sad</c>, <c>shock</c>, <c>wholesome</c>, <c>angry</c> or <c>raid</c>.</param>
/// <param name="Title">"The funniest moment", "The saddest moment"…: set on the strongest moment of each kind, else null.</param>
/// <param name="Marker">The Twitch stream marker placed live for this moment (its position), or why none was; null when none was asked for.</param>
/// <param name="Clip">The Twitch clip made live for this moment (its URL), or why none was; null when none was asked for.</param>
public sealed record Highlight(DateTimeOffset At, int OffsetSeconds, double Score, string Reason, string? VodUrl, string Kind = "hype",
    string? Title = null, ReportStreamMark? Marker = null, ReportStreamMark? Clip = null);

/// <summary>A Twitch stream marker or clip of the session.</summary>
/// <param name="Kind"><c>marker</c> or <c>clip</c>.</param>
/// <param name="At">When it was asked for.</param>
/// <param name="OffsetSeconds">Seconds since the session start.</param>
/// <param name="Description">The marker's description (a moment's reason or a moderator's text), or what the clip is of.</param>
/// <param name="RequestedBy">The moderator who asked, or <c>moment</c>.</param>
/// <param name="Id">Twitch's marker or clip id; null when refused.</param>
/// <param name="PositionSeconds">A marker's position in the stream as Twitch placed it.</param>
/// <param name="Url">A clip's link, or a marker's place in the VOD when the VOD is known.</param>
/// <param name="EditUrl">Where the streamer edits the clip (Twitch keeps it about a day).</param>
/// <param name="MomentId">The live moment it was made for; null for a moderator's command.</param>
/// <param name="Failure">Why nothing was made (<c>not-live</c>, <c>vods-off</c>, <c>clips-off</c>, <c>no-scope</c>…); null when made.</param>
/// <param name="Detail">The reason in words.</param>
public sealed record ReportStreamMark(string Kind, DateTimeOffset At, int OffsetSeconds, string Description, string RequestedBy, string? Id,
    int? PositionSeconds, string? Url, string? EditUrl, string? MomentId, string? Failure, string? Detail);

/// <summary>A chatter and how many messages they wrote.</summary>
public sealed record TopChatter(string Name, string Platform, long Messages);

/// <summary>A supporter. <see cref="Points"/> ranks them roughly: a sub or gifted sub 5, 100 bits 1, money its amount.</summary>
public sealed record TopSupporter(string Name, string Platform, int Subscriptions, int GiftedSubscriptions, long Bits,
    IReadOnlyList<MoneyTotal> Money, double Points);

/// <summary>Alerts of the session.</summary>
/// <param name="Total">Alerts counted.</param>
/// <param name="Subscriptions">Subs, resubs and memberships.</param>
/// <param name="GiftedSubscriptions">Gifted subs and memberships (a gift bomb counts its gifts).</param>
/// <param name="Bits">Bits cheered.</param>
/// <param name="ByKind">Count per alert kind (camelCase as in the <c>alert</c> payload); <c>units</c> adds up gifts, raid viewers, months.</param>
/// <param name="Money">Money by currency (Super Chats, Super Stickers, tips; bits under <c>BITS</c>).</param>
public sealed record AlertSummary(int Total, int Subscriptions, int GiftedSubscriptions, long Bits, IReadOnlyList<AlertKindCount> ByKind,
    IReadOnlyList<MoneyTotal> Money);

/// <summary>How many alerts of one kind.</summary>
public sealed record AlertKindCount(string Kind, int Count, long Units);

/// <summary>A sum of money in one currency.</summary>
public sealed record MoneyTotal(string Currency, decimal Amount, int Count);

/// <summary>A poll and its result.</summary>
public sealed record PollResult(string Id, string Question, string Status, DateTimeOffset OpenedAt, int TotalVotes,
    IReadOnlyList<PollOptionResult> Options, string? Winner);

/// <summary>One poll option's votes.</summary>
public sealed record PollOptionResult(string Text, int Votes, double Percent);

/// <summary>The Q&amp;A queue of the session.</summary>
/// <param name="Asked">Questions asked with <c>!ask</c> (merged duplicates count once).</param>
/// <param name="Answered">Marked answered.</param>
/// <param name="Unanswered">Still pending, approved or being answered when the stream ended.</param>
/// <param name="Dismissed">Dismissed by a moderator.</param>
/// <param name="ToDo">The unanswered ones, most upvoted first: a to-do list for the next stream.</param>
/// <param name="All">Every question with its status.</param>
public sealed record QuestionSummary(int Asked, int Answered, int Unanswered, int Dismissed, IReadOnlyList<QuestionItem> ToDo,
    IReadOnlyList<QuestionItem> All);

/// <summary>One Q&amp;A question.</summary>
public sealed record QuestionItem(string Text, string Author, string Platform, int Upvotes, string Status, DateTimeOffset AskedAt);

/// <summary>Platform-observed moderation (rows LiveBuddy requested itself are not counted).</summary>
public sealed record ModerationSummary(int Deleted, int Timeouts, int Bans, int Retracted, int ChatClears);

/// <summary>How chat felt.</summary>
/// <param name="Positive">Messages scored positive.</param>
/// <param name="Neutral">Messages scored neutral.</param>
/// <param name="Negative">Messages scored negative.</param>
/// <param name="Average">Average score, -1..1.</param>
/// <param name="MostPositive">The warmest busy minute, quoted.</param>
/// <param name="MostNegative">The coldest busy minute, quoted.</param>
public sealed record SentimentSummary(long Positive, long Neutral, long Negative, double Average, SentimentMoment? MostPositive,
    SentimentMoment? MostNegative);

/// <summary>A minute of the stream with what chat said in it (toxic and deleted messages are never quoted).</summary>
public sealed record SentimentMoment(int Minute, DateTimeOffset At, int OffsetSeconds, double Sentiment, int Messages,
    IReadOnlyList<ChatQuote> Quotes);

/// <summary>A chat message quoted in the report.</summary>
public sealed record ChatQuote(string Author, string Platform, string Text, double Score);

/// <summary>What worked: the stream's thirds side by side, and this session against the last five.</summary>
/// <param name="Segments">First, middle and last third (fewer for short streams).</param>
/// <param name="BestSegment">Name of the segment with the highest engagement; null when there is none.</param>
/// <param name="PreviousSessions">How many earlier sessions the trends average (up to five).</param>
/// <param name="Trends">Each metric with the previous average and an arrow.</param>
/// <param name="Notes">The comparisons in plain sentences.</param>
public sealed record WhatWorked(IReadOnlyList<SegmentStats> Segments, string? BestSegment, int PreviousSessions,
    IReadOnlyList<Trend> Trends, IReadOnlyList<string> Notes);

/// <summary>A stretch of the stream.</summary>
public sealed record SegmentStats(string Name, int FromMinute, int ToMinute, double MessagesPerMinute, int Chatters,
    double Sentiment, double Engagement, int Alerts);

/// <summary>One metric of this session against the previous sessions' average.</summary>
/// <param name="Metric">messagesPerMinute, chatters, sentiment, peakViewers, alerts.</param>
/// <param name="Value">This session.</param>
/// <param name="PreviousAverage">Average of the previous sessions; null when there are none.</param>
/// <param name="ChangePercent">Change against the average in percent; null when it cannot be computed.</param>
/// <param name="Direction"><c>up</c>, <c>down</c> or <c>flat</c> (within 5%).</param>
public sealed record Trend(string Metric, double Value, double? PreviousAverage, double? ChangePercent, string Direction);

/// <summary>Two sessions side by side (<c>GET /api/sessions/compare?a=&amp;b=</c>).</summary>
public sealed record SessionComparison(SessionDigest A, SessionDigest B, IReadOnlyList<Trend> Differences);

/// <summary>The headline numbers of one session.</summary>
public sealed record SessionDigest(string Id, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? Title, int DurationMinutes,
    long Messages, int Chatters, double MessagesPerMinute, double Sentiment, int? PeakViewers, int Alerts);

/// <summary>A replay buffer OBS saved during the session.</summary>
/// <param name="At">When it was saved.</param>
/// <param name="OffsetSeconds">Seconds since the session start.</param>
/// <param name="Kind">The moment's kind (<c>hype</c>, <c>funny</c>…), or <c>replay</c> for a moderator's <c>!replay</c>.</param>
/// <param name="Reason">The moment's reason, or who asked.</param>
/// <param name="Path">The file OBS wrote, on the streaming PC; null when the save failed.</param>
/// <param name="MomentId">The live moment it was saved for; null for <c>!replay</c>.</param>
/// <param name="Failure">Why no replay was saved (OBS not connected, replay buffer off…); null when it was.</param>
public sealed record ReportReplay(DateTimeOffset At, int OffsetSeconds, string Kind, string Reason, string? Path, string? MomentId, string? Failure = null);

/// <summary>The hype trains of a session.</summary>
/// <param name="Count">Trains that ran.</param>
/// <param name="HighestLevel">The highest level any reached (0 with none).</param>
/// <param name="TotalPoints">Points contributed to all of them.</param>
/// <param name="Trains">Each train, oldest first.</param>
public sealed record HypeTrainSummary(int Count, int HighestLevel, long TotalPoints, IReadOnlyList<ReportHypeTrain> Trains)
{
    public static HypeTrainSummary None { get; } = new(0, 0, 0, []);
}

/// <summary>One hype train.</summary>
/// <param name="Id">Twitch's train id.</param>
/// <param name="Type"><c>regular</c>, <c>golden_kappa</c> or <c>treasure</c>.</param>
/// <param name="Level">The level it reached.</param>
/// <param name="Total">Points contributed.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="EndedAt">When it ended; null if the session ended first (or its end never arrived).</param>
/// <param name="OffsetSeconds">Seconds from the session start to the train's start.</param>
/// <param name="TopContributors">Its top contributors ({userId, name, kind, total}), biggest first.</param>
/// <param name="SharedWith">Partner channels of a Shared Chat train.</param>
public sealed record ReportHypeTrain(string Id, string Type, int Level, long Total, DateTimeOffset StartedAt, DateTimeOffset? EndedAt,
    int OffsetSeconds, IReadOnlyList<LiveBuddy.Core.HypeTrain.HypeTrainContribution> TopContributors, IReadOnlyList<string> SharedWith);

/// <summary>One raffle of a session.</summary>
/// <param name="Id">LiveBuddy's raffle id.</param>
/// <param name="Keyword">What viewers typed to enter; null when only <c>!join</c> entered.</param>
/// <param name="Cost">Points each entry cost (0: free).</param>
/// <param name="Status"><c>open</c>, <c>closed</c> or <c>cancelled</c> (costs refunded).</param>
/// <param name="Entrants">Viewers who entered (one entry per viewer per platform).</param>
/// <param name="OpenedAt">When it opened.</param>
/// <param name="OffsetSeconds">Seconds from the session start to the opening (0 for one opened in an earlier session).</param>
/// <param name="Winners">The winners drawn in this session, in the order drawn.</param>
public sealed record ReportRaffle(string Id, string? Keyword, long Cost, string Status, int Entrants, DateTimeOffset OpenedAt, int OffsetSeconds,
    IReadOnlyList<ReportRaffleWinner> Winners);

/// <summary>A raffle winner.</summary>
/// <param name="Name">Display name.</param>
/// <param name="Platform">Platform wire name.</param>
/// <param name="DrawnAt">When they were drawn.</param>
public sealed record ReportRaffleWinner(string Name, string Platform, DateTimeOffset DrawnAt);
