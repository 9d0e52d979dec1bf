using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Moderation;
using LiveBuddy.Core.NamedCounters;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Server.Hosting;
using LiveBuddy.Storage.Commands;
using LiveBuddy.Storage.Sessions;
using LiveBuddy.Storage.Writing;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Server.Commands;

public static class CommandsRegistration
{
    /// <summary>
    /// The command router (the <c>Commands</c> section): custom commands from <c>config/commands.json</c> and storage,
    /// and the built-in commands of every feature registered as an <see cref="IChatCommandHandler"/>.
    /// </summary>
    public static IServiceCollection AddCommands(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CommandsOptions>().BindConfiguration("Commands");
        services.AddSingleton<IStorageExtension, CommandRecords>();
        services.AddSingleton(sp => new CommandRouter(sp.GetRequiredService<IOptions<CommandsOptions>>().Value,
            sp.GetServices<IChatCommandHandler>(), LoadCommands(sp), sp.GetRequiredService<ModerationRules>(), sp.GetService<CounterBoard>()));
        services.AddSingleton<IStreamFeature>(sp => sp.GetRequiredService<CommandRouter>());
        return services;
    }

    /// <summary>The command prefix (<c>!</c> unless configured), for features that parse their own commands.</summary>
    public static string CommandPrefix(this IServiceProvider sp) => sp.GetRequiredService<IOptions<CommandsOptions>>().Value.Prefix;

    private static IReadOnlyList<CustomCommand> LoadCommands(IServiceProvider sp)
    {
        var config = sp.GetRequiredService<ConfigFolder>();
        var file = Path.Combine(config.Path, "commands.json");
        var defaults = File.Exists(file) ? CustomCommandFile.Parse(File.ReadAllText(file)) : [];
        using var db = sp.GetRequiredService<SessionStore>().OpenRead();
        return CommandRecords.LoadCommands(db, defaults);
    }
}
