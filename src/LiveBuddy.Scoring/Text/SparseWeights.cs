using System.Numerics;

namespace LiveBuddy.Scoring.Text;

/// <summary>Fills <paramref name="row"/> with a feature's weights; false when they are all zero.</summary>
internal delegate bool WeightRow(int feature, Span<float> row);

/// <summary>
/// A weight table with one row per feature, kept for just the features whose row is not all zero. Trained on a few
/// thousand lines, a model weighs ~1–3% of its 49,204 features; dense, its weights were 0.4–0.6 MB, and every feature
/// of a line read a random cache line of them (in a chat flood that was the server's hottest method). Instead: a bitmap
/// of the features that have weights (6 KB, stays in the L1 cache), the count of set bits before each 64-bit word,
/// and only those rows, packed.
/// </summary>
internal sealed class SparseWeights
{
    private readonly ulong[] _present;   // bit f: feature f has a row
    private readonly int[] _rankBefore;  // set bits in _present before word w
    private readonly float[] _packed;    // [slot * Width + column], slot = rank of the feature in _present

    public SparseWeights(int dimension, int width, WeightRow rowOf)
    {
        Width = width;
        _present = new ulong[(dimension + 63) / 64];
        _rankBefore = new int[_present.Length];
        var packed = new List<float>();
        var row = new float[width];
        for (var f = 0; f < dimension; f++)
        {
            if (!rowOf(f, row)) continue;
            _present[f >> 6] |= 1UL << (f & 63);
            packed.AddRange(row);
        }
        _packed = [.. packed];
        var rank = 0;
        for (var w = 0; w < _present.Length; w++)
        {
            _rankBefore[w] = rank;
            rank += BitOperations.PopCount(_present[w]);
        }
    }

    /// <summary>Weights per feature (classes, or all models' classes side by side).</summary>
    public int Width { get; }

    /// <summary>The row of <paramref name="feature"/>, or false when it has none.</summary>
    public bool TryGetRow(int feature, out ReadOnlySpan<float> row)
    {
        var word = feature >> 6;
        var bit = 1UL << (feature & 63);
        if ((uint)word >= (uint)_present.Length || (_present[word] & bit) == 0)
        {
            row = default;
            return false;
        }
        row = _packed.AsSpan((_rankBefore[word] + BitOperations.PopCount(_present[word] & (bit - 1))) * Width, Width);
        return true;
    }

    /// <summary>Adds each feature's row, times its value, to <paramref name="scores"/> (length <see cref="Width"/>).</summary>
    public void Accumulate(FeatureVector features, Span<float> scores)
    {
        var k = Width;
        var indices = features.Indices;
        var values = features.Values;
        var present = _present;
        var packed = _packed;
        for (var i = 0; i < features.Count; i++)
        {
            var feature = indices[i];
            var word = feature >> 6;
            if ((uint)word >= (uint)present.Length) continue;
            var bits = present[word];
            var bit = 1UL << (feature & 63);
            if ((bits & bit) == 0) continue; // no weight: adds nothing
            var row = packed.AsSpan((_rankBefore[word] + BitOperations.PopCount(bits & (bit - 1))) * k, k);
            var v = values[i];
            for (var c = 0; c < row.Length; c++) scores[c] += row[c] * v;
        }
    }

    /// <summary>Turns scores into probabilities in place, as ML.NET's maximum-entropy models do.</summary>
    public static void Softmax(Span<float> scores)
    {
        var max = scores[0];
        for (var c = 1; c < scores.Length; c++) max = MathF.Max(max, scores[c]);
        var sum = 0f;
        for (var c = 0; c < scores.Length; c++)
        {
            scores[c] = MathF.Exp(scores[c] - max);
            sum += scores[c];
        }
        for (var c = 0; c < scores.Length; c++) scores[c] /= sum;
    }
}
