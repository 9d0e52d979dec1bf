namespace LiveBuddy.Scoring.Text;

/// <summary>
/// A reusable sparse feature list (index, value); duplicates are allowed and add up, which is what
/// a linear model does with repeated n-grams anyway. One per thread; never shared.
/// </summary>
public sealed class FeatureVector
{
    public const int Capacity = 4096;

    public int[] Indices { get; } = new int[Capacity];
    public float[] Values { get; } = new float[Capacity];
    public int Count { get; private set; }

    public void Clear() => Count = 0;

    public void Add(int index, float value)
    {
        if (Count == Capacity) return; // longer than any real chat line; the tail adds nothing useful
        Indices[Count] = index;
        Values[Count] = value;
        Count++;
    }

    /// <summary>Merged and sorted copy for training (ML.NET wants unique ascending indices).</summary>
    public (int[] Indices, float[] Values) ToSorted()
    {
        var map = new SortedDictionary<int, float>();
        for (var i = 0; i < Count; i++)
        {
            map.TryGetValue(Indices[i], out var sum);
            map[Indices[i]] = sum + Values[i];
        }
        return ([.. map.Keys], [.. map.Values]);
    }
}
