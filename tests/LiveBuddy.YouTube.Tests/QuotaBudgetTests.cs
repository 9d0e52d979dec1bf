using LiveBuddy.YouTube.Chat;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LiveBuddy.YouTube.Tests;

public sealed class QuotaBudgetTests
{
    private static QuotaBudget Budget(FakeTimeProvider clock, int daily = 10_000, int reserve = 1_000) =>
        new(Options.Create(new YouTubeOptions { DailyQuota = daily, WriteReserve = reserve }), clock);

    [Theory]
    [InlineData("2026-11-26T14:00:00Z", "2026-11-27T08:00:00Z")] // PST, UTC-8
    [InlineData("2026-07-04T06:59:59Z", "2026-07-04T07:00:00Z")] // PDT, UTC-7: one second before midnight
    [InlineData("2026-03-08T09:00:00Z", "2026-03-09T07:00:00Z")] // the spring-forward day is 23 hours long
    public void The_day_resets_at_midnight_Pacific_time(string now, string expected)
    {
        var reset = QuotaBudget.NextPacificMidnight(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), QuotaBudget.PacificTime());

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), reset);
    }

    [Fact]
    public void Pacific_time_zone_data_is_available_despite_invariant_globalization()
    {
        var zone = QuotaBudget.PacificTime();

        Assert.Equal("America/Los_Angeles", zone.Id);
        Assert.True(zone.SupportsDaylightSavingTime);
    }

    [Fact]
    public void A_four_hour_stream_stays_within_ten_thousand_units_and_keeps_the_write_reserve()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 17, 0, 0, TimeSpan.Zero));
        var budget = Budget(clock);
        var start = clock.GetUtcNow();
        var nextSample = start;
        var polls = 0;
        var longestGap = TimeSpan.Zero;

        while (clock.GetUtcNow() - start < TimeSpan.FromHours(4))
        {
            var now = clock.GetUtcNow();
            if (now >= nextSample)
            {
                Assert.True(budget.TryChargeRead(QuotaCost.VideosList));
                nextSample = now + TimeSpan.FromMinutes(1);
            }
            Assert.True(budget.TryChargeRead(QuotaCost.ChatList), $"read budget ran out after {now - start}");
            polls++;
            var interval = budget.PollInterval(TimeSpan.FromSeconds(2), now - start, TimeSpan.FromHours(4), TimeSpan.FromMinutes(1));
            Assert.True(interval >= TimeSpan.FromSeconds(2));
            if (interval > longestGap) longestGap = interval;
            clock.Advance(interval);
        }

        Assert.InRange(budget.Used, 8_000, 9_000); // everything but the reserve, spent evenly
        Assert.True(budget.Left >= 1_000, $"left {budget.Left}");
        // Evenly ~8 s apart; in the last half hour polls slow down gradually so an overrun still has units.
        Assert.True(longestGap < TimeSpan.FromSeconds(25), $"longest gap {longestGap}");
        Assert.True(polls > 1_600, $"polls {polls}");
    }

    [Fact]
    public void A_stream_running_past_the_expected_length_never_exceeds_the_daily_quota()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero)); // 01:00 Pacific
        var budget = Budget(clock);
        var start = clock.GetUtcNow();
        var reads = 0;

        while (clock.GetUtcNow() - start < TimeSpan.FromHours(10))
        {
            if (budget.TryChargeRead(QuotaCost.ChatList)) reads++;
            clock.Advance(budget.PollInterval(TimeSpan.FromSeconds(2), clock.GetUtcNow() - start, TimeSpan.FromHours(4), TimeSpan.Zero));
        }

        Assert.True(budget.Used <= 9_000, $"used {budget.Used}");
        Assert.True(reads > 1_700, $"reads {reads}");
    }

    [Fact]
    public void Reads_stop_at_the_reserve_while_writes_may_spend_it()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 17, 0, 0, TimeSpan.Zero));
        var budget = Budget(clock, daily: 1_100, reserve: 100);

        Assert.True(budget.TryChargeRead(1_000));
        Assert.False(budget.TryChargeRead(QuotaCost.ChatList));
        Assert.True(budget.TryChargeWrite(QuotaCost.Write));
        Assert.True(budget.TryChargeWrite(QuotaCost.Write));
        Assert.False(budget.TryChargeWrite(QuotaCost.Write));
        Assert.Equal(0, budget.Left);
    }

    [Fact]
    public void Quota_exceeded_blocks_everything_until_Pacific_midnight_then_the_day_starts_fresh()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 17, 0, 0, TimeSpan.Zero));
        var budget = Budget(clock);
        budget.TryChargeRead(500);

        budget.MarkExceeded();
        Assert.False(budget.TryChargeRead(QuotaCost.ChatList));
        Assert.False(budget.TryChargeWrite(QuotaCost.Write));

        clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 7, 59, 59, TimeSpan.Zero));
        Assert.True(budget.Exceeded);
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));

        Assert.False(budget.Exceeded);
        Assert.Equal(0, budget.Used);
        Assert.True(budget.TryChargeRead(QuotaCost.ChatList));
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 8, 0, 0, TimeSpan.Zero), budget.ResetAt);
    }
}
