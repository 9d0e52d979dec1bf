using Google.Apis.Auth.OAuth2;
using Google.Apis.Http;
using Grpc.Core;
using Google.Apis.Json;
using Google.Apis.Services;
using LiveBuddy.YouTube.Api;
using LiveBuddy.YouTube.Auth;
using LiveBuddy.YouTube.Chat.Streaming;
using Microsoft.Extensions.Options;

namespace LiveBuddy.YouTube;

/// <summary>How LiveBuddy talks to YouTube: not at all, read-only with an API key, or as the signed-in creator.</summary>
public enum YouTubeMode { Off, ApiKey, OAuth }

/// <summary>
/// Builds the one <see cref="YouTubeLiveService"/> shared by the reader and the writers, once: with the stored
/// OAuth credential when the creator has signed in (own broadcasts, replies, moderation), else with the API key.
/// </summary>
public sealed class YouTubeConnection(IOptions<YouTubeOptions> options, YouTubeAuthorization auth) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (YouTubeMode Mode, YouTubeLiveService? Service)? _current;
    private ChatStreamClient? _stream;
    private CancellationTokenSource _changed = new();
    // Replaced by a sign-in while a write may still be using them: disposed with the connection, not at once.
    private readonly List<IDisposable> _retired = [];

    /// <summary>Cancelled when the connection changes (the creator signed in): the reader then starts over with it.</summary>
    public CancellationToken Changed => _changed.Token;

    /// <summary>
    /// Forgets the current connection so the next <see cref="GetAsync"/> builds it again from what is stored now,
    /// and tells the reader (<see cref="Changed"/>). Called after a sign-in, so it takes effect without a restart.
    /// </summary>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        CancellationTokenSource old;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current?.Service is { } service) _retired.Add(service);
            if (_stream is not null) _retired.Add(_stream);
            _current = null;
            _stream = null;
            old = _changed;
            _changed = new CancellationTokenSource();
        }
        finally
        {
            _gate.Release();
        }
        await old.CancelAsync().ConfigureAwait(false);
        old.Dispose();
    }

    /// <summary>The mode and service; <see cref="YouTubeMode.Off"/> with a null service when nothing is configured.</summary>
    public async Task<(YouTubeMode Mode, YouTubeLiveService? Service)> GetAsync(CancellationToken cancellationToken)
    {
        if (_current is { } ready) return ready;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current is { } again) return again;
            var o = options.Value;
            var credential = await auth.TryLoadAsync(cancellationToken).ConfigureAwait(false);
            _current = credential is not null ? (YouTubeMode.OAuth, Create(o, credential, apiKey: null))
                : o.ApiKeyMode ? (YouTubeMode.ApiKey, Create(o, null, o.ApiKey))
                : (YouTubeMode.Off, null);
            if (_current.Value.Service is not null && o.Streams)
                _stream = new ChatStreamClient(new Uri(o.StreamUrl), credential is not null ? BearerHeaders(credential) : ApiKeyHeaders(o.ApiKey!));
            return _current.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The streamList client, once <see cref="GetAsync"/> found something to read with; null when reading by polling.</summary>
    internal ChatStreamClient? StreamClient => _stream;

    private static Func<CancellationToken, Task<Metadata>> ApiKeyHeaders(string apiKey) =>
        _ => Task.FromResult(new Metadata { { "x-goog-api-key", apiKey } });

    // The library refreshes the access token when it has expired, as it does for the JSON calls.
    private static Func<CancellationToken, Task<Metadata>> BearerHeaders(UserCredential credential) =>
        async ct => new Metadata { { "authorization", "Bearer " + await credential.GetAccessTokenForRequestAsync(cancellationToken: ct).ConfigureAwait(false) } };

    internal static YouTubeLiveService Create(YouTubeOptions o, IConfigurableHttpClientInitializer? credential, string? apiKey) =>
        new(new BaseClientService.Initializer
        {
            BaseUri = o.NormalizedApiUrl,
            ApiKey = apiKey,
            HttpClientInitializer = credential,
            ApplicationName = "LiveBuddy",
            // The library retries transport failures; HTTP errors come back to us so every attempt is counted
            // against the quota and backed off on our TimeProvider.
            DefaultExponentialBackOffPolicy = ExponentialBackOffPolicy.Exception,
            Serializer = TolerantJson,
        });

    /// <summary>The settings of <see cref="TolerantJson"/>, for reading a page item by item (<see cref="ChatPageReader"/>).</summary>
    internal static Newtonsoft.Json.JsonSerializerSettings TolerantSettings { get; } = CreateTolerantSettings();

    /// <summary>
    /// The Google client's JSON reading, tolerant inside a page's items: a value that does not convert to its
    /// field's type is left unset (the mapper then skips the item as malformed if it needed it, counted) instead
    /// of failing the whole page, which the poller would ask for again with the same page token, and so never get past.
    /// Declared after <see cref="TolerantSettings"/>: static initializers run in the order they are written.
    /// </summary>
    internal static NewtonsoftJsonSerializer TolerantJson { get; } = new(TolerantSettings);

    private static Newtonsoft.Json.JsonSerializerSettings CreateTolerantSettings()
    {
        var settings = NewtonsoftJsonSerializer.CreateDefaultSettings();
        settings.Error = (_, e) =>
        {
            // Only a value inside one item; a document that is not JSON at all still fails as a whole.
            if (e.ErrorContext.Path?.StartsWith("items[", StringComparison.Ordinal) == true && IsWrongValue(e.ErrorContext.Error))
                e.ErrorContext.Handled = true;
        };
        return settings;
    }

    // A value read whole that does not convert ("twelve" for a number, "perhaps" for a flag): the reader is past it
    // and can go on. Anything else (an object where a string belongs) leaves the reader lost inside the item: the
    // chat page is then read again item by item (ChatPageReader), so it costs only that item.
    private static bool IsWrongValue(Exception error) =>
        error is Newtonsoft.Json.JsonSerializationException
        || (error is Newtonsoft.Json.JsonReaderException && error.Message.StartsWith("Could not convert", StringComparison.Ordinal));

    public void Dispose()
    {
        _current?.Service?.Dispose();
        _stream?.Dispose();
        foreach (var retired in _retired) retired.Dispose();
        _changed.Dispose();
        _gate.Dispose();
    }
}
