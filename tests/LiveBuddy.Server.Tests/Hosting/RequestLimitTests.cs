using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveBuddy.Server.Tests.Hosting;

/// <summary>Oversized request bodies and hub messages are refused early, counted, and cost nothing else.</summary>
public sealed class RequestLimitTests
{
    [Fact]
    public async Task Api_body_over_64_KB_is_refused_with_413_and_counted_and_a_normal_one_still_works()
    {
        await using var host = TestHost.Start();
        using var admin = host.CreateClient(admin: true);
        var huge = new { question = new string('?', 70 * 1024), options = new[] { "a", "b" } };

        var refused = await admin.PostAsJsonAsync(new Uri("/api/polls", UriKind.Relative), huge);
        // Without a Content-Length the limit holds all the same, while the body is read.
        using var chunked = new StringContent(JsonSerializer.Serialize(huge), Encoding.UTF8, "application/json");
        var chunkedRequest = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/polls", UriKind.Relative)) { Content = new StreamContent(await chunked.ReadAsStreamAsync()) };
        chunkedRequest.Content.Headers.ContentType = new("application/json");
        chunkedRequest.Headers.TransferEncodingChunked = true;
        var refusedChunked = await admin.SendAsync(chunkedRequest);
        var accepted = await admin.PostAsJsonAsync(new Uri("/api/polls", UriKind.Relative), new { question = "Which boss?", options = new[] { "Hornet", "Grimm" } });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refusedChunked.StatusCode);
        Assert.True(accepted.IsSuccessStatusCode, $"{accepted.StatusCode}: {await accepted.Content.ReadAsStringAsync()}");
        Assert.Equal(2, host.Counters.Value("http.rejected_oversized"));
    }

    [Fact]
    public async Task Oversized_hub_message_closes_only_that_connection_and_is_counted()
    {
        await using var host = TestHost.Start();
        await using var hostile = host.CreateOverlayConnection();
        await using var overlay = host.CreateOverlayConnection();
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        hostile.Closed += e => { closed.TrySetResult(e); return Task.CompletedTask; };
        var states = 0;
        overlay.On<JsonElement>("state", _ => Interlocked.Increment(ref states));
        await hostile.StartAsync();
        await overlay.StartAsync();

        // Overlays only listen; a 64 KB invocation is over the hub's message limit whatever its name.
        _ = hostile.SendAsync("Anything", new string('x', 64 * 1024));
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HubConnectionState.Disconnected, hostile.State);
        Assert.Equal(HubConnectionState.Connected, overlay.State);
        await Wait.UntilAsync(() => host.Counters.Value("hub.rejected_oversized") == 1, TimeSpan.FromSeconds(10), "the refused message should be counted");
    }
}
