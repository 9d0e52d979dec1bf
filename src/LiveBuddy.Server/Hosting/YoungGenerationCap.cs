namespace LiveBuddy.Server.Hosting;

/// <summary>
/// Keeps the garbage collector's youngest generation small. The runtime sizes it from the CPU's L3 cache, and on a
/// machine reporting a large one (300 MB on the 2-core test machine) it let ~80-150 MB of short-lived chat objects pile
/// up between collections, every page of it resident: a soak at 1,000 lines/s sat at ~310 MB with a 45 MB live heap.
/// The runtime's own knob for this (<c>DOTNET_GCgen0size</c>) is read from the environment only, so this does it
/// from inside: once a second, when more than <see cref="CapBytes"/> were allocated since the last young collection,
/// it asks for one. A young collection of short-lived objects takes a millisecond or two. Not in a chat flood, though:
/// there the runtime soon collects on its own, and each young collection copies the chat still on its way to storage
/// (tens of MB, ~100 ms), so extra ones only stop the process more often.
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
    /// <summary>Allocating this many caps between two looks is a flood: no collection is asked for then.</summary>
    internal const int FloodCaps = 4;

    private long _allocatedAtLastCollection;
    private long _allocatedAtLastLook = -1;
    private int _collections = -1;

    public bool ShouldCollect(long allocatedBytes, int youngCollections)
    {
        var sinceLastLook = _allocatedAtLastLook < 0 ? 0 : allocatedBytes - _allocatedAtLastLook;
        _allocatedAtLastLook = allocatedBytes;
        if (youngCollections != _collections)
        {
            // The runtime collected since the last look (or this is the first look): count from here.
            _collections = youngCollections;
            _allocatedAtLastCollection = allocatedBytes;
            return false;
        }
        if (allocatedBytes - _allocatedAtLastCollection < capBytes || sinceLastLook >= FloodCaps * capBytes) return false;
        _allocatedAtLastCollection = allocatedBytes;
        return true;
    }
}
