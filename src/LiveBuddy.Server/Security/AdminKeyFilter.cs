namespace LiveBuddy.Server.Security;

/// <summary>Every <c>/api</c> endpoint (and <c>/metrics</c>) needs <c>Authorization: Bearer &lt;admin key&gt;</c>.</summary>
public sealed class AdminKeyFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        HasAdminKey(context.HttpContext) ? next(context) : ValueTask.FromResult<object?>(Refuse(context.HttpContext));

    public static bool HasAdminKey(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var key = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        return context.RequestServices.GetRequiredService<AccessKeys>().IsAdminKey(key);
    }

    /// <summary>Counts the refusal (<c>api.rejected_key</c>) and answers 401.</summary>
    public static IResult Refuse(HttpContext context)
    {
        context.RequestServices.GetRequiredService<LiveBuddy.Core.Pipeline.Counters>().Add("api.rejected_key");
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized,
            title: "Admin key required", detail: "Send the admin key as 'Authorization: Bearer <key>'.");
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
