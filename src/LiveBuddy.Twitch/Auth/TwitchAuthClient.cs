using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Twitch.Auth;

/// <summary>A sign-in step failed; the message is Twitch's (or ours when Twitch said nothing useful).</summary>
public sealed class TwitchAuthException(string message) : Exception(message);

/// <summary>Talks to <c>Twitch:AuthUrl</c> (id.twitch.tv/oauth2): device codes, tokens, refresh and validation.</summary>
public sealed class TwitchAuthClient
{
    internal const string DeviceGrant = "urn:ietf:params:oauth:grant-type:device_code";
    private static readonly AuthJsonContext Json = AuthJsonContext.Default;

    private readonly HttpClient _http;

    public TwitchAuthClient(HttpClient http, IOptions<TwitchOptions> options)
    {
        _http = http;
        _http.BaseAddress ??= new Uri(options.Value.AuthUrl.TrimEnd('/') + "/");
    }

    internal async Task<DeviceCodeResponse> StartDeviceAsync(string clientId, IEnumerable<string> scopes, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent([new("client_id", clientId), new("scopes", string.Join(' ', scopes))]);
        using var response = await _http.PostAsync("device", content, cancellationToken).ConfigureAwait(false);
        var body = await ReadAsync(response, Json.DeviceCodeResponse, cancellationToken).ConfigureAwait(false);
        if (body is not { DeviceCode.Length: > 0, UserCode.Length: > 0, VerificationUri.Length: > 0 })
            throw new TwitchAuthException("Twitch returned an incomplete device code");
        return body;
    }

    /// <summary>One poll of the token endpoint: the token, or Twitch's reason it is not ready (<c>authorization_pending</c>, <c>slow_down</c>…).</summary>
    internal async Task<(TokenResponse? Token, string? Error)> PollDeviceTokenAsync(string clientId, IEnumerable<string> scopes, string deviceCode, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(
        [
            new("client_id", clientId), new("scopes", string.Join(' ', scopes)),
            new("device_code", deviceCode), new("grant_type", DeviceGrant),
        ]);
        using var response = await _http.PostAsync("token", content, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
            return (await ReadAsync(response, Json.TokenResponse, cancellationToken).ConfigureAwait(false), null);
        return (null, await ErrorMessageAsync(response, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Exchanges a refresh token; Twitch rotates it, so the answer's refresh token replaces the old one.</summary>
    internal async Task<TokenResponse> RefreshAsync(string clientId, string refreshToken, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(
        [
            new("client_id", clientId), new("grant_type", "refresh_token"), new("refresh_token", refreshToken),
        ]);
        using var response = await _http.PostAsync("token", content, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new TwitchAuthException(await ErrorMessageAsync(response, cancellationToken).ConfigureAwait(false));
        var token = await ReadAsync(response, Json.TokenResponse, cancellationToken).ConfigureAwait(false);
        return token is { AccessToken.Length: > 0 } ? token : throw new TwitchAuthException("Twitch returned no access token");
    }

    /// <summary>Who the token belongs to, or null when Twitch says it is no longer valid.</summary>
    internal async Task<ValidateResponse?> ValidateAsync(string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "validate");
        request.Headers.Authorization = new AuthenticationHeaderValue("OAuth", accessToken);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized) return null;
        if (!response.IsSuccessStatusCode)
            throw new TwitchAuthException(await ErrorMessageAsync(response, cancellationToken).ConfigureAwait(false));
        return await ReadAsync(response, Json.ValidateResponse, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T?> ReadAsync<T>(HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
            throw new TwitchAuthException(await ErrorMessageAsync(response, cancellationToken).ConfigureAwait(false));
        try
        {
            return await response.Content.ReadFromJsonAsync(info, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            throw new TwitchAuthException("Twitch sent an unreadable answer");
        }
    }

    private static async Task<string> ErrorMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var error = text.Length == 0 ? null : JsonSerializer.Deserialize(text, Json.AuthError);
            if (!string.IsNullOrEmpty(error?.Message)) return error.Message;
        }
        catch (JsonException)
        {
            // Not Twitch's JSON error shape: fall back to the status line below.
        }
        return $"{(int)response.StatusCode} {response.ReasonPhrase}";
    }
}
