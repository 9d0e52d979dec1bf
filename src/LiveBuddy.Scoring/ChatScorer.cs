using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Scoring.Emotes;
using LiveBuddy.Scoring.Text;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Scoring;

/// <summary>A message's scores with the class probabilities behind them (for reports, tests and tuning).</summary>
public readonly record struct ScoreDetails(
    MessageScore Score, float Negative, float Neutral, float Positive, float QuestionProbability, bool Sarcasm);

/// <summary>
/// Scores chat lines for sentiment, question and toxicity with one shared featurization and three
/// linear models read from the trained ML.NET files. Thread-safe: the models are immutable and each
/// thread reuses its own feature buffer, so scoring allocates nothing but the result.
/// </summary>
public sealed class ChatScorer : IChatScorer, IDisposable
{
    private readonly ScoringModels _models;
    private readonly ThreadLocal<FeatureVector> _vectors = new(() => new FeatureVector());
    private readonly float _questionThreshold;
    private readonly float _toxicThreshold;
    private readonly float _sarcasmDamping;

    private readonly ChannelEmoteBook? _channelEmotes;

    /// <summary>
    /// <paramref name="channelEmotes"/>: the emotes each channel's chat taught <see cref="ChannelEmoteLearner"/>; none when null.
    /// </summary>
    public ChatScorer(ScoringModels models, IOptions<ScoringOptions> options, ChannelEmoteBook? channelEmotes = null)
    {
        _channelEmotes = channelEmotes;
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(options);
        _models = models;
        var settings = options.Value;
        _questionThreshold = settings.QuestionThreshold ?? models.Manifest.QuestionThreshold;
        _toxicThreshold = settings.ToxicThreshold;
        _sarcasmDamping = Math.Clamp(settings.SarcasmDamping, 0, 1);
        WarmUp();
    }

    public ScoringModels Models => _models;

    public MessageScore Score(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Explain(message.Text, message.Fragments, _channelEmotes?.For(message.Platform, message.Channel)).Score;
    }

    public MessageScore Score(string text) => Explain(text, null).Score;

    public ScoreDetails Explain(string text, IReadOnlyList<MessageFragment>? fragments = null, ChannelEmotes? learned = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var vector = _vectors.Value!;
        var facts = _models.Featurizer.Featurize(text, fragments, vector, learned);
        // Sentiment (negative, neutral, positive), question (no, yes), toxicity (no, yes).
        Span<float> p = stackalloc float[7];
        _models.Messages.Predict(vector, p);

        float negative = p[0], neutral = p[1], positive = p[2];
        var value = positive - negative;
        if (facts.Sarcasm) value *= 1 - _sarcasmDamping;
        var sentiment = Decide(negative, neutral, positive, facts.Sarcasm, value);

        var questionProbability = p[4];
        var question = !facts.Question.Rejected && !facts.EmoteOnly && questionProbability >= _questionThreshold;

        var toxicity = CombineToxicity(p[6], facts.Toxicity.RuleScore);
        var score = new MessageScore(sentiment, Math.Clamp(value, -1, 1), question, toxicity >= _toxicThreshold, toxicity);
        return new ScoreDetails(score, negative, neutral, positive, questionProbability, facts.Sarcasm);
    }

    /// <summary>
    /// Scores many lines at once (replays, imports) across the machine's cores; results keep input order.
    /// </summary>
    public MessageScore[] ScoreBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var results = new MessageScore[texts.Count];
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        // A score takes a few microseconds, so only big chunks are worth a thread: a replay of a few
        // thousand lines is done on the calling thread before the thread pool would even start.
        const int Chunk = 4096;
        Parallel.For(0, (texts.Count + Chunk - 1) / Chunk, options, chunk =>
        {
            var end = Math.Min(texts.Count, (chunk + 1) * Chunk);
            for (var i = chunk * Chunk; i < end; i++)
            {
                if ((i & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
                results[i] = Explain(texts[i]).Score;
            }
        });
        return results;
    }

    /// <summary>
    /// The classifier already sees the rule signals; a strong rule hit (threat, hashed slur, link spam)
    /// still wins on its own so a rare wording the classifier never saw is not waved through.
    /// </summary>
    internal static float CombineToxicity(float classifier, float rules) =>
        Math.Clamp(rules >= 0.85f ? MathF.Max(classifier, rules) : classifier, 0, 1);

    internal static Sentiment Decide(float negative, float neutral, float positive, bool sarcasm, float value)
    {
        var best = positive >= negative && positive >= neutral ? Sentiment.Positive
            : negative >= neutral ? Sentiment.Negative
            : Sentiment.Neutral;
        // Sarcasm: a weak lean after damping is not a real feeling.
        if (sarcasm && best != Sentiment.Neutral && MathF.Abs(value) < 0.3f) return Sentiment.Neutral;
        return best;
    }

    private void WarmUp()
    {
        // First calls pay for JIT and page faults on the weight arrays; do it before chat arrives.
        foreach (var line in (ReadOnlySpan<string>)["KEKW KEKW", "what game is this?", "you are an idiot", "Sadge"])
            Explain(line);
    }

    public void Dispose() => _vectors.Dispose();
}
