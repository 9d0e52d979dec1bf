using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Qa;

/// <summary>Where a question is: <c>pending</c>, <c>approved</c>, <c>answering</c>, <c>answered</c>, <c>dismissed</c>.</summary>
public enum QaStatus { Pending, Approved, Answering, Answered, Dismissed }

/// <summary>
/// A question as stored. <see cref="Id"/> is short for chat (<c>!up 3</c>); <see cref="Uid"/> is unique for storage.
/// <see cref="Voters"/> holds <c>platform:userId</c> of everyone who upvoted or asked the same (the asker is not in it).
/// </summary>
public sealed record QaQuestion
{
    public required int Id { get; init; }
    public required string Uid { get; init; }
    public required Platform Platform { get; init; }
    public required string Channel { get; init; }
    public required string AuthorId { get; init; }
    public required string AuthorName { get; init; }
    public required string Text { get; init; }
    public required DateTimeOffset AskedAt { get; init; }
    public QaStatus Status { get; init; }
    public IReadOnlyCollection<string> Voters { get; init; } = [];
    public int Upvotes => Voters.Count;
    /// <summary>When it was answered or dismissed.</summary>
    public DateTimeOffset? ClosedAt { get; init; }
}

/// <summary>The <c>qa</c> hub payload: the queue, best first, and the question being answered now.</summary>
public sealed record QaPayload(IReadOnlyList<QaQuestionPayload> Questions, QaQuestionPayload? Current);

/// <summary>One question in the <c>qa</c> payload. <see cref="Status"/>: pending, approved, answering, answered, dismissed.</summary>
public sealed record QaQuestionPayload(int Id, string Author, Platform Platform, string Text, int Upvotes, string Status);

/// <summary>A question was asked, merged, upvoted or moved: store the full record (upsert by <see cref="QaQuestion.Uid"/>).</summary>
public sealed record QuestionChanged(QaQuestion Question) : LiveUpdate;

/// <summary>The queue changed: pushed to overlays as <c>qa</c>.</summary>
public sealed record QaChanged(QaPayload Queue) : LiveUpdate, IOverlayPush
{
    public string Method => "qa";
    public object Payload => Queue;
}

/// <summary>Approve a question. Result: <see cref="QaPayload"/> or <see cref="ControlError"/>.</summary>
public sealed record ApproveQuestion(int Id) : ControlRequest;

/// <summary>Dismiss a question. Result: <see cref="QaPayload"/> or <see cref="ControlError"/>.</summary>
public sealed record DismissQuestion(int Id) : ControlRequest;

/// <summary>Answer this question now (the current one becomes answered). Result: <see cref="QaPayload"/> or <see cref="ControlError"/>.</summary>
public sealed record AnswerQuestion(int Id) : ControlRequest;

/// <summary>Mark a question answered; null means the current one. Result: <see cref="QaPayload"/> or <see cref="ControlError"/>.</summary>
public sealed record MarkAnswered(int? Id = null) : ControlRequest;

/// <summary>Finish the current question and take the best waiting one. Result: <see cref="QaPayload"/> or <see cref="ControlError"/>.</summary>
public sealed record NextQuestion : ControlRequest;
