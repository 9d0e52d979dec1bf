using Grpc.Core;

namespace LiveBuddy.YouTube.Chat.Streaming;

/// <summary>What a failed streamList call means for the reader.</summary>
internal enum StreamErrorKind
{
    /// <summary>Worth another try soon (server busy, connection lost): Polly retries it with back-off.</summary>
    Transient,
    /// <summary>streamList is not offered for this key, project or chat: read with <c>liveChatMessages.list</c> instead.</summary>
    StreamingUnavailable,
    QuotaExceeded,
    ChatEnded,
    /// <summary>Chat not found, no permission, bad key: trying again will not help; say so and look again later.</summary>
    Permanent,
}

/// <summary>
/// Sorts gRPC failures the way the JSON API's error reasons are sorted. Google's gRPC errors carry the JSON API's
/// reason (<c>quotaExceeded</c>, <c>liveChatEnded</c>) in the status detail.
/// </summary>
internal static class StreamErrors
{
    public static StreamErrorKind Classify(RpcException ex)
    {
        var detail = ex.Status.Detail ?? "";
        if (Has(detail, "quotaExceeded") || Has(detail, "dailyLimitExceeded")) return StreamErrorKind.QuotaExceeded;
        if (Has(detail, "liveChatEnded")) return StreamErrorKind.ChatEnded;
        switch (ex.StatusCode)
        {
            case StatusCode.Unimplemented:
                return StreamErrorKind.StreamingUnavailable;
            case StatusCode.PermissionDenied or StatusCode.FailedPrecondition
                when (Has(detail, "stream") && (Has(detail, "unavailable") || Has(detail, "not available") || Has(detail, "not enabled") || Has(detail, "disabled"))):
                return StreamErrorKind.StreamingUnavailable;
            case StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.DeadlineExceeded
                or StatusCode.Aborted or StatusCode.ResourceExhausted:
                return StreamErrorKind.Transient;
            default:
                return StreamErrorKind.Permanent;
        }
    }

    public static bool IsTransient(RpcException ex) => Classify(ex) == StreamErrorKind.Transient;

    private static bool Has(string text, string part) => text.Contains(part, StringComparison.OrdinalIgnoreCase);
}
