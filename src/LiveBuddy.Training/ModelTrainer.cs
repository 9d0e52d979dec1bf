using System.Diagnostics;
using System.Globalization;
using LiveBuddy.Scoring;
using LiveBuddy.Scoring.Corpus;
using LiveBuddy.Scoring.Engagement;
using LiveBuddy.Scoring.Text;
using LiveBuddy.Scoring.Toxicity;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;

namespace LiveBuddy.Training;

/// <summary>What to train and how; the defaults are what the <c>train</c> verb uses.</summary>
public sealed record TrainingSettings
{
    public int Seed { get; init; } = ModelTrainer.DefaultSeed;
    public int Folds { get; init; } = 5;
    /// <summary>Use only the first N lines of each corpus (tests train on a small subset).</summary>
    public int? MaxLines { get; init; }
    public bool Engagement { get; init; } = true;
    /// <summary>Lowest out-of-fold precision the question threshold must reach.</summary>
    public double QuestionPrecisionTarget { get; init; } = 0.92;
    /// <summary>
    /// The class mix of live chat (negative, neutral, positive) the sentiment model is calibrated to: most chat is
    /// neutral. The labelling guideline's stated natural mix (Data/sentiment/README.md), fixed before any tuning.
    /// </summary>
    public IReadOnlyList<double> SentimentPriors { get; init; } = [0.20, 0.50, 0.30];
    /// <summary>Also score the held-out test set (<c>Data/sentiment-test</c>) when it exists.</summary>
    public bool HeldOutTest { get; init; } = true;
}

/// <summary>Cross-validated numbers of one model (out-of-fold predictions, served decision rules applied).</summary>
public sealed record ModelEvaluation(string Name, double MacroF1, double Accuracy, int[,] Confusion, IReadOnlyList<string> Labels)
{
    public double Precision { get; init; }
    public double Recall { get; init; }
    public float Threshold { get; init; }
}

/// <summary>Everything one training run measured; <paramref name="SentimentTest"/> is the untouched test set's figure.</summary>
public sealed record TrainingReport(IReadOnlyList<ModelEvaluation> Models, double? EngagementR2, TimeSpan Elapsed, ModelManifest Manifest,
    ModelEvaluation? SentimentTest = null);

/// <summary>
/// The <c>train</c> verb: rebuilds every model from the data folder with fixed seeds, prints 5-fold
/// cross-validated metrics and writes the models the scorer loads. Message models are ML.NET
/// SdcaMaximumEntropy over <see cref="ChatFeaturizer"/> vectors (single-threaded so runs repeat exactly).
/// </summary>
public static class ModelTrainer
{
    public const int DefaultSeed = 20261126;

    /// <summary>
    /// Where the <c>train</c> verb reads and writes when not told: the repository's
    /// <c>src/LiveBuddy.Scoring/Data</c> and <c>Models</c> when run from the repository root (so the shipped
    /// models are what gets rebuilt), otherwise the <c>Data</c> and <c>Models</c> folders next to the program.
    /// </summary>
    public static (string DataFolder, string ModelFolder) DefaultFolders(string workingDirectory)
    {
        var repo = Path.Combine(workingDirectory, "src", "LiveBuddy.Scoring");
        var root = Directory.Exists(Path.Combine(repo, "Data")) ? repo : AppContext.BaseDirectory;
        return (Path.Combine(root, "Data"), Path.Combine(root, "Models"));
    }

    public static Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var (data, models) = DefaultFolders(Environment.CurrentDirectory);
        return RunAsync(data, models, output, cancellationToken);
    }

    public static Task<int> RunAsync(string dataFolder, string modelFolder, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        // Training is CPU-bound and synchronous in ML.NET; run it off the caller's thread.
        return Task.Run(() =>
        {
            Train(dataFolder, modelFolder, new TrainingSettings(), output, cancellationToken);
            return 0;
        }, cancellationToken);
    }

    public static TrainingReport Train(string dataFolder, string? modelFolder, TrainingSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        var clock = Stopwatch.StartNew();
        using var models = new ModelsInTraining(ScoringModels.CreateFeaturizer(dataFolder));
        var ml = new MLContext(settings.Seed);
        if (modelFolder is not null) Directory.CreateDirectory(modelFolder);

        var evaluations = new List<ModelEvaluation>();
        var sentiment = Take(LabelledCorpus.LoadSentiment(dataFolder), settings.MaxLines);
        var sentimentSet = Featurize(models.Featurizer, sentiment);
        // Calibrated priors: our corpus over-represents feelings next to live chat; move the classes' prior odds to
        // the live mix (Bayes: add log(live share / corpus share) to each class's logit). Served the same way.
        var priorShift = PriorShift(sentiment, settings.SentimentPriors);
        int DecideSentiment(ChatFacts facts, float[] raw)
        {
            var p = Shifted(raw, priorShift);
            return (int)ChatScorer.Decide(p[0], p[1], p[2], facts.Sarcasm, (p[2] - p[0]) * (facts.Sarcasm ? 0.4f : 1f)) + 1;
        }
        var (sentimentEval, _, sentimentModel) = TrainOne(ml, "sentiment", sentimentSet, LabelledCorpus.SentimentLabels, settings, modelFolder, ScoringModels.SentimentFile,
            (row, p) => DecideSentiment(row.Facts, p), TextWriter.Null, cancellationToken);
        evaluations.Add(sentimentEval);
        ModelEvaluation? sentimentTest = null;
        var testLines = settings.HeldOutTest ? LabelledCorpus.LoadSentimentTest(dataFolder) : [];
        if (testLines.Count > 0)
        {
            // Never trained on: the final model (trained on every training line) scores the held-out lines once.
            var confusion = new int[3, 3];
            var probabilities = new float[3];
            var vector = new FeatureVector();
            for (var i = 0; i < testLines.Count; i++)
            {
                var facts = models.Featurizer.Featurize(testLines[i].Text, null, vector);
                sentimentModel.Predict(vector, probabilities);
                confusion[testLines[i].Label, DecideSentiment(facts, probabilities)]++;
            }
            sentimentTest = Evaluate("sentiment", confusion, LabelledCorpus.SentimentLabels);
        }
        PrintSideBySide(output, sentimentEval, sentimentTest, settings.Folds);

        var questions = Take(LabelledCorpus.LoadQuestions(dataFolder), settings.MaxLines);
        var questionSet = Featurize(models.Featurizer, questions);
        var (questionRaw, questionScores, _) = TrainOne(ml, "question", questionSet, LabelledCorpus.QuestionLabels, settings, modelFolder, ScoringModels.QuestionFile,
            null, TextWriter.Null, cancellationToken);
        // The shipped threshold is chosen on all out-of-fold predictions; the figure printed for it is nested (each
        // outer fold judged with a threshold chosen without it), so the threshold is never judged on what chose it.
        var questionChosen = ChooseQuestionThreshold(questionRaw, questionSet, questionScores, settings.QuestionPrecisionTarget);
        var questionEval = NestedQuestionEvaluation(ml, questionSet, settings, cancellationToken) with { Threshold = questionChosen.Threshold };
        Print(output, questionEval);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"",-10} (nested {settings.Folds}×{settings.Folds}-fold CV: each outer fold's threshold chosen on inner folds; shipped threshold from all folds)"));
        evaluations.Add(questionEval);

        var toxicity = Take(LabelledCorpus.LoadToxicity(dataFolder), settings.MaxLines);
        var toxicitySet = Featurize(models.Featurizer, toxicity);
        var (toxicityEval, _, toxicityModel) = TrainOne(ml, "toxicity", toxicitySet, LabelledCorpus.ToxicityLabels, settings, modelFolder, ScoringModels.ToxicityFile,
            (row, p) => ChatScorer.CombineToxicity(p[1], row.Facts.Toxicity.RuleScore) >= 0.5f ? 1 : 0,
            output, cancellationToken);
        evaluations.Add(toxicityEval);
        var toxicityTest = settings.HeldOutTest ? ToxicityHeldOutFigures(models.Featurizer, toxicityModel, dataFolder, LabelledCorpus.ToxicityTestFolder,
            "held-out", "(set 1: training lines were later written against its misses, so optimistic)", output) : null;
        // The second set was written after the first one had been tuned against: its figure is the honest one.
        var freshToxicityTest = settings.HeldOutTest ? ToxicityHeldOutFigures(models.Featurizer, toxicityModel, dataFolder, LabelledCorpus.FreshToxicityTestFolder,
            "fresh", "(set 2: written before any further tuning, never tuned against)", output) : null;

        double? r2 = null;
        if (settings.Engagement)
        {
            cancellationToken.ThrowIfCancellationRequested();
            r2 = TrainEngagement(ml, settings, modelFolder, output);
        }

        var manifest = new ModelManifest
        {
            Seed = settings.Seed,
            QuestionThreshold = questionEval.Threshold,
            SentimentPriorShift = [.. priorShift],
            Metrics = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["sentimentMacroF1"] = Math.Round(sentimentEval.MacroF1, 4),
                ["questionPrecision"] = Math.Round(questionEval.Precision, 4),
                ["questionRecall"] = Math.Round(questionEval.Recall, 4),
                ["questionMacroF1"] = Math.Round(questionEval.MacroF1, 4),
                ["toxicityMacroF1"] = Math.Round(toxicityEval.MacroF1, 4),
                ["toxicityPrecision"] = Math.Round(toxicityEval.Precision, 4),
                ["toxicityRecall"] = Math.Round(toxicityEval.Recall, 4),
                ["engagementR2"] = Math.Round(r2 ?? double.NaN, 4),
                ["sentimentTestMacroF1"] = Math.Round(sentimentTest?.MacroF1 ?? double.NaN, 4),
                ["sentimentTestLines"] = testLines.Count,
                ["toxicityTestRecall"] = Math.Round(toxicityTest?.Recall ?? double.NaN, 4),
                ["toxicityTestFalsePositiveRate"] = Math.Round(toxicityTest?.FalsePositiveRate ?? double.NaN, 4),
                ["toxicityFreshTestRecall"] = Math.Round(freshToxicityTest?.Recall ?? double.NaN, 4),
                ["toxicityFreshTestFalsePositiveRate"] = Math.Round(freshToxicityTest?.FalsePositiveRate ?? double.NaN, 4),
                ["sentimentLines"] = sentiment.Count,
                ["questionLines"] = questions.Count,
                ["toxicityLines"] = toxicity.Count,
            },
        };
        if (modelFolder is not null) manifest.Save(Path.Combine(modelFolder, ScoringModels.ManifestFile));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trained in {clock.Elapsed.TotalSeconds:F1} s (seed {settings.Seed}, {settings.Folds}-fold CV)"));
        return new TrainingReport(evaluations, r2, clock.Elapsed, manifest, sentimentTest);
    }

    /// <summary>
    /// Issue 19's toxicity bar on a held-out set (<c>Data/toxicity-test</c> or <c>Data/toxicity-test-2</c>, never trained
    /// on), with the final model and the served decision (rules + classifier, threshold 0.5): recall per abusive file,
    /// false positives on the clean one.
    /// </summary>
    private static ToxicityHeldOutResult? ToxicityHeldOutFigures(ChatFeaturizer featurizer, LinearModel model, string dataFolder, string folder,
        string name, string about, TextWriter output)
    {
        var sets = LabelledCorpus.LoadToxicityTest(dataFolder, folder);
        if (sets.Count == 0) return null;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"",-10} {name} = {folder} {about}"));
        var vector = new FeatureVector();
        var probabilities = new float[2];
        bool IsToxic(string text)
        {
            var facts = featurizer.Featurize(text, null, vector);
            model.Predict(vector, probabilities);
            return ChatScorer.CombineToxicity(probabilities[1], facts.Toxicity.RuleScore) >= 0.5f;
        }
        foreach (var (set, lines) in sets)
        {
            var part = ToxicityHeldOut.Measure(lines, IsToxic);
            output.WriteLine(part.Toxic > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{"",-10} {name} {set}: recall {part.Recall:F3} ({part.Caught}/{part.Toxic}, bar ≥ {ToxicityHeldOut.RecallBar:F2})")
                : string.Create(CultureInfo.InvariantCulture, $"{"",-10} {name} {set}: false positives {part.FalsePositiveRate:F3} ({part.Flagged}/{part.Clean}, bar ≤ {ToxicityHeldOut.FalsePositiveBar:F2})"));
        }
        return ToxicityHeldOut.Measure(sets.SelectMany(s => s.Lines), IsToxic);
    }

    /// <summary>log(live share / corpus share) per class, added to the class logits when serving.</summary>
    internal static float[] PriorShift(IReadOnlyList<LabelledLine> lines, IReadOnlyList<double> live)
    {
        var shift = new float[live.Count];
        for (var c = 0; c < live.Count; c++)
        {
            var corpus = (lines.Count(l => l.Label == c) + 1.0) / (lines.Count + live.Count);
            shift[c] = (float)Math.Round(Math.Log(live[c] / corpus), 4);
        }
        return shift;
    }

    private static float[] Shifted(float[] p, float[] shift)
    {
        var q = new float[p.Length];
        var sum = 0f;
        for (var c = 0; c < p.Length; c++) sum += q[c] = p[c] * MathF.Exp(shift[c]);
        for (var c = 0; c < p.Length; c++) q[c] /= sum;
        return q;
    }

    private static IReadOnlyList<LabelledLine> Take(IReadOnlyList<LabelledLine> lines, int? max) =>
        max is { } n && n < lines.Count ? [.. lines.Take(n)] : lines;

    internal sealed class FeaturizedRow
    {
        public uint Label { get; set; }
        public VBuffer<float> Features { get; set; }
        public int Id { get; set; }
    }

    internal sealed record FeaturizedSet(IReadOnlyList<FeaturizedRow> Rows, IReadOnlyList<ChatFacts> Facts);

    private sealed class ScoredRow
    {
        public int Id { get; set; }
        public float[] Score { get; set; } = [];
    }

    private static FeaturizedSet Featurize(ChatFeaturizer featurizer, IReadOnlyList<LabelledLine> lines)
    {
        var vector = new FeatureVector();
        var rows = new List<FeaturizedRow>(lines.Count);
        var facts = new List<ChatFacts>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            facts.Add(featurizer.Featurize(lines[i].Text, null, vector));
            var (indices, values) = vector.ToSorted();
            rows.Add(new FeaturizedRow
            {
                Label = (uint)lines[i].Label, // LoadFromEnumerable treats key values as 0-based
                Features = new VBuffer<float>(ChatFeaturizer.Dimension, indices.Length, values, indices),
                Id = i,
            });
        }
        return new FeaturizedSet(rows, facts);
    }

    private static IDataView ToDataView(MLContext ml, FeaturizedSet set, int classes)
    {
        var schema = SchemaDefinition.Create(typeof(FeaturizedRow));
        schema[nameof(FeaturizedRow.Label)].ColumnType = new KeyDataViewType(typeof(uint), classes);
        schema[nameof(FeaturizedRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, ChatFeaturizer.Dimension);
        return ml.Data.LoadFromEnumerable(set.Rows, schema);
    }

    internal static SdcaMaximumEntropyMulticlassTrainer CreateTrainer(MLContext ml) =>
        ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
        {
            LabelColumnName = nameof(FeaturizedRow.Label),
            FeatureColumnName = nameof(FeaturizedRow.Features),
            NumberOfThreads = 1, // SDCA with several threads is not bit-for-bit repeatable
            MaximumNumberOfIterations = 30,
            L2Regularization = 1e-4f,
        });

    private static (ModelEvaluation Evaluation, float[][] OutOfFold, LinearModel Model) TrainOne(MLContext ml, string name, FeaturizedSet set, IReadOnlyList<string> labels,
        TrainingSettings settings, string? modelFolder, string fileName, Func<(FeaturizedRow Row, ChatFacts Facts), float[], int>? decide,
        TextWriter output, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var data = ToDataView(ml, set, labels.Count);
        var trainer = CreateTrainer(ml);
        var folds = ml.MulticlassClassification.CrossValidate(data, trainer, settings.Folds, nameof(FeaturizedRow.Label), seed: settings.Seed);
        var outOfFold = new float[set.Rows.Count][];
        foreach (var fold in folds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var scored in ml.Data.CreateEnumerable<ScoredRow>(fold.ScoredHoldOutSet, reuseRowObject: false))
                outOfFold[scored.Id] = scored.Score;
        }
        var confusion = new int[labels.Count, labels.Count];
        for (var i = 0; i < set.Rows.Count; i++)
        {
            var p = outOfFold[i];
            var predicted = decide is null ? ArgMax(p) : decide((set.Rows[i], set.Facts[i]), p);
            confusion[set.Rows[i].Label, predicted]++;
        }
        var evaluation = Evaluate(name, confusion, labels);
        if (output != TextWriter.Null) Print(output, evaluation);

        var model = trainer.Fit(data);
        var served = MlNetModels.LinearFrom(model)!;
        if (modelFolder is not null)
        {
            var path = Path.Combine(modelFolder, fileName);
            ml.Model.Save(model, data.Schema, path);
            // What the server reads: the same weights without ML.NET (LinearModel).
            served.Save(LinearModel.WeightsPath(path));
        }
        return (evaluation, outOfFold, served);
    }

    /// <summary>
    /// Nested cross-validation of the question threshold: for each outer fold, the threshold is chosen on inner
    /// out-of-fold predictions of the other folds only, then applied to the outer fold's predictions.
    /// </summary>
    private static ModelEvaluation NestedQuestionEvaluation(MLContext ml, FeaturizedSet set, TrainingSettings settings, CancellationToken cancellationToken)
    {
        var all = Enumerable.Range(0, set.Rows.Count).ToArray();
        var outerFold = FoldOf(all.Length, settings.Folds, settings.Seed);
        var confusion = new int[2, 2];
        for (var k = 0; k < settings.Folds; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var training = all.Where(i => outerFold[i] != k).ToArray();
            var held = all.Where(i => outerFold[i] == k).ToArray();
            if (held.Length == 0 || training.Length == 0) continue;
            var inner = OutOfFold(ml, set, training, settings.Folds, settings.Seed + k + 1);
            var innerSet = new FeaturizedSet([.. training.Select(i => set.Rows[i])], [.. training.Select(i => set.Facts[i])]);
            var innerScores = training.Select(i => inner[i]!).ToArray();
            var threshold = ChooseQuestionThreshold(Evaluate("question", new int[2, 2], LabelledCorpus.QuestionLabels), innerSet, innerScores,
                settings.QuestionPrecisionTarget).Threshold;
            var model = MlNetModels.LinearFrom(CreateTrainer(ml).Fit(ToDataView(ml, Subset(set, training), 2)))!;
            var probabilities = new float[2];
            foreach (var i in held)
            {
                Predict(model, set.Rows[i], probabilities);
                var facts = set.Facts[i];
                var predicted = !facts.Question.Rejected && !facts.EmoteOnly && probabilities[1] >= threshold - 1e-6f ? 1 : 0;
                confusion[set.Rows[i].Label, predicted]++;
            }
        }
        return Evaluate("question", confusion, LabelledCorpus.QuestionLabels);
    }

    /// <summary>Out-of-fold class probabilities for <paramref name="rows"/> (indexed by row; null for rows not given).</summary>
    private static float[]?[] OutOfFold(MLContext ml, FeaturizedSet set, int[] rows, int folds, int seed)
    {
        var fold = FoldOf(rows.Length, folds, seed);
        var scores = new float[]?[set.Rows.Count];
        var probabilities = new float[2];
        for (var k = 0; k < folds; k++)
        {
            var training = rows.Where((_, n) => fold[n] != k).ToArray();
            var model = MlNetModels.LinearFrom(CreateTrainer(ml).Fit(ToDataView(ml, Subset(set, training), 2)))!;
            for (var n = 0; n < rows.Length; n++)
            {
                if (fold[n] != k) continue;
                Predict(model, set.Rows[rows[n]], probabilities);
                scores[rows[n]] = [.. probabilities];
            }
        }
        return scores;
    }

    /// <summary>A seeded shuffle dealt into folds: the same seed gives the same folds.</summary>
    private static int[] FoldOf(int count, int folds, int seed)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        var fold = new int[count];
        for (var n = 0; n < count; n++) fold[order[n]] = n % folds;
        return fold;
    }

    private static FeaturizedSet Subset(FeaturizedSet set, int[] rows) =>
        new([.. rows.Select(i => set.Rows[i])], [.. rows.Select(i => set.Facts[i])]);

    private static void Predict(LinearModel model, FeaturizedRow row, float[] probabilities)
    {
        var vector = new FeatureVector();
        var features = row.Features;
        var indices = features.GetIndices();
        var values = features.GetValues();
        for (var n = 0; n < values.Length; n++) vector.Add(features.IsDense ? n : indices[n], values[n]);
        model.Predict(vector, probabilities);
    }

    private static ModelEvaluation ChooseQuestionThreshold(ModelEvaluation raw, FeaturizedSet set, IReadOnlyList<float[]> outOfFold, double target)
    {
        // Precision matters most for the Q&A queue: pick the lowest threshold that keeps it at the target.
        ModelEvaluation? best = null;
        for (var t = 0.30f; t <= 0.951f; t += 0.01f)
        {
            var confusion = new int[2, 2];
            for (var i = 0; i < set.Rows.Count; i++)
            {
                var facts = set.Facts[i];
                var predicted = !facts.Question.Rejected && !facts.EmoteOnly && outOfFold[i][1] >= t ? 1 : 0;
                confusion[set.Rows[i].Label, predicted]++;
            }
            var evaluation = Evaluate(raw.Name, confusion, raw.Labels) with { Threshold = MathF.Round(t, 2) };
            if (evaluation.Precision >= target)
            {
                best = evaluation;
                break;
            }
            best ??= evaluation;
            if (evaluation.Precision > best.Precision) best = evaluation;
        }
        return best!;
    }

    private static ModelEvaluation Evaluate(string name, int[,] confusion, IReadOnlyList<string> labels)
    {
        var k = labels.Count;
        double f1Sum = 0;
        var correct = 0;
        var total = 0;
        double lastPrecision = 0, lastRecall = 0;
        for (var c = 0; c < k; c++)
        {
            int tp = confusion[c, c], predicted = 0, actual = 0;
            for (var o = 0; o < k; o++)
            {
                predicted += confusion[o, c];
                actual += confusion[c, o];
                total += confusion[c, o];
            }
            correct += tp;
            var precision = predicted == 0 ? 0 : (double)tp / predicted;
            var recall = actual == 0 ? 0 : (double)tp / actual;
            f1Sum += precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            lastPrecision = precision;
            lastRecall = recall;
        }
        // For two-class models the positive class is the last label (question, toxic).
        return new ModelEvaluation(name, f1Sum / k, total == 0 ? 0 : (double)correct / total, confusion, labels)
        {
            Precision = lastPrecision,
            Recall = lastRecall,
        };
    }

    /// <summary>Cross-validated and held-out figures next to each other, then the held-out confusion.</summary>
    private static void PrintSideBySide(TextWriter output, ModelEvaluation cv, ModelEvaluation? test, int folds)
    {
        var testText = test is null ? "held-out test: none (Data/sentiment-test is empty)"
            : string.Create(CultureInfo.InvariantCulture, $"held-out test macro-F1 {test.MacroF1:F3}  accuracy {test.Accuracy:F3}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{cv.Name,-10} {folds}-fold CV macro-F1 {cv.MacroF1:F3}  accuracy {cv.Accuracy:F3}   |   {testText}"));
        PrintConfusion(output, cv, $"{folds}-fold CV");
        if (test is not null) PrintConfusion(output, test, "held-out test");
    }

    private static void Print(TextWriter output, ModelEvaluation e)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{e.Name,-10} macro-F1 {e.MacroF1:F3}  accuracy {e.Accuracy:F3}");
        if (e.Labels.Count == 2)
            line += string.Create(CultureInfo.InvariantCulture, $"  precision {e.Precision:F3}  recall {e.Recall:F3}");
        if (e.Threshold > 0) line += string.Create(CultureInfo.InvariantCulture, $"  threshold {e.Threshold:F2}");
        output.WriteLine(line);
        PrintConfusion(output, e, null);
    }

    private static void PrintConfusion(TextWriter output, ModelEvaluation e, string? what)
    {
        output.WriteLine($"{"",-10} {(what is null ? "" : what + " ")}confusion (rows actual, columns predicted: {string.Join(", ", e.Labels)})");
        for (var r = 0; r < e.Labels.Count; r++)
        {
            var cells = Enumerable.Range(0, e.Labels.Count).Select(c => e.Confusion[r, c].ToString(CultureInfo.InvariantCulture).PadLeft(6));
            output.WriteLine($"{"",-10} {e.Labels[r],-9}{string.Concat(cells)}");
        }
    }

    private static int ArgMax(float[] p)
    {
        var best = 0;
        for (var i = 1; i < p.Length; i++) if (p[i] > p[best]) best = i;
        return best;
    }

    private sealed class EngagementRow
    {
        public float LogViewers { get; set; }
        public float StreamPhase { get; set; }
        public float LogMessages { get; set; }
    }

    private static double TrainEngagement(MLContext ml, TrainingSettings settings, string? modelFolder, TextWriter output)
    {
        var rows = EngagementSimulator.Simulate(settings.MaxLines is null ? 20_000 : 2_000, settings.Seed)
            .Select(r =>
            {
                Span<float> features = stackalloc float[2];
                EngagementModel.Features(r.Viewers, r.MinuteOfStream, features);
                return new EngagementRow { LogViewers = features[0], StreamPhase = features[1], LogMessages = MathF.Log(1 + r.Messages) };
            }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.Concatenate("Features", nameof(EngagementRow.LogViewers), nameof(EngagementRow.StreamPhase))
            .Append(ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
            {
                LabelColumnName = nameof(EngagementRow.LogMessages),
                FeatureColumnName = "Features",
                NumberOfTrees = 60,
                NumberOfLeaves = 12,
                MinimumExampleCountPerLeaf = 20,
                NumberOfThreads = 1,
            }));
        var folds = ml.Regression.CrossValidate(data, pipeline, settings.Folds, nameof(EngagementRow.LogMessages), seed: settings.Seed);
        var r2 = folds.Average(f => f.Metrics.RSquared);
        var rmse = folds.Average(f => f.Metrics.RootMeanSquaredError);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"engagement R² {r2:F3}  RMSE {rmse:F3} (log messages/min, {rows.Count} simulated minutes)"));
        if (modelFolder is not null)
        {
            var model = pipeline.Fit(data);
            ml.Model.Save(model, data.Schema, Path.Combine(modelFolder, ScoringModels.EngagementFile));
            // What the server reads: the same trees without ML.NET (EngagementTrees).
            MlNetModels.TreesFrom(model).Save(Path.Combine(modelFolder, ScoringModels.EngagementTreesFile));
        }
        return r2;
    }

    private sealed class ModelsInTraining(ChatFeaturizer featurizer) : IDisposable
    {
        public ChatFeaturizer Featurizer { get; } = featurizer;
        public void Dispose() => Featurizer.Emotes.Dispose();
    }
}
