using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveBuddy.Server.Tests.Hosting;
using LiveBuddy.Testing.YouTube;
using LiveBuddy.YouTube.Auth;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace LiveBuddy.Server.Tests.Auth;

/// <summary>
/// The control page's "Sign in YouTube": the real host hands out Google's sign-in link, the test plays Google by
/// sending the browser back to the link's redirect address, and the host exchanges the code at the fake token endpoint.
/// </summary>
public sealed class YouTubeSignInTests : IAsyncLifetime
{
    private FakeYouTubeApi _google = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _google = await FakeYouTubeApi.StartAsync();
        _host = TestHost.Start(new Dictionary<string, string?>
        {
            ["YouTube:ClientId"] = "client-id.apps.googleusercontent.com",
            ["YouTube:ClientSecret"] = "client-secret",
            ["YouTube:AuthUrl"] = _google.AuthUrl,
            ["YouTube:TokenUrl"] = _google.TokenUrl,
            ["YouTube:ApiUrl"] = _google.ApiUrl,
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _google.DisposeAsync();
    }

    private bool SignedIn => _host.Services.GetRequiredService<YouTubeAuthorization>().HasStoredToken;

    private async Task<Uri> StartSignInAsync()
    {
        using var admin = _host.CreateClient(admin: true);
        using var response = await admin.PostAsync("/api/login/youtube", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(body.RootElement.GetProperty("alreadySignedIn").GetBoolean());
        return new Uri(body.RootElement.GetProperty("authorizationUrl").GetString()!);
    }

    /// <summary>What Google does after the creator agrees: redirect to <c>redirect_uri</c> with the code and the state.</summary>
    private static Uri GoogleRedirect(Uri signInLink, string code, string? state = null, string? error = null)
    {
        var query = QueryHelpers.ParseQuery(signInLink.Query);
        var back = query["redirect_uri"].ToString();
        back = QueryHelpers.AddQueryString(back, error is null ? "code" : "error", error ?? code);
        return new Uri(QueryHelpers.AddQueryString(back, "state", state ?? query["state"].ToString()));
    }

    [Fact]
    public async Task Control_page_sign_in_stores_the_token_when_google_sends_the_browser_back()
    {
        var link = await StartSignInAsync();

        Assert.StartsWith(_google.AuthUrl, link.AbsoluteUri, StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(link.Query);
        Assert.Equal(new Uri(_host.BaseUrl, "/login/youtube/callback").AbsoluteUri, query["redirect_uri"].ToString());
        Assert.Equal("offline", query["access_type"].ToString());
        Assert.Equal(32, query["state"].ToString().Length);
        Assert.False(SignedIn);

        using var browser = new HttpClient(); // no admin key: Google's redirect cannot carry one
        using var page = await browser.GetAsync(GoogleRedirect(link, _google.AuthorizationCode));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Signed in to YouTube", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(SignedIn);
        var stored = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(Path.Combine(_host.DataPath, "youtube-tokens"))));
        Assert.DoesNotContain(_google.AccessToken, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(_google.RefreshToken, stored, StringComparison.Ordinal);

        // The link is used up, and signing in again says so instead of asking Google a second time.
        using var again = await browser.GetAsync(GoogleRedirect(link, _google.AuthorizationCode));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        using var admin = _host.CreateClient(admin: true);
        var second = await admin.PostAsync("/api/login/youtube", null);
        using var body = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.GetProperty("alreadySignedIn").GetBoolean());
    }

    [Fact]
    public async Task A_callback_with_another_state_is_refused_and_stores_nothing()
    {
        var link = await StartSignInAsync();
        using var browser = new HttpClient();

        using var forged = await browser.GetAsync(GoogleRedirect(link, _google.AuthorizationCode, state: new string('0', 32)));
        using var bare = await browser.GetAsync(new Uri(_host.BaseUrl, "/login/youtube/callback?code=" + _google.AuthorizationCode));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("not the current one", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
        Assert.False(SignedIn);
    }

    [Fact]
    public async Task Refusing_in_the_browser_or_a_bad_code_stores_nothing_and_says_so()
    {
        using var browser = new HttpClient();
        var refusedLink = await StartSignInAsync();
        using var refused = await browser.GetAsync(GoogleRedirect(refusedLink, "", error: "access_denied"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("refused", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var badCodeLink = await StartSignInAsync();
        using var badCode = await browser.GetAsync(GoogleRedirect(badCodeLink, "not-the-code"));
        Assert.Equal(HttpStatusCode.BadGateway, badCode.StatusCode);
        Assert.False(SignedIn);
    }

    [Fact]
    public async Task Starting_a_sign_in_needs_the_admin_key_and_a_configured_client()
    {
        using var anonymous = _host.CreateClient();
        using var refused = await anonymous.PostAsync("/api/login/youtube", null);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        await using var unconfigured = TestHost.Start();
        using var admin = unconfigured.CreateClient(admin: true);
        using var response = await admin.PostAsync("/api/login/youtube", null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("YouTube:ClientId", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
