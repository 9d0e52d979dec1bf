namespace LiveBuddy.Server.Security;

/// <summary>Every <c>/api</c> endpoint needs <c>Authorization: Bearer &lt;admin key&gt;</c>.</summary>
public sealed class AdminKeyFilter(AccessKeys keys, LiveBuddy.Core.Pipeline.Counters counters) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        var key = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        if (!keys.IsAdminKey(key))
        {
            counters.Add("api.rejected_key");
            return ValueTask.FromResult<object?>(Results.Problem(statusCode: StatusCodes.Status401Unauthorized,
                title: "Admin key required", detail: "Send the admin key as 'Authorization: Bearer <key>'."));
        }
        return next(context);
    }
}

/// <summary>Refuses hub negotiation and WebSocket upgrade without the overlay key, before SignalR sees the request.</summary>
public sealed class OverlayKeyMiddleware(RequestDelegate next, AccessKeys keys, LiveBuddy.Core.Pipeline.Counters counters)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments(Overlays.OverlayHub.Path) && !keys.IsOverlayKey(context.Request.Query["key"].ToString()))
        {
            counters.Add("hub.rejected_key");
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        }
        return next(context);
    }
}
