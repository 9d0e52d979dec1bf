using LiveBuddy.Core.Events;

namespace LiveBuddy.Core.Qa;

/// <summary>Q&amp;A rules, bound from the <c>Qa</c> configuration section.</summary>
public sealed record QaOptions
{
    /// <summary>Also take chat lines the question model flags (<c>Score.Question</c>), not only <c>!ask</c>.</summary>
    public bool CaptureQuestions { get; init; }
    /// <summary>Two questions whose word sets overlap at least this much (Jaccard, 0..1) are one question.</summary>
    public double DuplicateSimilarity { get; init; } = 0.7;
    /// <summary>Shorter questions (characters) are refused.</summary>
    public int MinLength { get; init; } = 5;
    /// <summary>Longer questions are cut.</summary>
    public int MaxLength { get; init; } = 300;
    /// <summary>Auto-captured lines need at least this many words (keeps "what?" out).</summary>
    public int CaptureMinWords { get; init; } = 4;
    /// <summary>Open questions one viewer may have waiting at once (stops one viewer flooding the queue).</summary>
    public int MaxOpenPerViewer { get; init; } = 3;
    /// <summary>Confirm <c>!ask</c> in chat with the question's number.</summary>
    public bool Acknowledge { get; init; } = true;
    /// <summary>Who may use <c>!qa next|approve|dismiss|answered</c>.</summary>
    public PermissionLevel ModerateLevel { get; init; } = PermissionLevel.Moderator;
    /// <summary><c>!qa next</c> takes only approved questions; otherwise pending ones too when none is approved.</summary>
    public bool RequireApproval { get; init; }
    /// <summary>Answered and dismissed questions still shown in the overlay payload (most recent first).</summary>
    public int RecentClosedShown { get; init; } = 5;
    /// <summary>Open questions shown in the overlay payload, best first.</summary>
    public int MaxShown { get; init; } = 30;
}
