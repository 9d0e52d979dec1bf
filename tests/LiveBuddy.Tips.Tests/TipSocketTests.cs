using System.Collections.Concurrent;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sources;
using LiveBuddy.Testing;
using LiveBuddy.Testing.Logging;
using LiveBuddy.Testing.Tips;
using LiveBuddy.Tips.Tips;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.Tips.Tests;

public sealed class TipSocketTests
{
    [Fact]
    public async Task A_streamlabs_donation_becomes_a_tip_alert_passed_on_money_the_platform_alert_and_a_follow_is_skipped()
    {
        await using var fake = await FakeStreamlabs.StartAsync();
        await using var tips = new TipHarness(new TipsOptions { Streamlabs = new StreamlabsOptions { SocketToken = FakeStreamlabs.SocketToken, Url = new Uri(fake.Url) } });
        await TipHarness.EventuallyAsync(() => tips.Sources.Sockets[0].Connections == 1);

        await fake.EmitAsync("event", FakeStreamlabs.Follow("follower"));
        await fake.EmitAsync("event", FakeStreamlabs.Bits("Cheerer", 500));
        await fake.EmitAsync("event", FakeStreamlabs.SuperChat("Night Owl", 5m, "USD", "love it"));
        await fake.EmitAsync("event", FakeStreamlabs.Donation(96164121, "Ann", 13.37m, "USD", "love the stream"));

        var bits = await tips.NextAsync();
        Assert.Equal((Platform.Twitch, AlertKind.Bits, 500m, "BITS", "cheerer", "streamlabs"),
            (bits.Platform, bits.Kind, bits.Amount!.Value, bits.Currency, bits.Author!.Name, bits.Origin));
        var superChat = await tips.NextAsync();
        Assert.Equal((Platform.YouTube, AlertKind.SuperChat, 5m, "USD", "love it", "Night Owl"),
            (superChat.Platform, superChat.Kind, superChat.Amount!.Value, superChat.Currency, superChat.Message, superChat.Author!.DisplayName));
        var tip = await tips.NextAsync();
        Assert.Equal((Platform.Tips, AlertKind.Tip, 13.37m, "USD", "love the stream", "Ann"),
            (tip.Platform, tip.Kind, tip.Amount!.Value, tip.Currency, tip.Message, tip.Author!.DisplayName));
        Assert.Equal("streamlabs:96164121", tip.Id);
        Assert.Equal((1, 2, 1), (tips.Counters.Value("tips.relayed_skipped"), tips.Counters.Value("tips.relayed"), tips.Counters.Value("tips.received")));
        Assert.Contains("token=" + FakeStreamlabs.SocketToken, fake.Queries.First(), StringComparison.Ordinal);
        Assert.Equal(SourceState.Connected, tips.Status.Get("tips.streamlabs")!.State);
        Assert.DoesNotContain(FakeStreamlabs.SocketToken, tips.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_streamelements_tip_arrives_after_the_jwt_sign_in_with_passed_on_money_as_platform_alerts()
    {
        await using var fake = await FakeStreamElements.StartAsync();
        await using var tips = new TipHarness(new TipsOptions { StreamElements = new StreamElementsOptions { JwtToken = FakeStreamElements.JwtToken, Url = new Uri(fake.Url) } });
        await TipHarness.EventuallyAsync(() => tips.Sources.Sockets[0].Connections == 1);

        await fake.EmitAsync("event", FakeStreamElements.Follower("f1", "follower"));
        await fake.EmitAsync("event", FakeStreamElements.Cheer("c1", "cheerer", 100));
        await fake.EmitAsync("event", FakeStreamElements.SuperChat("s1", "Night Owl", 2.5m, "EUR", "hi"));
        await fake.EmitAsync("event", FakeStreamElements.Tip("67b5f39d07ecd4c594e60f73", "Bob", 4.2m, "EUR", "for the snacks"));

        var bits = await tips.NextAsync();
        Assert.Equal((Platform.Twitch, AlertKind.Bits, 100m, "cheerer"), (bits.Platform, bits.Kind, bits.Amount!.Value, bits.Author!.Name));
        var superChat = await tips.NextAsync();
        Assert.Equal((Platform.YouTube, AlertKind.SuperChat, 2.5m, "EUR"), (superChat.Platform, superChat.Kind, superChat.Amount!.Value, superChat.Currency));
        var tip = await tips.NextAsync();
        Assert.Equal(("streamelements:67b5f39d07ecd4c594e60f73", 4.2m, "EUR", "Bob"), (tip.Id, tip.Amount!.Value, tip.Currency, tip.Author!.DisplayName));
        Assert.Equal(1, tips.Counters.Value("tips.relayed_skipped"));
        Assert.DoesNotContain(FakeStreamElements.JwtToken, tips.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_streamelements_token_shows_as_failed_and_never_leaks()
    {
        await using var fake = await FakeStreamElements.StartAsync();
        const string wrong = "eyJ.wrong-jwt-secret.zzz";
        await using var tips = new TipHarness(new TipsOptions
        {
            StreamElements = new StreamElementsOptions { JwtToken = wrong, Url = new Uri(fake.Url) },
            ReconnectDelay = TimeSpan.FromMilliseconds(20), ReconnectMaxDelay = TimeSpan.FromMilliseconds(100),
        });

        await TipHarness.EventuallyAsync(() => tips.Status.Get("tips.streamelements")?.State == SourceState.Failed);
        Assert.Equal(0, tips.Sources.Sockets[0].Connections);
        Assert.Contains("refused the token", tips.Status.Get("tips.streamelements")!.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, tips.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dropped_socket_connects_again_and_the_next_tip_arrives()
    {
        await using var fake = await FakeStreamlabs.StartAsync();
        await using var tips = new TipHarness(new TipsOptions
        {
            Streamlabs = new StreamlabsOptions { SocketToken = FakeStreamlabs.SocketToken, Url = new Uri(fake.Url) },
            ReconnectDelay = TimeSpan.FromMilliseconds(20), ReconnectMaxDelay = TimeSpan.FromMilliseconds(100),
        });
        await TipHarness.EventuallyAsync(() => tips.Sources.Sockets[0].Connections == 1);

        fake.DropAll();
        await TipHarness.EventuallyAsync(() => tips.Sources.Sockets[0].Connections == 2);
        await fake.EmitAsync("event", FakeStreamlabs.Donation(2, "Cy", 5m, "GBP", "back again"));

        Assert.Equal("streamlabs:2", (await tips.NextAsync()).Id);
    }
}

/// <summary>The real tip sources against fakes, publishing into a queue.</summary>
internal sealed class TipHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly ConcurrentQueue<Alert> _alerts = new();
    private readonly SemaphoreSlim _published = new(0);

    public TipHarness(TipsOptions options)
    {
        Sources = new TipSources(options, (alert, _) =>
        {
            _alerts.Enqueue(alert);
            _published.Release();
            return ValueTask.CompletedTask;
        }, Status, Counters, TimeProvider.System, new SingleProviderFactory(Logs));
        _running = Sources.RunAsync(_stop.Token);
    }

    public RecordingLogger Logs { get; } = new();
    public SourceStatusBoard Status { get; } = new(TimeProvider.System);
    public Counters Counters { get; } = new();
    public TipSources Sources { get; }

    public async Task<Alert> NextAsync()
    {
        await _published.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(_alerts.TryDequeue(out var alert), "no tip arrived");
        return alert;
    }

    public static Task EventuallyAsync(Func<bool> condition, double seconds = 15) => Eventually.TrueAsync(condition, seconds);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        _stop.Dispose();
    }

    private sealed class SingleProviderFactory(ILoggerProvider provider) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => provider.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }
}
