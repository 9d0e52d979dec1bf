using LiveBuddy.Core.Alerts;
using LiveBuddy.Core.Events;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Core.Polls;
using LiveBuddy.Core.Qa;
using LiveBuddy.Server.Security;
using LiveBuddy.Twitch.Auth;
using LiveBuddy.YouTube.Auth;

namespace LiveBuddy.Server.Api;

/// <summary>Body of <c>POST /api/polls</c>.</summary>
public sealed record OpenPollRequest(string Question, IReadOnlyList<string> Options, int? DurationSeconds);

/// <summary>Body of <c>POST /api/alerts/test</c>: an alert kind in camelCase (<c>subscription</c>, <c>superChat</c>…).</summary>
public sealed record TestAlertRequest(string Kind, string? Platform);

/// <summary>The overlay URLs the control page shows with copy buttons.</summary>
public sealed record OverlayUrls(string OverlayKey, IReadOnlyDictionary<string, string> Urls);

/// <summary>
/// Control-page actions. Each goes through the ordered pipeline as a control request, so a poll opened
/// from the page and votes from chat never race.
/// </summary>
public static class ControlEndpoints
{
    public static RouteGroupBuilder MapControl(this RouteGroupBuilder api)
    {
        api.MapPost("/polls", (OpenPollRequest body, EventIngress ingress, CancellationToken ct) =>
            Send(ingress, new OpenPoll(body.Question ?? "", body.Options ?? [],
                body.DurationSeconds is > 0 ? TimeSpan.FromSeconds(body.DurationSeconds.Value) : null), ct));
        api.MapPost("/polls/end", (EventIngress ingress, CancellationToken ct) => Send(ingress, new EndPoll(), ct));
        api.MapPost("/polls/cancel", (EventIngress ingress, CancellationToken ct) => Send(ingress, new CancelPoll(), ct));

        api.MapPost("/qa/{id:int}/{action}", (int id, string action, EventIngress ingress, CancellationToken ct) =>
        {
            ControlRequest? request = action switch
            {
                "approve" => new ApproveQuestion(id),
                "dismiss" => new DismissQuestion(id),
                "answering" => new AnswerQuestion(id),
                "answered" => new MarkAnswered(id),
                _ => null,
            };
            return request is null
                ? Task.FromResult(Problem($"Unknown action '{action}': use approve, dismiss, answering or answered."))
                : Send(ingress, request, ct);
        });
        api.MapPost("/qa/next", (EventIngress ingress, CancellationToken ct) => Send(ingress, new NextQuestion(), ct));

        api.MapPost("/alerts/{id}/replay", (string id, EventIngress ingress, CancellationToken ct) => Send(ingress, new ReplayAlert(id), ct));
        api.MapPost("/alerts/test", (TestAlertRequest body, EventIngress ingress, CancellationToken ct) =>
        {
            if (!Enum.TryParse<AlertKind>(body.Kind, ignoreCase: true, out var kind))
                return Task.FromResult(Problem($"Unknown alert kind '{body.Kind}'."));
            var platform = PlatformNames.TryParse(body.Platform, out var p) ? p : Platform.Demo;
            return Send(ingress, new TestAlert(kind, platform), ct);
        });

        api.MapGet("/overlays", (HttpContext http, AccessKeys keys) =>
        {
            var origin = $"{http.Request.Scheme}://{http.Request.Host}";
            return Results.Json(new OverlayUrls(keys.OverlayKey,
                OverlayLinks.Widgets.ToDictionary(w => w, w => OverlayLinks.Url(origin, w, keys.OverlayKey), StringComparer.Ordinal)));
        });

        api.MapPost("/login/twitch", async (IServiceProvider services, CancellationToken ct) =>
        {
            if (services.GetService<TwitchDeviceLogin>() is not { } login)
                return Problem("Twitch sign-in is not available.");
            try
            {
                var code = await login.StartAsync(ct);
                _ = Task.Run(() => CompleteQuietlyAsync(login), CancellationToken.None);
                return Results.Json(new { verificationUri = code.VerificationUri.ToString(), userCode = code.UserCode, expiresAt = code.ExpiresAt });
            }
            catch (Exception ex) when (ex is TwitchAuthException or InvalidOperationException or HttpRequestException)
            {
                return Problem(ex.Message);
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
                return Problem(ex.Message);
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

    private static async Task<IResult> Send(EventIngress ingress, ControlRequest request, CancellationToken ct)
    {
        var result = await ingress.RequestAsync(request, ct).WaitAsync(TimeSpan.FromSeconds(10), ct);
        return result switch
        {
            ControlError error => Problem(error.Message),
            null => Results.NoContent(),
            _ => Results.Json(result),
        };
    }

    private static IResult Problem(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not done", detail: detail);
}
