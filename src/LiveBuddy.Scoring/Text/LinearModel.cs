using System.Buffers.Binary;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace LiveBuddy.Scoring.Text;

/// <summary>
/// The weights of a trained ML.NET maximum-entropy model, laid out for serving: all class weights of
/// one feature sit next to each other, so a sparse dot product touches one cache line per feature.
/// Immutable and shared by every thread. Probabilities are the same softmax ML.NET computes.
/// </summary>
/// <remarks>
/// The <c>train</c> verb saves each model twice: as ML.NET's zip and as a <c>.weights</c> file of just these numbers
/// (<see cref="Save"/>). Serving reads the weights file, so the running server never loads ML.NET: reading three zips
/// through it cost ~15 MB of resident memory (its assemblies and the code compiled for them) for a few kilobytes of
/// weights.
/// </remarks>
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

    /// <summary>File name of the weights saved beside an ML.NET model file (<c>sentiment.zip</c> → <c>sentiment.weights</c>).</summary>
    public static string WeightsPath(string modelPath) => Path.ChangeExtension(modelPath, ".weights");

    private const uint Magic = 0x4D4C424C; // "LBLM", little-endian
    private const int FormatVersion = 1;

    /// <summary>
    /// Writes the weights: a header (magic, version, dimension, classes), the biases, then only the non-zero weights
    /// as (index, value) pairs, all little-endian. A model that learned from a few thousand lines touches few features.
    /// </summary>
    public void Save(string path)
    {
        using var file = File.Create(path);
        using var writer = new BinaryWriter(file);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(Dimension);
        writer.Write(Classes);
        foreach (var b in _bias) writer.Write(b);
        writer.Write(_weights.Count(w => w != 0));
        for (var i = 0; i < _weights.Length; i++)
        {
            if (_weights[i] == 0) continue;
            writer.Write(i);
            writer.Write(_weights[i]);
        }
    }

    /// <summary>Reads a file written by <see cref="Save"/>; a damaged or foreign file is refused with the reason.</summary>
    public static LinearModel Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var at = 0;
        int Int()
        {
            if (at + 4 > bytes.Length) throw new InvalidDataException($"{path} ends early: it is damaged; run the train verb.");
            var value = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at));
            at += 4;
            return value;
        }
        float Float() => BitConverter.Int32BitsToSingle(Int());

        if ((uint)Int() != Magic || Int() != FormatVersion) throw new InvalidDataException($"{path} is not a LiveBuddy weights file.");
        var dimension = Int();
        var classes = Int();
        if (dimension <= 0 || classes <= 0 || (long)dimension * classes > 100_000_000)
            throw new InvalidDataException($"{path} has an impossible shape ({dimension} × {classes}).");
        var bias = new float[classes];
        for (var c = 0; c < classes; c++) bias[c] = Float();
        var weights = new float[dimension * classes];
        var count = Int();
        for (var n = 0; n < count; n++)
        {
            var index = Int();
            if ((uint)index >= (uint)weights.Length) throw new InvalidDataException($"{path} has a weight outside the model ({index}).");
            weights[index] = Float();
        }
        if (at != bytes.Length) throw new InvalidDataException($"{path} has {bytes.Length - at} bytes after its weights: it is damaged.");
        return new LinearModel(dimension, classes, weights, bias);
    }

    /// <summary>True when both models would give every input the same probabilities (same shape, same numbers).</summary>
    public bool SameAs(LinearModel other) =>
        other is not null && Dimension == other.Dimension && Classes == other.Classes
        && _bias.AsSpan().SequenceEqual(other._bias) && _weights.AsSpan().SequenceEqual(other._weights);

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
