namespace LiveBuddy.Testing;

/// <summary>Waits for a condition on the real client's own state (polled every 10 ms), failing after a deadline.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, double seconds = 15)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("The condition did not come true in time.");
            await Task.Delay(10);
        }
    }
}
