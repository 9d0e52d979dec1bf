using LiveBuddy.Core.Mood;

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
    /// (share of the audience chatting against a typical 5%), 15% support (subs, gifts and money as
    /// <see cref="Support.Points"/>, poll votes, questions). Without a viewer count the session's own median minute is the expectation. A minute nobody
    /// wrote or gave in is 0.
    /// </summary>
    public EngagementReading Read(MinuteStats minute, float? sessionMedianMessages = null) => Read(this, minute, sessionMedianMessages);

    /// <summary>
    /// <see cref="Read(MinuteStats, float?)"/> with the model optional: without one (no trained model shipped) the
    /// session's own median minute is the expectation even when viewers are known.
    /// </summary>
    public static EngagementReading Read(EngagementModel? model, MinuteStats minute, float? sessionMedianMessages)
    {
        ArgumentNullException.ThrowIfNull(minute);
        var expected = sessionMedianMessages ?? minute.Messages;
        var participation = 50f;
        if (minute.Viewers is > 0 and var viewers)
        {
            if (model is not null) expected = model.ExpectedMessages(viewers, minute.MinuteOfStream);
            var share = (float)minute.UniqueChatters / viewers;
            participation = Scale(MathF.Log2((share + 0.005f) / 0.055f));
        }
        var activity = Scale(MathF.Log2((minute.Messages + 1f) / (expected + 1f)));
        var support = Math.Clamp(
            new Support(minute.Subs, minute.Money).Points
            + 40 * MathF.Min(1, minute.PollVotes / MathF.Max(1, minute.Viewers ?? minute.UniqueChatters))
            + 5 * MathF.Min(4, minute.Questions), 0, 100);
        var index = minute.Messages == 0 && support == 0 ? 0 : Math.Clamp(0.6f * activity + 0.25f * participation + 0.15f * support, 0, 100);
        return new EngagementReading(index, expected, activity, participation, support);
    }

    /// <summary>
    /// Live engagement for the mood meter: the recent window of chat read as one minute, against what an audience of
    /// this size usually writes, or against the stream's own pace when no platform reported viewers. Subs, gifts and money
    /// in the window lift it the way they lift the report's minutes; a minute at the expected pace with none reads about 42.
    /// </summary>
    public double ReadLive(LiveChatMinute minute)
    {
        ArgumentNullException.ThrowIfNull(minute);
        var stats = new MinuteStats
        {
            Minute = default,
            MinuteOfStream = minute.MinuteOfStream,
            Messages = (int)Math.Round(minute.MessagesPerMinute),
            UniqueChatters = minute.Chatters,
            Viewers = minute.Viewers,
            Subs = minute.Support.Subs,
            Money = minute.Support.Money,
        };
        return Read(stats, (float)minute.UsualMessagesPerMinute).Index;
    }

    private static float Scale(float log2Ratio) => Math.Clamp(50 + 20 * log2Ratio, 0, 100);
}
