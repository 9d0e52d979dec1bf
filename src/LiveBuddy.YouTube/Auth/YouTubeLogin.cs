using Google.Apis.Auth.OAuth2;
using Microsoft.Extensions.DependencyInjection;

namespace LiveBuddy.YouTube.Auth;

/// <summary>The <c>login youtube</c> CLI verb.</summary>
public static class YouTubeLogin
{
    /// <summary>
    /// Signs the creator in with Google in the browser (loopback redirect on 127.0.0.1) and stores the token
    /// encrypted in the data folder. Returns the process exit code: 0 signed in, 2 not configured, 1 failed.
    /// </summary>
    public static Task<int> RunLoginAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken) =>
        RunLoginAsync(services, output, new LocalServerCodeReceiver(), cancellationToken);

    /// <summary>Same, with the code receiver given (tests answer the browser step themselves).</summary>
    public static async Task<int> RunLoginAsync(IServiceProvider services, TextWriter output, ICodeReceiver receiver, CancellationToken cancellationToken)
    {
        var auth = services.GetRequiredService<YouTubeAuthorization>();
        if (!auth.HasClient)
        {
            await output.WriteLineAsync(
                "YouTube sign-in needs an OAuth client: in the Google Cloud console create an OAuth client of type " +
                "\"Desktop app\", enable the YouTube Data API v3, then set YouTube:ClientId and YouTube:ClientSecret " +
                "(or env YouTube__ClientId / YouTube__ClientSecret) and run `login youtube` again.").ConfigureAwait(false);
            return 2;
        }
        await output.WriteLineAsync("Opening the browser to sign in with Google. If it does not open, the address is printed below.").ConfigureAwait(false);
        try
        {
            await auth.SignInAsync(new PrintingCodeReceiver(receiver, output), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Google.Apis.Auth.OAuth2.Responses.TokenResponseException or HttpRequestException or InvalidOperationException)
        {
            await output.WriteLineAsync("YouTube sign-in failed: " + ex.Message).ConfigureAwait(false);
            return 1;
        }
        await output.WriteLineAsync("Signed in to YouTube. The token is stored encrypted in the data folder; restart LiveBuddy to read your own broadcasts.").ConfigureAwait(false);
        return 0;
    }

    /// <summary>Prints the sign-in address (headless machines have no browser to open) before handing over.</summary>
    private sealed class PrintingCodeReceiver(ICodeReceiver inner, TextWriter output) : ICodeReceiver
    {
        public string RedirectUri => inner.RedirectUri;

        public async Task<Google.Apis.Auth.OAuth2.Responses.AuthorizationCodeResponseUrl> ReceiveCodeAsync(
            Google.Apis.Auth.OAuth2.Requests.AuthorizationCodeRequestUrl url, CancellationToken taskCancellationToken)
        {
            await output.WriteLineAsync(url.Build().AbsoluteUri).ConfigureAwait(false);
            return await inner.ReceiveCodeAsync(url, taskCancellationToken).ConfigureAwait(false);
        }
    }
}
