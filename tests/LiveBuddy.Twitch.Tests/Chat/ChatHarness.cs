using System.Threading.Channels;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Sessions;
using LiveBuddy.Core.Sources;
using LiveBuddy.Testing.Twitch;
using LiveBuddy.Twitch.Chat;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Twitch.Tests.Chat;

/// <summary>Options that never change, for code that reads an <see cref="IOptionsMonitor{T}"/>.</summary>
internal sealed class FixedOptions<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;
    public T Get(string? name) => value;
    public IDisposable? OnChange(Action<T, string?> listener) => null;
}

/// <summary>Records what reaches the end of the real pipeline (after its dedupe).</summary>
internal sealed class RecordingSink : IPipelineSink
{
    public Channel<StreamEvent> Events { get; } = Channel.CreateUnbounded<StreamEvent>();
    public void OnEvent(StreamEvent streamEvent, SessionInfo? session) => Events.Writer.TryWrite(streamEvent);
    public void OnUpdate(LiveUpdate update) { }
}

/// <summary>
/// A connection to a fake Twitch chat server, feeding a real EventIngress drained by a real EventPipeline,
/// so tests see exactly what features would see.
/// </summary>
internal sealed class ChatHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pipelineRun;
    private Task _run = Task.CompletedTask;

    private ChatHarness(FakeTwitchChatServer server, TwitchOptions twitch, TwitchChatOptions? options, TimeProvider time)
    {
        Server = server;
        Time = time;
        Status = new SourceStatusBoard(time);
        Ingress = new EventIngress(Counters);
        var pipeline = new EventPipeline(Ingress, new SessionTracker(time, new SessionRules()), [], [Sink], Counters, time, NullLogger<EventPipeline>.Instance);
        _pipelineRun = Task.Run(() => pipeline.RunAsync(_stop.Token));
        var monitor = new FixedOptions<TwitchOptions>(twitch with { ChatUrl = server.Url.ToString() });
        Intake = new TwitchChatIntake(Ingress, monitor, Counters);
        Room = new TwitchChatRoomState(Counters, time, NullLogger<TwitchChatRoomState>.Instance);
        Connection = new TwitchChatConnection(monitor, Options.Create(options ?? FastOptions), Intake, Room, Counters, Status, time,
            NullLogger<TwitchChatConnection>.Instance);
        Sender = new TwitchChatSender(Connection, Room, Intake, monitor, Counters, time, NullLogger<TwitchChatSender>.Instance);
    }

    public static TwitchChatOptions FastOptions { get; } = new()
    {
        ReconnectDelayMin = TimeSpan.FromMilliseconds(5),
        ReconnectDelayMax = TimeSpan.FromMilliseconds(20),
        HandoverTimeout = TimeSpan.FromSeconds(5),
    };

    public static TwitchOptions Bot { get; } = new() { Channels = ["chan"], BotLogin = "LiveBuddyBot", AccessToken = "secret-token" };
    public static TwitchOptions Anonymous { get; } = new() { Channels = ["chan"] };

    public FakeTwitchChatServer Server { get; }
    public TimeProvider Time { get; }
    public Counters Counters { get; } = new();
    public SourceStatusBoard Status { get; }
    public EventIngress Ingress { get; }
    public RecordingSink Sink { get; } = new();
    public TwitchChatIntake Intake { get; }
    public TwitchChatRoomState Room { get; }
    public TwitchChatConnection Connection { get; }
    public TwitchChatSender Sender { get; }
    /// <summary>Ten seconds: a deadline for waits that should finish in milliseconds, never a sleep.</summary>
    public CancellationToken Deadline { get; } = new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;

    public static async Task<ChatHarness> StartAsync(TwitchOptions? twitch = null, TwitchChatOptions? options = null, TimeProvider? time = null, bool run = true)
    {
        var server = await FakeTwitchChatServer.StartAsync();
        var harness = new ChatHarness(server, twitch ?? Bot, options, time ?? TimeProvider.System);
        if (run) harness.Run();
        return harness;
    }

    public void Run() => _run = Task.Run(() => Connection.RunAsync(_stop.Token));

    /// <summary>The next connected client, once it has joined <c>#chan</c>.</summary>
    public async Task<FakeTwitchChatClient> JoinedClientAsync()
    {
        var client = await Server.NextClientAsync(Deadline);
        await client.WaitForJoinAsync("chan", Deadline);
        return client;
    }

    /// <summary>Waits until the connection counts itself connected (the client side saw the welcome and sent JOIN).</summary>
    public async Task ConnectedAsync()
    {
        while (Status.Get(TwitchChatConnection.SourceName)?.State != SourceState.Connected)
            await Task.Delay(5, Deadline);
    }

    /// <summary>The next event of type <typeparamref name="T"/> out of the pipeline (others are skipped).</summary>
    public async Task<T> NextAsync<T>() where T : StreamEvent
    {
        while (true)
        {
            var e = await Sink.Events.Reader.ReadAsync(Deadline);
            if (e is T match) return match;
        }
    }

    /// <summary>Chat messages until one with the given text arrives (that one included).</summary>
    public async Task<List<ChatMessage>> ChatUntilAsync(string lastText)
    {
        var seen = new List<ChatMessage>();
        while (true)
        {
            var chat = await NextAsync<ChatMessage>();
            seen.Add(chat);
            if (chat.Text == lastText) return seen;
        }
    }

    public static string Privmsg(string id, string text, string channel = "chan") =>
        $"@badge-info=;badges=;color=#FF0000;display-name=Viewer;emotes=;id={id};room-id=1;tmi-sent-ts=1700000000000;user-id=7 :viewer!viewer@viewer.tmi.twitch.tv PRIVMSG #{channel} :{text}";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }
        Ingress.Complete();
        try
        {
            await _pipelineRun.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }
        await Server.DisposeAsync();
        _stop.Dispose();
    }
}
