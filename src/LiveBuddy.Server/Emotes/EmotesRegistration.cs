using LiveBuddy.Core.Pipeline;
using LiveBuddy.Scoring;
using LiveBuddy.Scoring.Emotes;
using LiveBuddy.Storage.Emotes;
using LiveBuddy.Storage.Sessions;
using LiveBuddy.Storage.Writing;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Server.Emotes;

public static class EmotesRegistration
{
    /// <summary>
    /// Per-channel emote learning (the <c>Scoring:ChannelEmotes</c> section): a channel's own emotes borrow the valence of
    /// the chat around them, are kept in SQLite (<c>channel_emotes</c>) and are read back at start, and the scorer uses them.
    /// </summary>
    public static IServiceCollection AddEmotes(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ChannelEmoteOptions>().BindConfiguration(ChannelEmoteOptions.Section);
        services.AddSingleton<IStorageExtension, ChannelEmoteRecords>();
        services.AddSingleton(sp =>
        {
            using var db = sp.GetRequiredService<SessionStore>().OpenRead();
            return new ChannelEmoteLearner(sp.GetRequiredService<ScoringModels>().Featurizer, sp.GetRequiredService<ChannelEmoteBook>(),
                sp.GetRequiredService<IOptions<ChannelEmoteOptions>>(), ChannelEmoteRecords.Load(db));
        });
        services.AddSingleton<IStreamFeature>(sp => sp.GetRequiredService<ChannelEmoteLearner>());
        return services;
    }
}
