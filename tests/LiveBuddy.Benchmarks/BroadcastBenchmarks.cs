using System.Buffers;
using BenchmarkDotNet.Attributes;
using LiveBuddy.Core.Events;
using LiveBuddy.Server.Overlays;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Benchmarks;

/// <summary>
/// What one overlay chat push costs the server: the hub payload built from the chat line, and the SignalR JSON
/// invocation written once (SignalR serializes a broadcast once per protocol, not once per connection), with the
/// options the host configures. A badged line with an emote, as the load tool sends.
/// </summary>
[MemoryDiagnoser]
public class BroadcastBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private JsonHubProtocol _protocol = null!;
    private ChatMessage _chat = null!;
    private ChatPayload _payload = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new JsonHubProtocolOptions();
        options.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
        _protocol = new JsonHubProtocol(Options.Create(options));
        var now = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        _chat = new ChatMessage
        {
            Platform = Platform.Twitch, Id = "7c3e4f5a-1b2c-4d3e-9f8a-0b1c2d3e4f5a", Channel = "pajlada", SentAt = now, ReceivedAt = now,
            Author = new Author
            {
                Id = "123456789", Name = "streamfan42", DisplayName = "StreamFan42", Color = "#1E90FF", Roles = ViewerRoles.Subscriber,
                Badges = [new Badge("subscriber", "24"), new Badge("premium", "1")],
            },
            Text = "that was close Kappa what a play",
            Fragments =
            [
                new MessageFragment("that was close "),
                new MessageFragment("Kappa", new Emote("25", "Kappa", "https://static-cdn.jtvnw.net/emoticons/v2/25/default/dark/1.0")),
                new MessageFragment(" what a play"),
            ],
            Score = new MessageScore(Sentiment.Positive, 0.6f, false, false, 0.02f),
        };
        _payload = ChatPayload.From(_chat);
    }

    /// <summary>Building the hub payload from the chat line (done at flush time, only for lines shown).</summary>
    [Benchmark]
    public ChatPayload BuildPayload() => ChatPayload.From(_chat);

    /// <summary>Writing the <c>chat</c> invocation as SignalR's JSON protocol sends it.</summary>
    [Benchmark(Baseline = true)]
    public int SerializeInvocation()
    {
        _buffer.ResetWrittenCount();
        _protocol.WriteMessage(new InvocationMessage(OverlayMethods.Chat, [_payload]), _buffer);
        return _buffer.WrittenCount;
    }
}
