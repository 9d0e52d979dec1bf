using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Moderation;
using LiveBuddy.Core.Pipeline;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Server.Moderation;

public static class ModerationRegistration
{
    /// <summary>Chat filters and the <c>!timeout</c>/<c>!ban</c>/<c>!unban</c>/<c>!permit</c> commands (the <c>Moderation</c> section).</summary>
    public static IServiceCollection AddModeration(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ModerationOptions>().BindConfiguration("Moderation");
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ModerationOptions>>().Value;
            return new ModerationRules(options, WordFilter.From(options));
        });
        services.AddSingleton<IStreamFeature>(sp => sp.GetRequiredService<ModerationRules>());
        services.AddSingleton<IChatCommandHandler>(sp => sp.GetRequiredService<ModerationRules>());
        return services;
    }
}
