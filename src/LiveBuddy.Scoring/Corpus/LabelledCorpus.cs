using System.Text;

namespace LiveBuddy.Scoring.Corpus;

/// <summary>One labelled chat line.</summary>
public sealed record LabelledLine(int Label, string Text);

/// <summary>Reads the project's <c>label&lt;TAB&gt;text</c> training files.</summary>
public static class LabelledCorpus
{
    public static readonly string[] SentimentLabels = ["negative", "neutral", "positive"];
    public static readonly string[] QuestionLabels = ["other", "question"];
    public static readonly string[] ToxicityLabels = ["ok", "toxic"];

    /// <summary>Reads every file (sorted by name, so order is reproducible); the first label of a repeated text wins.</summary>
    public static IReadOnlyList<LabelledLine> Load(IEnumerable<string> files, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(labels);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lines = new List<LabelledLine>();
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var lineNumber = 0;
            foreach (var line in File.ReadLines(file, Encoding.UTF8))
            {
                lineNumber++;
                if (line.Length == 0 || line[0] == '#') continue;
                var tab = line.IndexOf('\t', StringComparison.Ordinal);
                var label = tab > 0 ? IndexOf(labels, line.AsSpan(0, tab)) : -1;
                if (label < 0)
                    throw new FormatException($"{Path.GetFileName(file)} line {lineNumber}: expected one of {string.Join('/', labels)}, a tab and the text.");
                var text = line[(tab + 1)..];
                if (text.Length > 0 && seen.Add(text)) lines.Add(new LabelledLine(label, text));
            }
        }
        return lines;
    }

    public static IReadOnlyList<LabelledLine> LoadSentiment(string dataFolder) =>
        Load(Directory.GetFiles(Path.Combine(dataFolder, "sentiment"), "*.tsv"), SentimentLabels);

    /// <summary>The held-out sentiment test set (<c>sentiment-test/*.tsv</c>): never trained on; empty when absent.</summary>
    public static IReadOnlyList<LabelledLine> LoadSentimentTest(string dataFolder)
    {
        var folder = Path.Combine(dataFolder, "sentiment-test");
        return Directory.Exists(folder) ? Load(Directory.GetFiles(folder, "*.tsv"), SentimentLabels) : [];
    }

    public static IReadOnlyList<LabelledLine> LoadQuestions(string dataFolder) =>
        Load([Path.Combine(dataFolder, "questions.tsv")], QuestionLabels);

    public static IReadOnlyList<LabelledLine> LoadToxicity(string dataFolder) =>
        Load([Path.Combine(dataFolder, "toxicity.tsv")], ToxicityLabels);

    /// <summary>The first held-out toxicity set (session 2): the training lines written after it were tuned against its misses.</summary>
    public const string ToxicityTestFolder = "toxicity-test";

    /// <summary>The second held-out toxicity set (session 3): written before any further tuning, never tuned against.</summary>
    public const string FreshToxicityTestFolder = "toxicity-test-2";

    /// <summary>
    /// A held-out toxicity test set (<c>toxicity-test/*.tsv</c> or <c>toxicity-test-2/*.tsv</c>), one list per file
    /// (dodged spellings, joke-framed insults, rough-looking clean chat): never trained on; empty when absent.
    /// </summary>
    public static IReadOnlyList<(string Set, IReadOnlyList<LabelledLine> Lines)> LoadToxicityTest(string dataFolder, string set = ToxicityTestFolder)
    {
        var folder = Path.Combine(dataFolder, set);
        return Directory.Exists(folder)
            ? [.. Directory.GetFiles(folder, "*.tsv").Order(StringComparer.Ordinal)
                .Select(file => (Path.GetFileNameWithoutExtension(file), Load([file], ToxicityLabels)))]
            : [];
    }

    private static int IndexOf(IReadOnlyList<string> labels, ReadOnlySpan<char> label)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            if (label.Equals(labels[i], StringComparison.Ordinal)) return i;
        }
        return -1;
    }
}
