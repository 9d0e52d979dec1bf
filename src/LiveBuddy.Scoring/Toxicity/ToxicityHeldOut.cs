using LiveBuddy.Scoring.Corpus;

namespace LiveBuddy.Scoring.Toxicity;

/// <summary>Recall on the toxic lines and false-positive rate on the clean ones of a labelled set, as served.</summary>
public sealed record ToxicityHeldOutResult(int Toxic, int Caught, int Clean, int Flagged,
    IReadOnlyList<string> Missed, IReadOnlyList<string> FalselyFlagged)
{
    public double Recall => Toxic == 0 ? 0 : (double)Caught / Toxic;
    public double FalsePositiveRate => Clean == 0 ? 0 : (double)Flagged / Clean;
}

/// <summary>
/// Issue 19's toxicity bar, measured on <c>Data/toxicity-test</c> (never trained on) by the test suite and by <c>train</c>.
/// </summary>
public static class ToxicityHeldOut
{
    public const double RecallBar = 0.80;
    public const double FalsePositiveBar = 0.10;

    /// <summary>Scores each line through the full served path (rules + classifier + threshold).</summary>
    public static ToxicityHeldOutResult Measure(ChatScorer scorer, IEnumerable<LabelledLine> lines)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(lines);
        return Measure(lines, text => scorer.Score(text).Toxic);
    }

    public static ToxicityHeldOutResult Measure(IEnumerable<LabelledLine> lines, Func<string, bool> isToxic)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(isToxic);
        int toxic = 0, caught = 0, clean = 0, flagged = 0;
        var missed = new List<string>();
        var falselyFlagged = new List<string>();
        foreach (var line in lines)
        {
            var verdict = isToxic(line.Text);
            if (line.Label == 1)
            {
                toxic++;
                if (verdict) caught++; else missed.Add(line.Text);
            }
            else
            {
                clean++;
                if (verdict) { flagged++; falselyFlagged.Add(line.Text); }
            }
        }
        return new ToxicityHeldOutResult(toxic, caught, clean, flagged, missed, falselyFlagged);
    }
}
