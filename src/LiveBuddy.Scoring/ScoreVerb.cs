using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Json.Serialization;
using LiveBuddy.Core.Events;

namespace LiveBuddy.Scoring;

/// <summary>One line of the <c>score</c> verb's output.</summary>
public sealed record ScoreLine(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("sentiment")] string Sentiment,
    [property: JsonPropertyName("score")] double Score,
    [property: JsonPropertyName("question")] bool Question,
    [property: JsonPropertyName("toxic")] bool Toxic);

/// <summary>
/// The <c>score</c> CLI verb: reads chat lines on stdin and writes one JSON object per line,
/// <c>{"text","sentiment":"negative|neutral|positive","score":-1..1,"question":bool,"toxic":bool}</c>.
/// </summary>
public static class ScoreVerb
{
    // Chat is full of emoji and accents; keep them readable instead of \uXXXX. Output is a terminal or
    // a pipe, never HTML. Immutable once built.
    private static readonly JsonTypeInfo<ScoreLine> LineInfo = (JsonTypeInfo<ScoreLine>)new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = ScoreJson.Default,
    }.GetTypeInfo(typeof(ScoreLine));

    public static async Task<int> RunAsync(TextReader input, TextWriter output, ChatScorer scorer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(scorer);
        while (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            await output.WriteLineAsync(Format(line, scorer.Score(line))).ConfigureAwait(false);
        }
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    public static string Format(string text, MessageScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        var line = new ScoreLine(text, Name(score.Sentiment), Math.Round(score.Value, 3), score.Question, score.Toxic);
        return JsonSerializer.Serialize(line, LineInfo);
    }

    public static string Name(Sentiment sentiment) => sentiment switch
    {
        Sentiment.Negative => "negative",
        Sentiment.Positive => "positive",
        _ => "neutral",
    };
}

[JsonSerializable(typeof(ScoreLine))]
internal sealed partial class ScoreJson : JsonSerializerContext;
