using LiveBuddy.YouTube.Auth;

namespace LiveBuddy.Server.Auth;

/// <summary>
/// Where Google sends the browser back after a control-page sign-in. It cannot carry the admin key (Google makes
/// the redirect), so it is outside <c>/api</c> and is let through only by the pending sign-in's one-time
/// <c>state</c>. The page never echoes anything from the query string.
/// </summary>
public static class YouTubeCallback
{
    public const string Path = "/login/youtube/callback";

    /// <summary>The callback address on the host and port the control page was opened at.</summary>
    public static Uri RedirectUri(HttpRequest request) => new($"{request.Scheme}://{request.Host}{Path}");

    public static IEndpointRouteBuilder MapYouTubeCallback(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, async (HttpRequest request, YouTubeWebLogin login, CancellationToken ct) =>
        {
            var q = request.Query;
            var outcome = await login.CompleteAsync(q["state"], q["code"], q["error"], ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
            return outcome switch
            {
                YouTubeSignInOutcome.SignedIn => Page(StatusCodes.Status200OK,
                    "Signed in to YouTube. The token is stored encrypted; restart LiveBuddy to read your own broadcasts. You can close this tab."),
                YouTubeSignInOutcome.Refused => Page(StatusCodes.Status400BadRequest, "YouTube sign-in was refused. Nothing was stored."),
                YouTubeSignInOutcome.Failed => Page(StatusCodes.Status502BadGateway,
                    "YouTube sign-in failed while exchanging the code with Google; LiveBuddy's log says why. Start again from the control page."),
                _ => Page(StatusCodes.Status400BadRequest,
                    "This sign-in link is not the current one (expired or already used). Start again from the control page."),
            };
        });
        return app;
    }

    private static IResult Page(int status, string message) => Results.Content(
        $"<!doctype html><meta charset=\"utf-8\"><title>LiveBuddy: YouTube sign-in</title><p>{message}</p>",
        "text/html; charset=utf-8", statusCode: status);
}
