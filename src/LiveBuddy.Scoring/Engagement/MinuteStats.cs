namespace LiveBuddy.Scoring.Engagement;

/// <summary>
/// One minute of a stream as the engagement model sees it; <see cref="Viewers"/> is null when the platform did not say.
/// </summary>
public sealed record MinuteStats
{
    public required DateTimeOffset Minute { get; init; }
    /// <summary>Minutes since the session started (early minutes are naturally quieter).</summary>
    public int MinuteOfStream { get; init; }
    public int Messages { get; init; }
    public int UniqueChatters { get; init; }
    public int NewChatters { get; init; }
    public int ReturningChatters { get; init; }
    public int? Viewers { get; init; }
    /// <summary>Emotes per message.</summary>
    public float EmoteDensity { get; init; }
    public int Positive { get; init; }
    public int Neutral { get; init; }
    public int Negative { get; init; }
    public int Questions { get; init; }
    /// <summary>Subscriptions, memberships and gifted ones (<see cref="LiveBuddy.Core.Mood.Support"/>).</summary>
    public int Subs { get; init; }
    /// <summary>Super Chats, Super Stickers and tips at face value, bits and Jewels at a cent each.</summary>
    public decimal Money { get; init; }
    public int PollVotes { get; init; }
}

/// <summary>
/// The engagement index (0..100) and its parts: 50 means "as active as an audience this size usually is".
/// </summary>
public sealed record EngagementReading(float Index, float ExpectedMessages, float Activity, float Participation, float Support);
