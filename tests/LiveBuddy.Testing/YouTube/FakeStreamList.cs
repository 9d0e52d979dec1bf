using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Grpc.Core;
using LiveBuddy.YouTube.Chat.Streaming.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.Testing.YouTube;

/// <summary>One streamList call the fake answered.</summary>
public sealed record FakeStreamRequest(string LiveChatId, string? PageToken, string? ApiKey, string? Authorization, DateTimeOffset At);

/// <summary>
/// A loopback <c>liveChatMessages.streamList</c> server (gRPC over plain-text HTTP/2) serving the same scripted chats
/// as <see cref="FakeYouTubeApi"/>, as Google's reference page describes the method: a first connection gets the
/// recent history as "a series of messages" (every page added before it, one response each), then new messages are
/// pushed as they are added, oldest first; every response carries a
/// <c>nextPageToken</c> that resumes the stream where it left off; the server ends streams now and then
/// (<see cref="EndStreams"/>). Credentials: <c>x-goog-api-key</c> metadata or <c>authorization: Bearer</c>.
/// </summary>
public sealed class FakeStreamList : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FakeYouTubeApi _api;
    private readonly ConcurrentQueue<FakeStreamRequest> _requests = new();
    private readonly ConcurrentQueue<(StatusCode Code, string Detail)> _failures = new();
    private CancellationTokenSource _endAll = new();

    private FakeStreamList(WebApplication app, FakeYouTubeApi api)
    {
        _app = app;
        _api = api;
    }

    /// <summary>Address for <c>YouTube:StreamUrl</c>.</summary>
    public string Url { get; private set; } = "";

    /// <summary>When set, every call fails as YouTube does for a key or chat that streaming is not offered to.</summary>
    public bool Unavailable { get; set; }

    /// <summary>Ends each stream as soon as it has sent what there is: the worst case for the reader's quota.</summary>
    public bool EndEachStreamWhenCaughtUp { get; set; }

    public IReadOnlyList<FakeStreamRequest> Requests => _requests.ToArray();

    /// <summary>Responses written to streams so far.</summary>
    public int ResponsesSent => Volatile.Read(ref _sent);
    private int _sent;

    internal static async Task<FakeStreamList> StartAsync(FakeYouTubeApi api, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<ServiceHolder>();
        var app = builder.Build();
        var fake = new FakeStreamList(app, api);
        app.MapGrpcService<Service>();
        app.Services.GetRequiredService<ServiceHolder>().Fake = fake;
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        fake.Url = app.Urls.First().TrimEnd('/');
        return fake;
    }

    /// <summary>Ends every open stream now, the way the server ends a stream after a while (status OK).</summary>
    public void EndStreams()
    {
        var old = Interlocked.Exchange(ref _endAll, new CancellationTokenSource());
        old.Cancel();
        old.Dispose();
    }

    /// <summary>The next call fails with this status (e.g. <c>Unavailable</c> for a dropped connection).</summary>
    public void FailNext(StatusCode code, string detail, int times = 1)
    {
        for (var i = 0; i < times; i++) _failures.Enqueue((code, detail));
    }

    private async Task StreamAsync(LiveChatMessageListRequest request, IServerStreamWriter<LiveChatMessageListResponse> writer, ServerCallContext context)
    {
        var key = context.RequestHeaders.GetValue("x-goog-api-key");
        var bearer = context.RequestHeaders.GetValue("authorization");
        _requests.Enqueue(new FakeStreamRequest(request.LiveChatId, request.HasPageToken ? request.PageToken : null, key, bearer, DateTimeOffset.UtcNow));
        if (_failures.TryDequeue(out var failure)) throw new RpcException(new Status(failure.Code, failure.Detail));
        if (Unavailable)
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                "liveChatMessages.streamList is unavailable for this API key or live chat; use liveChatMessages.list."));
        if (bearer is not null ? !string.Equals(bearer, "Bearer " + _api.AccessToken, StringComparison.Ordinal)
            : _api.RequiredApiKey is not null && !string.Equals(key, _api.RequiredApiKey, StringComparison.Ordinal))
            throw new RpcException(new Status(StatusCode.Unauthenticated, "keyInvalid: Bad Request"));
        if (!_api.TryGetChat(request.LiveChatId, out var chat))
            throw new RpcException(new Status(StatusCode.NotFound, "liveChatNotFound: The live chat that you are trying to retrieve cannot be found."));

        var index = FakeLiveChat.PageIndex(request.HasPageToken ? request.PageToken : null);
        if (index < 0) throw new RpcException(new Status(StatusCode.InvalidArgument, "pageTokenInvalid"));
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, _endAll.Token);
        try
        {
            while (true)
            {
                var changed = chat.Changed;
                // Everything from the token on, one response per page, oldest first.
                while (chat.TryGetPage(index, out var items))
                {
                    index++;
                    await writer.WriteAsync(Response(chat, items, index, offline: false), ended.Token).ConfigureAwait(false);
                    Interlocked.Increment(ref _sent);
                }
                if (chat.EndAt is not null)
                {
                    await writer.WriteAsync(Response(chat, [], index, offline: true), ended.Token).ConfigureAwait(false);
                    return;
                }
                if (EndEachStreamWhenCaughtUp) return;
                await changed.WaitAsync(ended.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
        {
            // EndStreams: the server ends this stream normally.
        }
    }

    private static LiveChatMessageListResponse Response(FakeLiveChat chat, IReadOnlyList<JsonObject> items, int next, bool offline)
    {
        var response = new LiveChatMessageListResponse
        {
            Kind = "youtube#liveChatMessageListResponse",
            Etag = "etag-" + chat.LiveChatId + "-" + next.ToString(CultureInfo.InvariantCulture),
            NextPageToken = "p" + next.ToString(CultureInfo.InvariantCulture),
            PageInfo = new PageInfo { TotalResults = items.Count, ResultsPerPage = items.Count },
        };
        foreach (var item in items) response.Items.Add(ToWire(item));
        if (chat.ActivePoll is { } poll) response.ActivePollItem = ToWire(poll);
        if (offline && chat.EndAt is { } end) response.OfflineAt = FakeYouTubeApi.Time(end);
        return response;
    }

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    /// <summary>
    /// A JSON <c>liveChatMessage</c> as its protobuf message: the JSON API's field names are the proto's JSON names;
    /// enum values differ in case (<c>textMessageEvent</c> ↔ <c>TEXT_MESSAGE_EVENT</c>), a type the schema has no
    /// value for goes out as a number, and the gift details' first JSON name is the same field as the later one.
    /// </summary>
    public static LiveChatMessage ToWire(JsonObject item)
    {
        var copy = (JsonObject)item.DeepClone();
        if (copy["snippet"] is JsonObject snippet)
        {
            if (snippet["type"]?.GetValue<string>() is { } type)
                snippet["type"] = TypeNumbers.TryGetValue(type, out var number) ? number : 99;
            if (snippet["giftEventDetails"] is { } legacy)
            {
                snippet.Remove("giftEventDetails");
                snippet["giftDetails"] = legacy;
            }
            if (snippet["userBannedDetails"] is JsonObject ban && ban["banType"]?.GetValue<string>() is { } banType)
                ban["banType"] = banType.ToUpperInvariant();
            if (snippet["pollDetails"] is JsonObject poll && poll["status"]?.GetValue<string>() is { } status)
                poll["status"] = status.ToUpperInvariant();
            if (snippet["superStickerDetails"]?["superStickerMetadata"] is JsonObject sticker && sticker["language"] is { } language)
            {
                sticker.Remove("language");
                sticker["altTextLanguage"] = language.GetValue<string>();
            }
        }
        return Parser.Parse<LiveChatMessage>(copy.ToJsonString());
    }

    private static readonly Dictionary<string, int> TypeNumbers = new(StringComparer.Ordinal)
    {
        ["textMessageEvent"] = 1, ["tombstone"] = 2, ["fanFundingEvent"] = 3, ["chatEndedEvent"] = 4,
        ["sponsorOnlyModeStartedEvent"] = 5, ["sponsorOnlyModeEndedEvent"] = 6, ["newSponsorEvent"] = 7,
        ["messageDeletedEvent"] = 8, ["messageRetractedEvent"] = 9, ["userBannedEvent"] = 10, ["superChatEvent"] = 15,
        ["superStickerEvent"] = 16, ["memberMilestoneChatEvent"] = 17, ["membershipGiftingEvent"] = 18,
        ["giftMembershipReceivedEvent"] = 19, ["pollEvent"] = 20, ["giftEvent"] = 21,
    };

    public async ValueTask DisposeAsync()
    {
        EndStreams();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _endAll.Dispose();
    }

    internal sealed class ServiceHolder
    {
        public FakeStreamList? Fake { get; set; }
    }

    internal sealed class Service(ServiceHolder holder) : V3DataLiveChatMessageService.V3DataLiveChatMessageServiceBase
    {
        public override Task StreamList(LiveChatMessageListRequest request, IServerStreamWriter<LiveChatMessageListResponse> responseStream,
            ServerCallContext context) => holder.Fake!.StreamAsync(request, responseStream, context);
    }
}
