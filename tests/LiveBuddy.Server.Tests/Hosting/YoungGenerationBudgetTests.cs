using LiveBuddy.Server.Hosting;

namespace LiveBuddy.Server.Tests.Hosting;

public sealed class YoungGenerationBudgetTests
{
    private const long Mb = 1024 * 1024;

    [Fact]
    public void A_collection_is_due_only_after_the_cap_is_allocated_since_the_last_one()
    {
        var budget = new YoungGenerationBudget(16 * Mb);

        Assert.False(budget.ShouldCollect(100 * Mb, youngCollections: 3)); // first look: counts from here
        Assert.False(budget.ShouldCollect(115 * Mb, youngCollections: 3));
        Assert.True(budget.ShouldCollect(117 * Mb, youngCollections: 3));
        Assert.False(budget.ShouldCollect(118 * Mb, youngCollections: 4)); // the collection it asked for
        Assert.False(budget.ShouldCollect(133 * Mb, youngCollections: 4));
        Assert.True(budget.ShouldCollect(134 * Mb, youngCollections: 4));
    }

    [Fact]
    public void A_collection_the_runtime_made_on_its_own_restarts_the_count()
    {
        var budget = new YoungGenerationBudget(16 * Mb);
        budget.ShouldCollect(0, youngCollections: 0);

        Assert.False(budget.ShouldCollect(15 * Mb, youngCollections: 1));
        Assert.False(budget.ShouldCollect(30 * Mb, youngCollections: 1));
        Assert.True(budget.ShouldCollect(31 * Mb, youngCollections: 1));
    }

    [Fact]
    public void No_collection_is_asked_for_while_chat_floods_in_and_the_count_goes_on_after()
    {
        var budget = new YoungGenerationBudget(16 * Mb);
        budget.ShouldCollect(0, youngCollections: 0);

        Assert.False(budget.ShouldCollect(70 * Mb, youngCollections: 0)); // 70 MB in a second: the runtime collects soon
        Assert.False(budget.ShouldCollect(140 * Mb, youngCollections: 0));
        Assert.True(budget.ShouldCollect(145 * Mb, youngCollections: 0)); // quiet again, and still over the cap
    }
}
