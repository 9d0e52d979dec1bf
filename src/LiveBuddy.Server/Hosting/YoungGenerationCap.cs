namespace LiveBuddy.Server.Hosting;

/// <summary>
/// Keeps the garbage collector's youngest generation small. The runtime sizes it from the CPU's L3 cache, and on a
/// machine reporting a large one (300 MB on the 2-core test machine) it let ~80-150 MB of short-lived chat objects pile
/// up between collections, every page of it resident: a soak at 1,000 lines/s sat at ~310 MB with a 45 MB live heap.
/// The runtime's own knob for this (<c>DOTNET_GCgen0size</c>) is read from the environment only, so this does it
/// from inside: once a second, when more than <see cref="CapBytes"/> were allocated since the last young collection,
/// it asks for one. A young collection of short-lived objects takes a millisecond or two; in a chat flood the runtime
/// collects more often than this on its own, so it adds at most one collection a second there.
/// </summary>
internal sealed class YoungGenerationCap(TimeProvider time) : BackgroundService
{
    internal const long CapBytes = 16 * 1024 * 1024;
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var budget = new YoungGenerationBudget(CapBytes);
        using var timer = new PeriodicTimer(Period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (budget.ShouldCollect(GC.GetTotalAllocatedBytes(), GC.CollectionCount(0)))
                    GC.Collect(0, GCCollectionMode.Forced, blocking: true);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}

/// <summary>Decides, from the bytes allocated so far and the young collections so far, whether one is due.</summary>
internal sealed class YoungGenerationBudget(long capBytes)
{
    private long _allocatedAtLastCollection;
    private int _collections = -1;

    public bool ShouldCollect(long allocatedBytes, int youngCollections)
    {
        if (youngCollections != _collections)
        {
            // The runtime collected since the last look (or this is the first look): count from here.
            _collections = youngCollections;
            _allocatedAtLastCollection = allocatedBytes;
            return false;
        }
        if (allocatedBytes - _allocatedAtLastCollection < capBytes) return false;
        _allocatedAtLastCollection = allocatedBytes;
        return true;
    }
}
