using LiveBuddy.Core.Commands;
using LiveBuddy.Core.Markers;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Storage.Markers;
using LiveBuddy.Storage.Writing;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Server.Markers;

public static class MarkersRegistration
{
    /// <summary>
    /// Twitch stream markers and clips (the <c>Markers</c> section, and <c>Reports:AutoClip</c>): at live moments and for
    /// moderators' <c>!marker [text]</c> / <c>!clip</c>, kept for the report.
    /// </summary>
    public static IServiceCollection AddMarkers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MarkersOptions>().BindConfiguration("Markers");
        services.AddSingleton(sp => new MarkerCommand(sp.GetRequiredService<IOptions<MarkersOptions>>().Value));
        services.AddSingleton<IStreamFeature>(sp => sp.GetRequiredService<MarkerCommand>());
        services.AddSingleton<IChatCommandHandler>(sp => sp.GetRequiredService<MarkerCommand>());
        services.AddSingleton<IStorageExtension, StreamMarkRecords>();
        services.AddSingleton<StreamMarkers>();
        services.AddSingleton<IPipelineSink>(sp => sp.GetRequiredService<StreamMarkers>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<StreamMarkers>());
        return services;
    }
}
