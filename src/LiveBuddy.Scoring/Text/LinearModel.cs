using System.Buffers.Binary;

namespace LiveBuddy.Scoring.Text;

/// <summary>
/// The weights of a trained ML.NET maximum-entropy model, laid out for serving: only the features that have weights,
/// with all class weights of one feature next to each other.
/// Immutable and shared by every thread. Probabilities are the same softmax ML.NET computes.
/// </summary>
/// <remarks>
/// The <c>train</c> verb (LiveBuddy.Training) saves each model twice: as ML.NET's zip and as a <c>.weights</c> file of
/// just these numbers (<see cref="Save"/>). Serving reads only the weights file, so the running server never loads
/// ML.NET: reading three zips through it cost ~15 MB of resident memory for a few kilobytes of weights.
/// </remarks>
public sealed class LinearModel
{
    private readonly SparseWeights _weights; // a row of class weights per feature that has any
    private readonly float[] _bias;

    public LinearModel(int dimension, int classes, float[] weights, float[] bias)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        if (weights.Length != dimension * classes || bias.Length != classes)
            throw new ArgumentException("Weight shape does not match dimension × classes.", nameof(weights));
        Dimension = dimension;
        Classes = classes;
        _bias = bias;
        _weights = new SparseWeights(dimension, classes, (feature, row) =>
        {
            var weightsOf = weights.AsSpan(feature * classes, classes);
            weightsOf.CopyTo(row);
            return weightsOf.ContainsAnyExcept(0f);
        });
    }

    public int Dimension { get; }
    public int Classes { get; }

    /// <summary>Writes class probabilities into <paramref name="probabilities"/> (length ≥ <see cref="Classes"/>).</summary>
    public void Predict(FeatureVector features, Span<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(features);
        var scores = probabilities[..Classes];
        _bias.CopyTo(scores);
        _weights.Accumulate(features, scores);
        SparseWeights.Softmax(scores);
    }

    /// <summary>The class weights of <paramref name="feature"/>, or false when the model gives it none.</summary>
    internal bool TryGetWeights(int feature, out ReadOnlySpan<float> weights) => _weights.TryGetRow(feature, out weights);

    internal ReadOnlySpan<float> Bias => _bias;

    /// <summary>Every (flat index = feature × classes + class, weight) pair with a non-zero weight, in index order.</summary>
    private List<(int Index, float Weight)> NonZeroWeights()
    {
        var weights = new List<(int Index, float Weight)>();
        for (var f = 0; f < Dimension; f++)
        {
            if (!TryGetWeights(f, out var row)) continue;
            for (var c = 0; c < Classes; c++)
                if (row[c] != 0) weights.Add((f * Classes + c, row[c]));
        }
        return weights;
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
        var weights = NonZeroWeights();
        using var file = File.Create(path);
        using var writer = new BinaryWriter(file);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(Dimension);
        writer.Write(Classes);
        foreach (var b in _bias) writer.Write(b);
        writer.Write(weights.Count);
        foreach (var (index, weight) in weights)
        {
            writer.Write(index);
            writer.Write(weight);
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

    /// <summary>The same model with <paramref name="shift"/> added to each class's bias (calibrated class priors).</summary>
    public LinearModel WithBiasShift(ReadOnlySpan<float> shift)
    {
        if (shift.Length != Classes) throw new ArgumentException("One shift per class.", nameof(shift));
        var weights = new float[Dimension * Classes];
        foreach (var (index, weight) in NonZeroWeights()) weights[index] = weight;
        var bias = _bias.ToArray();
        for (var c = 0; c < Classes; c++) bias[c] += shift[c];
        return new LinearModel(Dimension, Classes, weights, bias);
    }

    /// <summary>True when both models would give every input the same probabilities (same shape, same numbers).</summary>
    public bool SameAs(LinearModel other) =>
        other is not null && Dimension == other.Dimension && Classes == other.Classes
        && _bias.AsSpan().SequenceEqual(other._bias) && NonZeroWeights().SequenceEqual(other.NonZeroWeights());
}
