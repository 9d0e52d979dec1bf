using BenchmarkDotNet.Running;

namespace LiveBuddy.Benchmarks;

/// <summary>Runs whichever benchmark classes the filter picks, e.g. <c>-- --filter '*Irc*' --job short</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
