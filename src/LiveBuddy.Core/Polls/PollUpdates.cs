using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Polls;

/// <summary>The <c>poll</c> hub payload (and the <c>poll</c> part of the <c>state</c> snapshot).</summary>
/// <param name="Id">Stable poll id.</param>
/// <param name="Question">What is asked.</param>
/// <param name="Options">Options in the order viewers vote for them (<c>!vote 1</c> is the first).</param>
/// <param name="Status"><c>open</c>, <c>closed</c> or <c>cancelled</c>.</param>
/// <param name="EndsAt">Deadline, ms since the Unix epoch; for a closed poll, when it closed.</param>
/// <param name="TotalVotes">Votes counted over all options and platforms.</param>
/// <param name="VotesByPlatform">Votes per platform wire name: always <c>twitch</c> and <c>youtube</c>, <c>demo</c> when it has votes.</param>
public sealed record PollPayload(
    string Id,
    string Question,
    IReadOnlyList<PollOptionPayload> Options,
    string Status,
    long EndsAt,
    int TotalVotes,
    IReadOnlyDictionary<string, int> VotesByPlatform);

/// <summary>One poll option with its votes, in total and per platform.</summary>
public sealed record PollOptionPayload(string Text, int Votes, IReadOnlyDictionary<string, int> VotesByPlatform);

/// <summary>The poll changed (opened, vote, closed, cancelled): pushed to overlays as <c>poll</c> and stored.</summary>
public sealed record PollChanged(PollPayload Poll) : LiveUpdate, IOverlayPush
{
    public string Method => "poll";
    public object Payload => Poll;
}

/// <summary>A poll opened: the host schedules a trigger at <see cref="EndsAt"/> that sends <see cref="PollDeadlineReached"/>.</summary>
public sealed record PollOpened(PollPayload Poll, DateTimeOffset EndsAt) : LiveUpdate;

/// <summary>One viewer's vote, for storage. <see cref="PreviousOption"/> is set when the viewer changed their vote.</summary>
public sealed record VoteRecorded(
    string PollId,
    Platform Platform,
    string Channel,
    string AuthorId,
    string AuthorName,
    int Option,
    int? PreviousOption,
    DateTimeOffset At) : LiveUpdate;

/// <summary>Asks the Twitch side to mirror the poll as a native Twitch poll in <see cref="Channel"/>.</summary>
public sealed record NativePollRequested(string PollId, string Channel, string Question, IReadOnlyList<string> Options, TimeSpan Duration) : LiveUpdate;

/// <summary>
/// The running tallies of a platform's native poll that mirrors LiveBuddy poll <see cref="PollId"/> (YouTube's poll
/// counts votes anonymously, one per option). The engine merges them with chat votes from that platform without
/// counting a viewer twice: for each option the platform's share is the larger of its chat votes and the native
/// tally, since a viewer may have voted both ways and the tally cannot say who.
/// </summary>
public sealed record NativePollTally(string PollId, Platform Platform, IReadOnlyList<long> Tallies) : ControlRequest;

/// <summary>Opens a poll from the control page or API. Result: <see cref="PollPayload"/> or <see cref="ControlError"/>.</summary>
public sealed record OpenPoll(string Question, IReadOnlyList<string> Options, TimeSpan? Duration = null) : ControlRequest;

/// <summary>Closes the open poll now and announces results. Result: <see cref="PollPayload"/> or <see cref="ControlError"/>.</summary>
public sealed record EndPoll : ControlRequest;

/// <summary>Cancels the open poll without results. Result: <see cref="PollPayload"/> or <see cref="ControlError"/>.</summary>
public sealed record CancelPoll : ControlRequest;

/// <summary>Sent by the host's trigger at the poll's deadline. Closing twice is harmless: the second is a no-op.</summary>
public sealed record PollDeadlineReached(string PollId) : ControlRequest;

/// <summary>A poll that was open when the host stopped: its last <see cref="PollChanged"/> payload and its stored <see cref="VoteRecorded"/> rows, oldest first.</summary>
public sealed record PollRestore(PollPayload Poll, IReadOnlyList<VoteRecorded> Votes);
