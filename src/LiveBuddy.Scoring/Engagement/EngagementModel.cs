namespace LiveBuddy.Scoring.Engagement;

/// <summary>
/// Turns a minute of chat into an engagement index. A FastTree regression (trained on a simulated,
/// documented audience model, see <c>EngagementSimulator</c>) predicts how many messages an audience
/// of this size usually writes at this point of a stream; the index compares the real minute to that
/// expectation, so 2,000 quiet viewers do not look more engaged than 40 lively ones.
/// </summary>
public sealed class EngagementModel(EngagementTrees trees)
{
    public EngagementTrees Trees { get; } = trees ?? throw new ArgumentNullException(nameof(trees));

    public static EngagementModel Load(string path) => new(EngagementTrees.Read(path));

    /// <summary>Expected messages per minute for this audience size and stream minute.</summary>
    public float ExpectedMessages(int viewers, int minuteOfStream)
    {
        Span<float> features = stackalloc float[2];
        Features(viewers, minuteOfStream, features);
        return MathF.Max(0, MathF.Exp(Trees.Predict(features)) - 1);
    }

    /// <summary>The model's inputs, in the order it was trained with: log(1 + viewers), stream phase 0..1.</summary>
    public static void Features(int viewers, int minuteOfStream, Span<float> features)
    {
        features[0] = MathF.Log(1 + Math.Max(0, viewers));
        features[1] = MathF.Min(Math.Max(0, minuteOfStream), 60) / 60f;
    }

    /// <summary>
    /// Index = 60% activity (messages against expectation, log scale: ×2 = +20 points), 25% participation
    /// (share of the audience chatting against a typical 5%), 15% support (gifts, money, poll votes,
    /// questions). Without a viewer count the session's own median minute is the expectation.
    /// </summary>
    public EngagementReading Read(MinuteStats minute, float? sessionMedianMessages = null)
    {
        ArgumentNullException.ThrowIfNull(minute);
        float expected;
        float participation;
        if (minute.Viewers is > 0 and var viewers)
        {
            expected = ExpectedMessages(viewers, minute.MinuteOfStream);
            var share = (float)minute.UniqueChatters / viewers;
            participation = Scale(MathF.Log2((share + 0.005f) / 0.055f));
        }
        else
        {
            expected = sessionMedianMessages ?? minute.Messages;
            participation = 50;
        }
        var activity = Scale(MathF.Log2((minute.Messages + 1f) / (expected + 1f)));
        var support = Math.Clamp(
            12 * MathF.Log2(1 + (float)minute.Money) + 8 * MathF.Log2(1 + minute.Gifts)
            + 40 * MathF.Min(1, minute.PollVotes / MathF.Max(1, minute.Viewers ?? minute.UniqueChatters))
            + 5 * MathF.Min(4, minute.Questions), 0, 100);
        var index = Math.Clamp(0.6f * activity + 0.25f * participation + 0.15f * support, 0, 100);
        return new EngagementReading(index, expected, activity, participation, support);
    }

    private static float Scale(float log2Ratio) => Math.Clamp(50 + 20 * log2Ratio, 0, 100);
}
