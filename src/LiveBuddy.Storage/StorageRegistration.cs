using LiveBuddy.Core.Pipeline;
using LiveBuddy.Storage.Sessions;
using LiveBuddy.Storage.Writing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LiveBuddy.Storage;

public static class StorageRegistration
{
    /// <summary>The batched SQLite writer (a pipeline sink and hosted service) and the read-side store.</summary>
    public static IServiceCollection AddLiveBuddyStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section);
        services.AddSingleton<StorageWriter>();
        services.AddSingleton<IPipelineSink>(sp => sp.GetRequiredService<StorageWriter>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<StorageWriter>());
        services.AddSingleton<SessionStore>();
        return services;
    }
}
