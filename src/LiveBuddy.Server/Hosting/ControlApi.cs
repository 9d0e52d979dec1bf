using LiveBuddy.Core.Pipeline;

namespace LiveBuddy.Server.Hosting;

/// <summary>
/// How a control-page action answers: each goes through the ordered pipeline as a control request, so a poll opened
/// from the page and votes from chat never race.
/// </summary>
public static class ControlApi
{
    public static async Task<IResult> SendAsync(EventIngress ingress, ControlRequest request, CancellationToken ct)
    {
        var result = await AskAsync(ingress, request, ct);
        return result switch
        {
            ControlError error => Problem(error.Message),
            null => Results.NoContent(),
            _ => Results.Json(result),
        };
    }

    /// <summary>The pipeline's answer to a control request, for endpoints that shape their own reply; at most 10 s.</summary>
    public static Task<object?> AskAsync(EventIngress ingress, ControlRequest request, CancellationToken ct) =>
        ingress.RequestAsync(request, ct).WaitAsync(TimeSpan.FromSeconds(10), ct);

    public static IResult Problem(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not done", detail: detail);
}
