using System.Runtime.CompilerServices;
using Grpc.Core;
using Grpc.Net.Client;
using W = LiveBuddy.YouTube.Chat.Streaming.Wire;

namespace LiveBuddy.YouTube.Chat.Streaming;

/// <summary>
/// <c>liveChatMessages.streamList</c> over gRPC (<c>YouTube:StreamUrl</c>, Google's <c>youtube.googleapis.com</c> by
/// default). Each call is one stream: the server sends the chat's recent history, then new messages as they come,
/// and ends the stream after a while; every response carries the <c>nextPageToken</c> to reopen from. Credentials go
/// in the call's headers: <c>x-goog-api-key</c> for an API key, <c>authorization: Bearer</c> for the signed-in creator.
/// </summary>
internal sealed class ChatStreamClient : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly W.V3DataLiveChatMessageService.V3DataLiveChatMessageServiceClient _client;
    private readonly Func<CancellationToken, Task<Metadata>> _headers;

    public ChatStreamClient(Uri address, Func<CancellationToken, Task<Metadata>> headers)
    {
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                // A stream can sit quiet for minutes in a slow chat: pings keep NATs and proxies from dropping it.
                KeepAlivePingDelay = TimeSpan.FromSeconds(60),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
                EnableMultipleHttp2Connections = true,
            },
            // Retries are ours (Polly, counted against the quota), not the channel's.
            MaxRetryAttempts = 0,
        });
        _client = new W.V3DataLiveChatMessageService.V3DataLiveChatMessageServiceClient(_channel);
        _headers = headers;
    }

    /// <summary>Opens one stream from <paramref name="pageToken"/> (null: from the recent history) and yields its responses.</summary>
    public async IAsyncEnumerable<Api.LiveChatMessageListResponse> StreamAsync(string liveChatId, string? pageToken,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new W.LiveChatMessageListRequest { LiveChatId = liveChatId };
        request.Part.Add(["id", "snippet", "authorDetails"]);
        if (!string.IsNullOrEmpty(pageToken)) request.PageToken = pageToken;
        var headers = await _headers(cancellationToken).ConfigureAwait(false);
        using var call = _client.StreamList(request, headers, cancellationToken: cancellationToken);
        while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
            yield return WireTranslation.ToResource(call.ResponseStream.Current);
    }

    public void Dispose() => _channel.Dispose();
}
