using LiveBuddy.Server.Hosting;
using LiveBuddy.Twitch.Auth;
using LiveBuddy.YouTube.Auth;

namespace LiveBuddy.Server.Auth;

/// <summary>Signing in to Twitch and YouTube from the control page, and the YouTube callback Google redirects to.</summary>
public static class SignInEndpoints
{
    /// <summary><c>POST /api/login/twitch</c> and <c>POST /api/login/youtube</c> (admin key).</summary>
    public static IEndpointRouteBuilder MapSignInEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/login/twitch", async (IServiceProvider services, CancellationToken ct) =>
        {
            if (services.GetService<TwitchDeviceLogin>() is not { } login)
                return ControlApi.Problem("Twitch sign-in is not available.");
            try
            {
                var code = await login.StartAsync(ct);
                _ = Task.Run(() => CompleteQuietlyAsync(login), CancellationToken.None);
                return Results.Json(new { verificationUri = code.VerificationUri.ToString(), userCode = code.UserCode, expiresAt = code.ExpiresAt });
            }
            catch (Exception ex) when (ex is TwitchAuthException or InvalidOperationException or HttpRequestException)
            {
                return ControlApi.Problem(ex.Message);
            }
        });

        api.MapPost("/login/youtube", async (HttpContext http, YouTubeWebLogin login, CancellationToken ct) =>
        {
            try
            {
                var start = await login.StartAsync(YouTubeCallback.RedirectUri(http.Request), ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
                return Results.Json(new { authorizationUrl = start.AuthorizationUrl?.AbsoluteUri, alreadySignedIn = start.AlreadySignedIn });
            }
            catch (InvalidOperationException ex)
            {
                return ControlApi.Problem(ex.Message);
            }
        });
        return api;
    }

    private static async Task CompleteQuietlyAsync(TwitchDeviceLogin login)
    {
        try
        {
            await login.CompleteAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is TwitchAuthException or InvalidOperationException or HttpRequestException)
        {
            // The device login logs its own failure; the control page shows the state from /healthz.
        }
    }
}
