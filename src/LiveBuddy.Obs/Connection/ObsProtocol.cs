using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LiveBuddy.Obs.Connection;

/// <summary>
/// obs-websocket 5.x message shapes (github.com/obsproject/obs-websocket, docs/generated/protocol.md): every
/// message is <c>{"op": n, "d": {…}}</c>; Hello (0) → Identify (1) → Identified (2), then Events (5), Requests (6)
/// and RequestResponses (7).
/// </summary>
public static class ObsProtocol
{
    public const int RpcVersion = 1;

    public const int Hello = 0;
    public const int Identify = 1;
    public const int Identified = 2;
    public const int Event = 5;
    public const int Request = 6;
    public const int RequestResponse = 7;

    /// <summary>Close code OBS uses when the Identify's authentication string is wrong.</summary>
    public const int AuthenticationFailedCloseCode = 4009;

    /// <summary>EventSubscription bits: General (1), Scenes (4), Inputs (8), Outputs (64, stream and replay buffer), SceneItems (128).</summary>
    public const int EventSubscriptions = 1 | 4 | 8 | 64 | 128;

    /// <summary>
    /// The documented authentication string: base64(sha256(base64(sha256(password + salt)) + challenge)).
    /// </summary>
    public static string Authentication(string password, string salt, string challenge)
    {
        var secret = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(password + salt)));
        return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(secret + challenge)));
    }

    public static string IdentifyMessage(string? authentication) => new JsonObject
    {
        ["op"] = Identify,
        ["d"] = new JsonObject
        {
            ["rpcVersion"] = RpcVersion,
            ["authentication"] = authentication,
            ["eventSubscriptions"] = EventSubscriptions,
        },
    }.ToJsonString();

    public static string RequestMessage(string requestType, string requestId, JsonObject? data) => new JsonObject
    {
        ["op"] = Request,
        ["d"] = new JsonObject
        {
            ["requestType"] = requestType,
            ["requestId"] = requestId,
            ["requestData"] = data,
        },
    }.ToJsonString();

    /// <summary>Reads <c>op</c> and <c>d</c>; false for anything that is not an obs-websocket message.</summary>
    public static bool TryRead(ReadOnlySpan<byte> utf8, out int op, out JsonElement data)
    {
        op = -1;
        data = default;
        try
        {
            using var document = JsonDocument.Parse(utf8.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("op", out var o) || !o.TryGetInt32(out op)) return false;
            if (!root.TryGetProperty("d", out var d) || d.ValueKind != JsonValueKind.Object) return false;
            data = d.Clone();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

/// <summary>An OBS event (<c>eventType</c> and <c>eventData</c>).</summary>
public sealed record ObsEvent(string Type, JsonElement Data);

/// <summary>OBS answered a request with a failure (<c>requestStatus.result</c> false).</summary>
public sealed class ObsRequestFailedException(string requestType, int code, string? comment)
    : Exception($"OBS refused {requestType}: {code} {comment}")
{
    public int Code { get; } = code;
}
