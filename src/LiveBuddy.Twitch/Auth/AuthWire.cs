using System.Text.Json.Serialization;

namespace LiveBuddy.Twitch.Auth;

// id.twitch.tv/oauth2 response bodies (dev.twitch.tv/docs/authentication).

internal sealed record DeviceCodeResponse(string? DeviceCode, int ExpiresIn, int Interval, string? UserCode, string? VerificationUri);

internal sealed record TokenResponse(string? AccessToken, string? RefreshToken, int? ExpiresIn, IReadOnlyList<string>? Scope, string? TokenType);

internal sealed record AuthError(int Status, string? Message);

internal sealed record ValidateResponse(string? ClientId, string? Login, IReadOnlyList<string>? Scopes, string? UserId, int ExpiresIn);

/// <summary>What the encrypted token file holds.</summary>
internal sealed record StoredToken(string AccessToken, string? RefreshToken, string? UserId, string? Login, IReadOnlyList<string> Scopes, DateTimeOffset SavedAt);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(DeviceCodeResponse))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(AuthError))]
[JsonSerializable(typeof(ValidateResponse))]
[JsonSerializable(typeof(StoredToken))]
internal sealed partial class AuthJsonContext : JsonSerializerContext;
