using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiveBuddy.Scoring.Engagement;

/// <summary>
/// One regression tree of the engagement model. Node <c>n</c> sends a row left when feature <c>Feature[n]</c> is at
/// most <c>Threshold[n]</c>, else right; a negative child <c>c</c> is leaf <c>~c</c>.
/// </summary>
public sealed record EngagementTree(double Weight, int[] Feature, float[] Threshold, int[] Left, int[] Right, double[] Leaf)
{
    public double Evaluate(ReadOnlySpan<float> features)
    {
        if (Leaf.Length == 1 && Feature.Length == 0) return Leaf[0];
        var node = 0;
        while (node >= 0)
            node = features[Feature[node]] <= Threshold[node] ? Left[node] : Right[node];
        return Leaf[~node];
    }
}

/// <summary>
/// The trained engagement regression (FastTree, trained by LiveBuddy.Training) as plain trees in
/// <c>engagement.trees</c> (JSON), so the server predicts without loading ML.NET. Input features in order:
/// log(1 + viewers), stream phase (minute of stream, capped at 60, / 60). Output: log(1 + messages per minute).
/// </summary>
public sealed record EngagementTrees(double Bias, EngagementTree[] Trees)
{
    public float Predict(ReadOnlySpan<float> features)
    {
        var sum = Bias;
        foreach (var tree in Trees) sum += tree.Weight * tree.Evaluate(features);
        return (float)sum;
    }

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, EngagementTreesJson.Default.EngagementTrees));

    /// <summary>Reads <c>engagement.trees</c>; a damaged file is refused with the reason.</summary>
    public static EngagementTrees Read(string path)
    {
        EngagementTrees? trees;
        try
        {
            trees = JsonSerializer.Deserialize(File.ReadAllText(path), EngagementTreesJson.Default.EngagementTrees);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is damaged ({e.Message}); run the train verb.", e);
        }
        if (trees?.Trees is null || trees.Trees.Any(t => t is null || t.Leaf is null || t.Feature is null || t.Threshold is null || t.Left is null || t.Right is null
                || t.Left.Length != t.Feature.Length || t.Right.Length != t.Feature.Length || t.Threshold.Length != t.Feature.Length
                || t.Feature.Any(f => f is < 0 or > 1) || t.Leaf.Length != t.Feature.Length + 1
                || t.Left.Concat(t.Right).Any(c => c >= t.Feature.Length || ~c >= t.Leaf.Length)))
            throw new InvalidDataException($"{path} is not an engagement model; run the train verb.");
        return trees;
    }
}

[JsonSerializable(typeof(EngagementTrees))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class EngagementTreesJson : JsonSerializerContext;
