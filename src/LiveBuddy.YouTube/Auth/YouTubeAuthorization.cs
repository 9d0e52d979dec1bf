using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Flows;
using Google.Apis.Auth.OAuth2.Requests;
using Microsoft.Extensions.Options;

namespace LiveBuddy.YouTube.Auth;

/// <summary>
/// OAuth for an installed app: the creator signs in once in a browser (loopback redirect), the token is kept
/// encrypted in the data folder and Google's library refreshes it when it expires.
/// </summary>
public sealed class YouTubeAuthorization(IOptions<YouTubeOptions> options, ProtectedTokenStore store)
{
    /// <summary>Manage the channel's live chat (insert, delete, ban) over TLS; also covers reading.</summary>
    public const string Scope = "https://www.googleapis.com/auth/youtube.force-ssl";
    private const string User = "creator";

    public bool HasClient => !string.IsNullOrWhiteSpace(options.Value.ClientId) && !string.IsNullOrWhiteSpace(options.Value.ClientSecret);

    public bool HasStoredToken => store.HasAny();

    /// <summary>The stored credential, or null when nobody has signed in (or no OAuth client is configured).</summary>
    public async Task<UserCredential?> TryLoadAsync(CancellationToken cancellationToken)
    {
        if (!HasClient || !store.HasAny()) return null;
        var flow = CreateFlow();
        var token = await flow.LoadTokenAsync(User, cancellationToken).ConfigureAwait(false);
        return token is null ? null : new UserCredential(flow, User, token);
    }

    /// <summary>Runs the browser sign-in through <paramref name="receiver"/> and stores the token.</summary>
    public async Task<UserCredential> SignInAsync(ICodeReceiver receiver, CancellationToken cancellationToken)
    {
        if (!HasClient) throw new InvalidOperationException("YouTube:ClientId and YouTube:ClientSecret are not configured.");
        var app = new AuthorizationCodeInstalledApp(CreateFlow(), receiver);
        return await app.AuthorizeAsync(User, cancellationToken).ConfigureAwait(false);
    }

    private OfflineCodeFlow CreateFlow()
    {
        var o = options.Value;
        return new OfflineCodeFlow(new AuthorizationCodeFlow.Initializer(o.AuthUrl, o.TokenUrl)
        {
            ClientSecrets = new ClientSecrets { ClientId = o.ClientId, ClientSecret = o.ClientSecret },
            Scopes = [Scope],
            DataStore = store,
        });
    }

    /// <summary>
    /// Google's flow with configurable endpoints (Google's own flow type fixes them): asks for offline access so
    /// Google returns a refresh token and the creator signs in once, not every hour.
    /// </summary>
    private sealed class OfflineCodeFlow(AuthorizationCodeFlow.Initializer initializer) : AuthorizationCodeFlow(initializer)
    {
        public override AuthorizationCodeRequestUrl CreateAuthorizationCodeRequest(string redirectUri) =>
            new GoogleAuthorizationCodeRequestUrl(new Uri(AuthorizationServerUrl))
            {
                ClientId = ClientSecrets.ClientId,
                Scope = string.Join(' ', Scopes),
                RedirectUri = redirectUri,
                AccessType = "offline",
                Prompt = "consent",
            };
    }
}
