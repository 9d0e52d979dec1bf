using System.Security.Cryptography;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Requests;
using Google.Apis.Auth.OAuth2.Responses;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.YouTube.Auth;

/// <summary>What <see cref="YouTubeWebLogin.StartAsync"/> hands the control page.</summary>
/// <param name="AuthorizationUrl">Google's sign-in page to open; null when a stored sign-in is still good.</param>
/// <param name="AlreadySignedIn">True when a valid token is already stored and nothing needs to be done.</param>
public sealed record YouTubeSignInStart(Uri? AuthorizationUrl, bool AlreadySignedIn);

/// <summary>How the callback page ended.</summary>
public enum YouTubeSignInOutcome { SignedIn, Refused, Failed, UnknownLink }

/// <summary>
/// Sign-in from the control page. Google sends the browser back to LiveBuddy's own callback page (a loopback
/// address, which Google accepts for desktop OAuth clients) rather than to a one-off listener on the server,
/// so it works when LiveBuddy runs without a desktop to open a browser on. One sign-in is pending at a time;
/// the random <c>state</c> in the link is what lets the unauthenticated callback through.
/// </summary>
public sealed class YouTubeWebLogin(YouTubeAuthorization auth, YouTubeConnection connection, TimeProvider time, ILogger<YouTubeWebLogin> logger)
{
    /// <summary>How long a sign-in link stays valid.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(10);

    private readonly Lock _gate = new();
    private PendingSignIn? _pending;

    /// <summary>Starts a sign-in whose callback is <paramref name="redirectUri"/>; a newer start replaces an older one.</summary>
    public async Task<YouTubeSignInStart> StartAsync(Uri redirectUri, CancellationToken cancellationToken)
    {
        if (!auth.HasClient)
            throw new InvalidOperationException(
                "YouTube sign-in needs an OAuth client of type \"Desktop app\": set YouTube:ClientId and YouTube:ClientSecret.");
        var pending = new PendingSignIn(redirectUri, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), time);
        PendingSignIn? replaced;
        lock (_gate)
        {
            replaced = _pending;
            _pending = pending;
        }
        replaced?.Abandon();
        _ = Task.Run(() => RunAsync(pending), CancellationToken.None);
        var url = await pending.AuthorizationUrl.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new YouTubeSignInStart(url, AlreadySignedIn: url is null);
    }

    /// <summary>
    /// The browser came back from Google: hands the code to the pending sign-in and waits for the token exchange.
    /// A <paramref name="state"/> that is not the pending one's changes nothing.
    /// </summary>
    public async Task<YouTubeSignInOutcome> CompleteAsync(string? state, string? code, string? error, CancellationToken cancellationToken)
    {
        PendingSignIn? pending;
        lock (_gate)
            pending = _pending is { } p && !string.IsNullOrEmpty(state) && CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(p.State), System.Text.Encoding.ASCII.GetBytes(state)) ? p : null;
        if (pending is null) return YouTubeSignInOutcome.UnknownLink;
        pending.Answer(new AuthorizationCodeResponseUrl { Code = code, State = state, Error = error });
        return await pending.Outcome.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RunAsync(PendingSignIn pending)
    {
        try
        {
            await auth.SignInAsync(pending, pending.Lifetime.Token).ConfigureAwait(false);
            logger.LogInformation("Signed in to YouTube from the control page; the token is stored encrypted");
            // At once: the reader starts over signed in (finds the active broadcast; replies and moderation work).
            await connection.ResetAsync(CancellationToken.None).ConfigureAwait(false);
            pending.Finish(YouTubeSignInOutcome.SignedIn);
        }
        catch (TokenResponseException ex) when (ex.Error?.Error is "access_denied")
        {
            logger.LogWarning("YouTube sign-in was refused in the browser");
            pending.Finish(YouTubeSignInOutcome.Refused, "YouTube sign-in was refused.");
        }
        catch (Exception ex) when (ex is TokenResponseException or HttpRequestException or OperationCanceledException or InvalidOperationException)
        {
            logger.LogWarning("YouTube sign-in from the control page failed: {Reason}", ex.Message);
            pending.Finish(YouTubeSignInOutcome.Failed, "YouTube sign-in failed: " + ex.Message);
        }
        finally
        {
            lock (_gate)
                if (ReferenceEquals(_pending, pending)) _pending = null;
            pending.Lifetime.Dispose();
        }
    }

    /// <summary>One sign-in in flight: Google's installed-app flow asks it for the code, the callback page answers.</summary>
    private sealed class PendingSignIn(Uri redirectUri, string state, TimeProvider time) : ICodeReceiver
    {
        private readonly TaskCompletionSource<AuthorizationCodeResponseUrl> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string State => state;
        public CancellationTokenSource Lifetime { get; } = new(LinkLifetime, time);
        /// <summary>The link to open, or null when the flow found a stored token and never asked for a code.</summary>
        public TaskCompletionSource<Uri?> AuthorizationUrl { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource<YouTubeSignInOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string RedirectUri => redirectUri.AbsoluteUri;

        public async Task<AuthorizationCodeResponseUrl> ReceiveCodeAsync(AuthorizationCodeRequestUrl url, CancellationToken taskCancellationToken)
        {
            url.State = state;
            AuthorizationUrl.TrySetResult(url.Build());
            return await _answer.Task.WaitAsync(taskCancellationToken).ConfigureAwait(false);
        }

        public void Answer(AuthorizationCodeResponseUrl response) => _answer.TrySetResult(response);

        public void Abandon()
        {
            try { Lifetime.Cancel(); }
            catch (ObjectDisposedException) { /* already finished */ }
        }

        public void Finish(YouTubeSignInOutcome outcome, string? failure = null)
        {
            // Finishing before a link was made means the flow never needed one (a stored token) or failed first.
            if (failure is null) AuthorizationUrl.TrySetResult(null);
            else AuthorizationUrl.TrySetException(new InvalidOperationException(failure));
            Outcome.TrySetResult(outcome);
        }
    }
}
