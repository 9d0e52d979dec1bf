using System.Net.WebSockets;
using System.Text;

namespace LiveBuddy.Testing;

/// <summary>Reads one whole text message from a fake server's socket; null when the client closed.</summary>
public static class WebSocketText
{
    public static async Task<string?> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            length += result.Count;
            if (result.EndOfMessage) return Encoding.UTF8.GetString(buffer, 0, length);
        }
    }
}
