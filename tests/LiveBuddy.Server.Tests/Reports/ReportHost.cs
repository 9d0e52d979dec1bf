using LiveBuddy.Core;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Server.Hosting;
using LiveBuddy.Server.Privacy;
using LiveBuddy.Server.Reports;
using LiveBuddy.Storage;
using LiveBuddy.Storage.Writing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace LiveBuddy.Server.Tests.Reports;

/// <summary>
/// The report endpoints on a test server with the real storage writer: chat goes in through the writer's sink
/// interface exactly as the pipeline hands it over, is flushed, and is read back through <c>/api</c>.
/// </summary>
internal sealed class ReportHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 21, 19, 0, 0, TimeSpan.Zero);
    private int _ids;

    private ReportHost(WebApplication app, DataFolder folder)
    {
        App = app;
        Folder = folder;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }
    public DataFolder Folder { get; }
    public HttpClient Client { get; }
    public StorageWriter Writer => App.Services.GetRequiredService<StorageWriter>();

    public static async Task<ReportHost> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var folder = new DataFolder(Directory.CreateTempSubdirectory("livebuddy-report-host-").FullName);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(folder);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Counters>();
        builder.Services.AddLiveBuddyStorage();
        builder.Services.AddReports(builder.Configuration).AddPrivacy(builder.Configuration).AddLiveJobs(builder.Configuration);
        var app = builder.Build();
        app.MapGroup("/api").MapReportsEndpoints().MapPrivacyEndpoints();
        await app.StartAsync();
        return new ReportHost(app, folder);
    }

    public SessionInfo Session(string id, DateTimeOffset start, int minutes) => new()
    {
        Id = id, StartedAt = start, EndedAt = start.AddMinutes(minutes).AddSeconds(-1), LastActivityAt = start.AddMinutes(minutes).AddSeconds(-1),
        Platforms = new HashSet<Platform> { Platform.Twitch }, Title = "Cozy <b>bold</b> stream",
    };

    public ChatMessage Chat(DateTimeOffset at, string user, string text, float score = 0, Platform platform = Platform.Twitch) => new()
    {
        Platform = platform, Id = "m" + Interlocked.Increment(ref _ids), Channel = "streamer", SentAt = at, ReceivedAt = at,
        Author = new Author { Id = "id-" + user, Name = user.ToLowerInvariant(), DisplayName = user }, Text = text,
        Score = new MessageScore(score > 0.2 ? Sentiment.Positive : score < -0.2 ? Sentiment.Negative : Sentiment.Neutral, score, text.EndsWith('?'), false, 0),
    };

    /// <summary>Feeds a session through the writer as the pipeline would, and waits until it is stored.</summary>
    public async Task WriteAsync(SessionInfo session, IEnumerable<StreamEvent> events)
    {
        Writer.OnUpdate(new SessionStarted(session, false));
        foreach (var e in events) Writer.OnEvent(e, session);
        Writer.OnUpdate(new SessionEnded(session, "twitch went offline"));
        await Writer.FlushAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(Folder.Path, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }
}
