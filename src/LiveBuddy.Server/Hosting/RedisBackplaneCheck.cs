using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using StackExchange.Redis;

namespace LiveBuddy.Server.Hosting;

/// <summary>
/// With <c>Redis:Connection</c> set, checks before anything else starts that Redis answers, and stops the start with one
/// clear line if it does not. Without this the host would come up with overlays that cannot connect and a warning for
/// every push: a streamer who asked for the backplane gets a refusal they can read instead of blank overlays. Redis
/// started at the same moment (<c>docker compose --profile redis up</c>) gets a few tries with backoff first
/// (<c>Redis:StartAttempts</c>, 5; <c>Redis:StartRetryDelay</c>, 1 s doubling).
/// </summary>
public sealed partial class RedisBackplaneCheck(IOptions<RedisOptions> options, IConfiguration configuration, TimeProvider time,
    ILogger<RedisBackplaneCheck> logger) : IHostedLifecycleService
{
    /// <summary>Runs before any hosted service's <c>StartAsync</c> (platform sources, pipeline, Kestrel).</summary>
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var redis = options.Value.Configuration.Clone();
        redis.AbortOnConnectFail = true;
        // Endpoints only: the connection string may carry a password.
        var endpoints = string.Join(", ", redis.EndPoints.Select(EndPointCollection.ToString));
        try
        {
            await Retry(endpoints).ExecuteAsync(async ct =>
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync(redis).WaitAsync(ct).ConfigureAwait(false);
                await connection.GetDatabase().PingAsync().WaitAsync(ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            LogReachable(endpoints);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogUnreachable(endpoints, ex.Message);
            throw new StartupRefusedException(
                $"Redis:Connection is set ({endpoints}) but Redis does not answer: {ex.Message} " +
                "Start Redis, or remove Redis:Connection to run on one machine without the backplane.", ex);
        }
    }

    private ResiliencePipeline Retry(string endpoints)
    {
        var attempts = Math.Max(1, configuration.GetValue("Redis:StartAttempts", 5));
        if (attempts == 1) return ResiliencePipeline.Empty;
        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<RedisException>().Handle<TimeoutException>(),
                MaxRetryAttempts = attempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                Delay = configuration.GetValue("Redis:StartRetryDelay", TimeSpan.FromSeconds(1)),
                OnRetry = args =>
                {
                    LogRetrying(endpoints, args.AttemptNumber + 1, attempts, args.RetryDelay.TotalSeconds);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "SignalR Redis backplane: Redis at {Endpoints} answers; overlay pushes go through it")]
    private partial void LogReachable(string endpoints);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis at {Endpoints} does not answer yet (attempt {Attempt} of {Attempts}); trying again in {Seconds} s")]
    private partial void LogRetrying(string endpoints, int attempt, int attempts, double seconds);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Redis:Connection is set ({Endpoints}) but Redis does not answer: {Reason}. LiveBuddy does not start; start Redis, or remove Redis:Connection to run on one machine")]
    private partial void LogUnreachable(string endpoints, string reason);
}

/// <summary>
/// LiveBuddy will not start as configured, and has already logged why in words a streamer can act on. The program
/// ends with exit code 1 instead of an unhandled-exception dump.
/// </summary>
public sealed class StartupRefusedException(string message, Exception? inner = null) : Exception(message, inner);
