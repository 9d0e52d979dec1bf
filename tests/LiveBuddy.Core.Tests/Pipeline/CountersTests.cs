using System.Diagnostics.Metrics;
using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Core.Tests.Pipeline;

public sealed class CountersTests
{
    [Fact]
    public void Each_counter_is_an_instrument_of_the_LiveBuddy_meter_and_its_value_is_the_sum_of_its_measurements()
    {
        using var counters = new Counters();
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == Counters.MeterName && instrument.Name.StartsWith("test.", StringComparison.Ordinal))
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (seen) seen[instrument.Name] = seen.GetValueOrDefault(instrument.Name) + value;
        });
        listener.Start();

        var duplicates = counters.Get("test.duplicates");
        duplicates.Increment();
        duplicates.Add(4);
        counters.Add("test.dropped", 2);

        Assert.Same(duplicates, counters.Get("test.duplicates"));
        Assert.Equal(5, counters.Value("test.duplicates"));
        Assert.Equal(5, seen["test.duplicates"]);
        Assert.Equal(2, seen["test.dropped"]);
        Assert.Equal(0, counters.Value("test.never"));
        Assert.Equal(["test.dropped", "test.duplicates"], counters.Snapshot().Keys);
    }

    [Fact]
    public async Task Counts_from_many_threads_all_arrive()
    {
        using var counters = new Counters();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++) counters.Add("test.parallel");
        })));

        Assert.Equal(40_000, counters.Value("test.parallel"));
    }
}
