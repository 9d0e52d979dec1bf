using System.Net;

namespace LiveBuddy.Twitch.Helix;

/// <summary>A Helix call failed. <see cref="Exception.Message"/> is Twitch's own <c>message</c>, fit to show a moderator.</summary>
public sealed class HelixException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}
