using LiveBuddy.Core.Pipeline;
using LiveBuddy.Scoring.Highlights;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LiveBuddy.Scoring.Tests;

public sealed class RegistrationTests
{
    [Fact]
    public void The_host_gets_one_shared_chat_scorer_loaded_from_the_program_folder()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());

        services.AddLiveBuddyScoring();
        using var provider = services.BuildServiceProvider();

        var scorer = provider.GetRequiredService<IChatScorer>();
        Assert.Same(provider.GetRequiredService<ChatScorer>(), scorer);
        Assert.Equal(Core.Events.Sentiment.Positive, ((ChatScorer)scorer).Score("KEKW KEKW").Sentiment);
        Assert.Equal(TimeSpan.FromSeconds(6), provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<HighlightOptions>>().Value.ChatLag);
    }

    [Fact]
    public void Configuration_overrides_the_decision_thresholds()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Scoring:QuestionThreshold"] = "1.01" })
            .Build());

        services.AddLiveBuddyScoring();
        using var provider = services.BuildServiceProvider();

        Assert.False(provider.GetRequiredService<ChatScorer>().Score("what game is this?").Question);
    }
}
