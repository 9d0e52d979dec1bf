using Microsoft.ML;
using Microsoft.ML.Data;

namespace LiveBuddy.Scoring.Engagement;

/// <summary>
/// Turns a minute of chat into an engagement index. A FastTree regression (trained on a simulated,
/// documented audience model, see <c>EngagementSimulator</c>) predicts how many messages an audience
/// of this size usually writes at this point of a stream; the index compares the real minute to that
/// expectation, so 2,000 quiet viewers do not look more engaged than 40 lively ones.
/// </summary>
public sealed class EngagementModel : IDisposable
{
    private readonly PredictionEngine<EngagementInput, EngagementPrediction> _engine;
    private readonly Lock _gate = new();

    public EngagementModel(MLContext ml, ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(ml);
        // One engine, used a minute at a time: a lock is cheaper than a pool at this rate.
        _engine = ml.Model.CreatePredictionEngine<EngagementInput, EngagementPrediction>(model);
    }

    public static EngagementModel Load(MLContext ml, string path)
    {
        ArgumentNullException.ThrowIfNull(ml);
        return new EngagementModel(ml, ml.Model.Load(path, out _));
    }

    /// <summary>Expected messages per minute for this audience size and stream minute.</summary>
    public float ExpectedMessages(int viewers, int minuteOfStream)
    {
        var input = EngagementInput.From(viewers, minuteOfStream);
        float logExpected;
        lock (_gate) logExpected = _engine.Predict(input).Score;
        return MathF.Max(0, MathF.Exp(logExpected) - 1);
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

    public void Dispose() => _engine.Dispose();
}

/// <summary>The engagement regression's input row.</summary>
public sealed class EngagementInput
{
    public float LogViewers { get; set; }
    public float StreamPhase { get; set; }
    public float LogMessages { get; set; }

    public static EngagementInput From(int viewers, int minuteOfStream) => new()
    {
        LogViewers = MathF.Log(1 + Math.Max(0, viewers)),
        StreamPhase = MathF.Min(minuteOfStream, 60) / 60f,
    };
}

/// <summary>The regression's output: log(1 + expected messages per minute).</summary>
public sealed class EngagementPrediction
{
    [ColumnName("Score")]
    public float Score { get; set; }
}
