using Google;
using Google.Apis.Discovery;
using Google.Apis.Requests;
using Google.Apis.Services;
using Google.Apis.Util;

namespace LiveBuddy.YouTube.Api;

/// <summary>
/// The slice of the YouTube Data API v3 LiveBuddy uses, on Google's client core: retries of transport
/// failures, JSON, the API key and OAuth credentials come from <see cref="BaseClientService"/>.
/// <c>BaseUri</c> is <c>YouTube:ApiUrl</c>, so request paths are relative to <c>…/youtube/v3/</c>.
/// </summary>
public sealed class YouTubeLiveService(BaseClientService.Initializer initializer) : BaseClientService(initializer)
{
    public override string Name => "youtube";
    public override string BaseUri => BaseUriOverride ?? YouTubeOptions.DefaultApiUrl;
    public override string BasePath => "";
    public override IList<string> Features => [];
    public override string BatchUri => null!;
    public override string BatchPath => null!;

    /// <summary>Chat pages are read item by item when one item is unreadable (<see cref="ChatPageReader"/>).</summary>
    public override async Task<T> DeserializeResponse<T>(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (typeof(T) != typeof(LiveChatMessageListResponse)) return await base.DeserializeResponse<T>(response).ConfigureAwait(false);
        var json = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        LiveChatMessageListResponse page;
        try
        {
            page = ChatPageReader.Read(json, YouTubeConnection.TolerantJson, YouTubeConnection.TolerantSettings);
        }
        catch (Newtonsoft.Json.JsonException ex)
        {
            // As the base class reports a body that is not JSON: an API error the poller backs off from.
            throw new GoogleApiException(Name, "Failed to parse response from server as json", ex);
        }
        if (response.Headers.ETag?.Tag is { } eTag) page = page with { ETag = eTag };
        return (T)(object)page;
    }

    /// <summary><c>videos.list</c> with <c>part=snippet,liveStreamingDetails,statistics</c> (1 unit, whatever the parts).</summary>
    public VideosListRequest ListVideos(IEnumerable<string> videoIds) => new(this, string.Join(',', videoIds));

    /// <summary><c>liveBroadcasts.list</c> of the signed-in channel's active broadcasts (1 unit, OAuth only).</summary>
    public LiveBroadcastsListRequest ListActiveBroadcasts() => new(this);

    /// <summary><c>liveChatMessages.list</c> (5 units).</summary>
    public LiveChatMessagesListRequest ListMessages(string liveChatId, string? pageToken, int maxResults) =>
        new(this, liveChatId) { PageToken = pageToken, MaxResults = maxResults };

    /// <summary><c>liveChatMessages.insert</c> of a text message (50 units, OAuth only).</summary>
    public LiveChatMessagesInsertRequest InsertMessage(string liveChatId, string text) =>
        new(this, new LiveChatMessageInsert
        {
            Snippet = new LiveChatMessageInsertSnippet { LiveChatId = liveChatId, TextMessageDetails = new TextMessageDetails { MessageText = text } },
        });

    /// <summary><c>liveChatMessages.insert</c> of a native poll (owner only; 2–4 options, question up to 100 characters).</summary>
    public LiveChatMessagesInsertRequest InsertPoll(string liveChatId, string question, IEnumerable<string> options) =>
        new(this, new LiveChatPollInsert
        {
            Snippet = new LiveChatPollInsertSnippet
            {
                LiveChatId = liveChatId,
                PollDetails = new PollInsertDetails
                {
                    Metadata = new PollInsertMetadata
                    {
                        QuestionText = question,
                        Options = options.Select(o => new PollInsertOption { OptionText = o }).ToList(),
                    },
                },
            },
        });

    /// <summary><c>liveChatMessages.transition</c> to <c>closed</c>: ends a native poll and returns its final tallies.</summary>
    public LiveChatMessagesTransitionRequest ClosePoll(string pollMessageId) => new(this, pollMessageId);

    /// <summary><c>liveChatMessages.delete</c> (50 units, OAuth as owner or moderator).</summary>
    public LiveChatMessagesDeleteRequest DeleteMessage(string messageId) => new(this, messageId);

    /// <summary><c>liveChatBans.insert</c>: a timeout when <paramref name="duration"/> is set, else a permanent ban (50 units).</summary>
    public LiveChatBansInsertRequest InsertBan(string liveChatId, string channelId, TimeSpan? duration) =>
        new(this, new LiveChatBan
        {
            Snippet = new LiveChatBanSnippet
            {
                LiveChatId = liveChatId,
                Type = duration is null ? "permanent" : "temporary",
                BanDurationSeconds = duration is { } d
                    ? ((long)Math.Max(1, Math.Ceiling(d.TotalSeconds))).ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : null,
                BannedUserDetails = new ChannelProfileDetails { ChannelId = channelId },
            },
        });

    /// <summary><c>liveChatBans.delete</c>: lifts a ban by the id <c>liveChatBans.insert</c> returned (50 units).</summary>
    public LiveChatBansDeleteRequest DeleteBan(string banId) => new(this, banId);
}

/// <summary>Common parts of every request: the path is relative to the service's base URI.</summary>
public abstract class YouTubeRequest<TResponse>(IClientService service) : ClientServiceRequest<TResponse>(service)
{
    protected void AddQueryParameter(string name, bool required) =>
        RequestParameters.Add(name, new Parameter { Name = name, IsRequired = required, ParameterType = "query" });
}

public sealed class VideosListRequest : YouTubeRequest<VideoListResponse>
{
    internal VideosListRequest(IClientService service, string ids) : base(service)
    {
        Id = ids;
        InitParameters();
    }

    [RequestParameter("part", RequestParameterType.Query)] public string Part { get; set; } = "snippet,liveStreamingDetails,statistics";
    [RequestParameter("id", RequestParameterType.Query)] public string Id { get; }

    public override string MethodName => "list";
    public override string HttpMethod => "GET";
    public override string RestPath => "videos";

    protected override void InitParameters()
    {
        base.InitParameters();
        AddQueryParameter("part", required: true);
        AddQueryParameter("id", required: true);
    }
}

public sealed class LiveBroadcastsListRequest : YouTubeRequest<LiveBroadcastListResponse>
{
    internal LiveBroadcastsListRequest(IClientService service) : base(service) => InitParameters();

    [RequestParameter("part", RequestParameterType.Query)] public string Part { get; set; } = "id,snippet";
    // broadcastStatus is a filter on the signed-in channel's broadcasts; the API takes exactly one filter, so no `mine`.
    [RequestParameter("broadcastStatus", RequestParameterType.Query)] public string BroadcastStatus { get; set; } = "active";
    [RequestParameter("broadcastType", RequestParameterType.Query)] public string BroadcastType { get; set; } = "all";

    public override string MethodName => "list";
    public override string HttpMethod => "GET";
    public override string RestPath => "liveBroadcasts";

    protected override void InitParameters()
    {
        base.InitParameters();
        AddQueryParameter("part", required: true);
        AddQueryParameter("broadcastStatus", required: false);
        AddQueryParameter("broadcastType", required: false);
    }
}

public sealed class LiveChatMessagesListRequest : YouTubeRequest<LiveChatMessageListResponse>
{
    internal LiveChatMessagesListRequest(IClientService service, string liveChatId) : base(service)
    {
        LiveChatId = liveChatId;
        InitParameters();
    }

    [RequestParameter("liveChatId", RequestParameterType.Query)] public string LiveChatId { get; }
    [RequestParameter("part", RequestParameterType.Query)] public string Part { get; set; } = "id,snippet,authorDetails";
    [RequestParameter("pageToken", RequestParameterType.Query)] public string? PageToken { get; set; }
    [RequestParameter("maxResults", RequestParameterType.Query)] public int? MaxResults { get; set; }

    public override string MethodName => "list";
    public override string HttpMethod => "GET";
    public override string RestPath => "liveChat/messages";

    protected override void InitParameters()
    {
        base.InitParameters();
        AddQueryParameter("liveChatId", required: true);
        AddQueryParameter("part", required: true);
        AddQueryParameter("pageToken", required: false);
        AddQueryParameter("maxResults", required: false);
    }
}

public sealed class LiveChatMessagesInsertRequest : YouTubeRequest<LiveChatMessage>
{
    private readonly object _body;

    internal LiveChatMessagesInsertRequest(IClientService service, object body) : base(service)
    {
        _body = body;
        InitParameters();
    }

    [RequestParameter("part", RequestParameterType.Query)] public string Part { get; set; } = "id,snippet";

    public override string MethodName => "insert";
    public override string HttpMethod => "POST";
    public override string RestPath => "liveChat/messages";
    protected override object GetBody() => _body;

    protected override void InitParameters()
    {
        base.InitParameters();
        AddQueryParameter("part", required: true);
    }
}

public sealed class LiveChatMessagesDeleteRequest : YouTubeRequest<string>
{
    internal LiveChatMessagesDeleteRequest(IClientService service, string id) : base(service)
    {
        Id = id;
        InitParameters();
    }

    [RequestParameter("id", RequestParameterType.Query)] public string Id { get; }

    public override string MethodName => "delete";
    public override string HttpMethod => "DELETE";
    public override string RestPath => "liveChat/messages";

    protected override void InitParameters()
    {
        base.InitParameters();
        AddQueryParameter("id", required: true);
    }
}

public sealed class LiveChatBansInsertRequest : YouTubeRequest<LiveChatBan>
{
    private readonly LiveChatBan _body;

    internal LiveChatBansInsertRequest(IClientService service, LiveChatBan body) : base(service)
    {
        _body = body;
        InitParameters();
    }

    [RequestParameter("part", RequestParameterType.Query)] public string Part { get; set; } = "snippet";

    public override string MethodName => "insert";
    public override string HttpMethod => "POST";
    public override string RestPath => "liveChat/bans";
    protected override object GetBody() => _body;

    protected override void InitParameters()
    {
        base.InitParameters();
        AddQueryParameter("part", required: true);
    }
}

public sealed class LiveChatBansDeleteRequest : YouTubeRequest<string>
{
    internal LiveChatBansDeleteRequest(IClientService service, string id) : base(service)
    {
        Id = id;
        InitParameters();
    }

    [RequestParameter("id", RequestParameterType.Query)] public string Id { get; }

    public override string MethodName => "delete";
    public override string HttpMethod => "DELETE";
    public override string RestPath => "liveChat/bans";

    protected override void InitParameters()
    {
        base.InitParameters();
        AddQueryParameter("id", required: true);
    }
}
