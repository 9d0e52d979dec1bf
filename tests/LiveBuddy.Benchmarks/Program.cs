using BenchmarkDotNet.Running;

namespace LiveBuddy.Benchmarks;

/// <summary>
/// Runs whichever benchmark classes the filter picks, e.g. <c>-- --filter '*Irc*' --job short</c>; or, with
/// <c>score-ab</c> first, the side-by-side throughput comparison of two scorer builds (<c>score-ab.sh</c>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is ["score-ab", .. var rest]) return ScoreThroughputComparison.Run(rest);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
