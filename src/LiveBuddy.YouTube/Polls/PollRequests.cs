using Google.Apis.Services;
using Google.Apis.Util;

namespace LiveBuddy.YouTube.Api;

/// <summary><c>POST liveChat/messages/transition?id=…&amp;status=closed</c>: closes a native poll (owner only).</summary>
public sealed class LiveChatMessagesTransitionRequest : YouTubeRequest<LiveChatMessage>
{
    internal LiveChatMessagesTransitionRequest(IClientService service, string id) : base(service)
    {
        Id = id;
        InitParameters();
    }

    [RequestParameter("id", RequestParameterType.Query)] public string Id { get; }
    /// <summary>The only transition the API offers: <c>closed</c>.</summary>
    [RequestParameter("status", RequestParameterType.Query)] public string Status { get; set; } = "closed";
    /// <summary><c>snippet</c>, so the answer carries the final tallies.</summary>
    [RequestParameter("part", RequestParameterType.Query)] public string Part { get; set; } = "id,snippet";

    public override string MethodName => "transition";
    public override string HttpMethod => "POST";
    public override string RestPath => "liveChat/messages/transition";

    protected override void InitParameters()
    {
        base.InitParameters();
        AddQueryParameter("id", required: true);
        AddQueryParameter("status", required: true);
        AddQueryParameter("part", required: false);
    }
}
