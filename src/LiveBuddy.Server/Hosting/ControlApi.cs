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
        var result = await ingress.RequestAsync(request, ct).WaitAsync(TimeSpan.FromSeconds(10), ct);
        return result switch
        {
            ControlError error => Problem(error.Message),
            null => Results.NoContent(),
            _ => Results.Json(result),
        };
    }

    public static IResult Problem(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not done", detail: detail);
}
