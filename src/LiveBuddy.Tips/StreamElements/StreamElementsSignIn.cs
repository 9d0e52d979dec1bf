using LiveBuddy.Tips.SocketIo;

namespace LiveBuddy.Tips.StreamElements;

/// <summary>StreamElements' sign-in after connecting: emit <c>authenticate {method: "jwt", token}</c>, then wait for <c>authenticated</c> or <c>unauthorized</c>.</summary>
public static class StreamElementsSignIn
{
    public static async Task SignInAsync(SocketIOClient.SocketIO client, string jwt, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.On("authenticated", _ => answer.TrySetResult(true));
        client.On("unauthorized", _ => answer.TrySetResult(false));
        await client.EmitAsync("authenticate", cancellationToken, new Dictionary<string, string> { ["method"] = "jwt", ["token"] = jwt }).ConfigureAwait(false);
        if (!await answer.Task.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken).ConfigureAwait(false))
            throw new TipTokenRefusedException(StreamElementsEvents.Service);
    }
}
