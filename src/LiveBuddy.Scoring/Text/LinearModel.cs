using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace LiveBuddy.Scoring.Text;

/// <summary>
/// The weights of a trained ML.NET maximum-entropy model, laid out for serving: all class weights of
/// one feature sit next to each other, so a sparse dot product touches one cache line per feature.
/// Immutable and shared by every thread. Probabilities are the same softmax ML.NET computes.
/// </summary>
public sealed class LinearModel
{
    private readonly float[] _weights; // [feature * classes + class]
    private readonly float[] _bias;

    public LinearModel(int dimension, int classes, float[] weights, float[] bias)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        if (weights.Length != dimension * classes || bias.Length != classes)
            throw new ArgumentException("Weight shape does not match dimension × classes.", nameof(weights));
        Dimension = dimension;
        Classes = classes;
        _weights = weights;
        _bias = bias;
    }

    public int Dimension { get; }
    public int Classes { get; }

    /// <summary>Writes class probabilities into <paramref name="probabilities"/> (length ≥ <see cref="Classes"/>).</summary>
    public void Predict(FeatureVector features, Span<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(features);
        var k = Classes;
        var scores = probabilities[..k];
        _bias.CopyTo(scores);
        var indices = features.Indices;
        var values = features.Values;
        var weights = _weights;
        if (k == 3)
        {
            float s0 = scores[0], s1 = scores[1], s2 = scores[2];
            for (var i = 0; i < features.Count; i++)
            {
                var at = indices[i] * 3;
                var v = values[i];
                s0 += weights[at] * v;
                s1 += weights[at + 1] * v;
                s2 += weights[at + 2] * v;
            }
            scores[0] = s0; scores[1] = s1; scores[2] = s2;
        }
        else
        {
            for (var i = 0; i < features.Count; i++)
            {
                var at = indices[i] * k;
                var v = values[i];
                for (var c = 0; c < k; c++) scores[c] += weights[at + c] * v;
            }
        }
        var max = scores[0];
        for (var c = 1; c < k; c++) max = MathF.Max(max, scores[c]);
        var sum = 0f;
        for (var c = 0; c < k; c++)
        {
            scores[c] = MathF.Exp(scores[c] - max);
            sum += scores[c];
        }
        for (var c = 0; c < k; c++) scores[c] /= sum;
    }

    /// <summary>Reads the weights out of a saved ML.NET multiclass model (maximum entropy).</summary>
    public static LinearModel Load(MLContext ml, string path)
    {
        ArgumentNullException.ThrowIfNull(ml);
        var transformer = ml.Model.Load(path, out _);
        return FromTransformer(transformer) ?? throw new InvalidDataException($"{path} is not a maximum-entropy model.");
    }

    public static LinearModel? FromTransformer(ITransformer transformer)
    {
        var parameters = transformer switch
        {
            MulticlassPredictionTransformer<MaximumEntropyModelParameters> p => p.Model,
            IEnumerable<ITransformer> chain => chain.OfType<MulticlassPredictionTransformer<MaximumEntropyModelParameters>>().LastOrDefault()?.Model,
            _ => null,
        };
        if (parameters is null) return null;
        VBuffer<float>[] perClass = [];
        parameters.GetWeights(ref perClass, out var classes);
        var dimension = perClass[0].Length;
        var weights = new float[dimension * classes];
        for (var c = 0; c < classes; c++)
        {
            foreach (var (index, value) in perClass[c].Items())
                weights[index * classes + c] = value;
        }
        return new LinearModel(dimension, classes, weights, [.. parameters.GetBiases()]);
    }
}
