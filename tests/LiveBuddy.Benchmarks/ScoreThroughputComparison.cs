using System.Diagnostics;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.Loader;

namespace LiveBuddy.Benchmarks;

/// <summary>
/// The <c>score</c> verb's throughput, two builds of LiveBuddy.Scoring side by side in one process (issue 19's bar: within
/// 10 % of the scorer it started from). Each build is loaded from its own published folder (its dll, dependencies,
/// <c>Data</c> and <c>Models</c>) into its own <see cref="AssemblyLoadContext"/>, and the two take turns pass by pass
/// (old-new, then new-old) over the same lines, so both see the same load on a shared machine; a wall-clock pass is
/// only comparable with the pass beside it. A pass is what the verb does per line minus the I/O: score, then format
/// the JSON line. Run it with <c>score-ab.sh</c>, which builds both folders from two commits.
/// </summary>
public static class ScoreThroughputComparison
{
    public static int Run(string[] args)
    {
        var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
            .ToDictionary(p => p.a[2..], p => p.i + 1 < args.Length ? args[p.i + 1] : "", StringComparer.Ordinal);
        if (!options.TryGetValue("old", out var oldFolder) || !options.TryGetValue("new", out var newFolder))
        {
            Console.Error.WriteLine("usage: score-ab --old <published Scoring folder> --new <published Scoring folder> [--rounds 12] [--lines 100000]");
            return 2;
        }
        var rounds = int.Parse(options.GetValueOrDefault("rounds", "12"), CultureInfo.InvariantCulture);
        var lineCount = int.Parse(options.GetValueOrDefault("lines", "100000"), CultureInfo.InvariantCulture);

        var lines = Input(newFolder, lineCount);
        var old = Scorer.Load("old", oldFolder);
        var @new = Scorer.Load("new", newFolder);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{lines.Length:N0} lines (the sentiment corpus and test set, repeated); {rounds} rounds; load average {LoadAverage()}"));

        // Warm-up: both builds reach their final JIT tier before anything is measured.
        for (var i = 0; i < 3; i++) { old.Pass(lines); @new.Pass(lines); }

        var cpuRatios = new List<double>();
        var wallRatios = new List<double>();
        var oldCpu = new List<double>();
        var newCpu = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            var (first, second) = r % 2 == 0 ? (old, @new) : (@new, old);
            var a = first.Pass(lines);
            var b = second.Pass(lines);
            var (o, n) = r % 2 == 0 ? (a, b) : (b, a);
            oldCpu.Add(o.CpuMs);
            newCpu.Add(n.CpuMs);
            cpuRatios.Add(n.CpuMs / o.CpuMs);
            wallRatios.Add(n.WallMs / o.WallMs);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {r + 1,2}: old {o.CpuMs,6:F0} ms CPU {o.WallMs,6:F0} ms wall | new {n.CpuMs,6:F0} ms CPU {n.WallMs,6:F0} ms wall | new/old CPU {n.CpuMs / o.CpuMs:F3} wall {n.WallMs / o.WallMs:F3} | load {LoadAverage()}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"new/old CPU per pass: median {Median(cpuRatios):F3} (range {cpuRatios.Min():F3}–{cpuRatios.Max():F3}); wall: median {Median(wallRatios):F3} (range {wallRatios.Min():F3}–{wallRatios.Max():F3})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lines/s of CPU, median: old {lines.Length / Median(oldCpu) * 1000:N0}, new {lines.Length / Median(newCpu) * 1000:N0}; load average {LoadAverage()}"));
        return 0;
    }

    private static string[] Input(string folder, int count)
    {
        var texts = Directory.GetFiles(Path.Combine(folder, "Data"), "*.tsv", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) is "sentiment" or "sentiment-test")
            .Order(StringComparer.Ordinal)
            .SelectMany(File.ReadLines)
            .Where(l => l.Length > 0 && l[0] != '#' && l.Contains('\t', StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf('\t', StringComparison.Ordinal) + 1)..])
            .ToArray();
        return [.. Enumerable.Range(0, count).Select(i => texts[i % texts.Length])];
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    // Linux only, and only for the printout: the tool runs on the shared build box.
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private sealed record PassTime(double CpuMs, double WallMs);

    /// <summary>One build of the scorer, reached through reflection so two versions of the same assembly can sit side by side.</summary>
    private sealed class Scorer
    {
        private readonly Func<string, string> _scoreAndFormat;
        private long _checksum;

        private Scorer(Func<string, string> scoreAndFormat) => _scoreAndFormat = scoreAndFormat;

        public static Scorer Load(string name, string folder)
        {
            var path = Path.GetFullPath(Path.Combine(folder, "LiveBuddy.Scoring.dll"));
            var context = new BuildContext(name, path);
            var scoring = context.LoadFromAssemblyPath(path);
            var modelsType = scoring.GetType("LiveBuddy.Scoring.ScoringModels", throwOnError: true)!;
            var createFeaturizer = modelsType.GetMethods().Single(m => m.Name == "CreateFeaturizer");
            var featurizer = createFeaturizer.Invoke(null, [Path.Combine(folder, "Data"), .. createFeaturizer.GetParameters().Skip(1).Select(_ => (object?)null)]);
            var models = modelsType.GetMethods().Single(m => m.Name == "Load" && m.GetParameters().Length == 2).Invoke(null, [Path.Combine(folder, "Models"), featurizer]);

            var optionsType = scoring.GetType("LiveBuddy.Scoring.ScoringOptions", throwOnError: true)!;
            var optionsAssembly = context.LoadFromAssemblyName(new AssemblyName("Microsoft.Extensions.Options"));
            var wrap = optionsAssembly.GetType("Microsoft.Extensions.Options.Options", throwOnError: true)!.GetMethod("Create")!.MakeGenericMethod(optionsType);
            var options = wrap.Invoke(null, [Activator.CreateInstance(optionsType)]);
            var scorerType = scoring.GetType("LiveBuddy.Scoring.ChatScorer", throwOnError: true)!;
            var constructor = scorerType.GetConstructors().Single(c => c.GetParameters().Length >= 2 && c.GetParameters()[0].ParameterType == modelsType);
            var scorer = constructor.Invoke([models, options, .. constructor.GetParameters().Skip(2).Select(_ => (object?)null)]);

            // text => ScoreVerb.Format(text, scorer.Score(text)), compiled once: no reflection per line.
            var score = scorerType.GetMethod("Score", [typeof(string)])!;
            var format = scoring.GetType("LiveBuddy.Scoring.ScoreVerb", throwOnError: true)!.GetMethod("Format")!;
            var text = Expression.Parameter(typeof(string), "text");
            var body = Expression.Call(format, text, Expression.Call(Expression.Constant(scorer), score, text));
            return new Scorer(Expression.Lambda<Func<string, string>>(body, text).Compile());
        }

        public PassTime Pass(string[] lines)
        {
            var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            long sum = 0;
            foreach (var line in lines) sum += _scoreAndFormat(line).Length;
            var wall = clock.Elapsed.TotalMilliseconds;
            process.Refresh();
            _checksum += sum; // keeps the work observable
            return new PassTime((process.TotalProcessorTime - cpu).TotalMilliseconds, wall);
        }

        public override string ToString() => _checksum.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Loads a build's own assemblies (and their dependencies) from its folder; the framework comes from the host.</summary>
    private sealed class BuildContext(string name, string scoringPath) : AssemblyLoadContext(name)
    {
        private readonly AssemblyDependencyResolver _resolver = new(scoringPath);

        protected override Assembly? Load(AssemblyName assemblyName) =>
            _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
            _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
    }
}
