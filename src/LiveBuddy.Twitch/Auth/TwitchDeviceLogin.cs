using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace LiveBuddy.Twitch.Auth;

/// <summary>What the streamer must do to sign the bot in: open <see cref="VerificationUri"/> and enter <see cref="UserCode"/> before <see cref="ExpiresAt"/>.</summary>
public sealed record TwitchDeviceCode(Uri VerificationUri, string UserCode, DateTimeOffset ExpiresAt);

/// <summary>
/// The OAuth device code flow for the bot account, used by <c>login twitch</c> and the control page:
/// <see cref="StartAsync"/> gets a code to show, <see cref="CompleteAsync"/> waits until the streamer approved it
/// (polling at Twitch's <c>interval</c>, slower on <c>slow_down</c>) and stores the token encrypted.
/// </summary>
public sealed partial class TwitchDeviceLogin
{
    private readonly TwitchAuthClient _auth;
    private readonly TwitchCredentials _credentials;
    private readonly TwitchOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private Pending? _pending;

    public TwitchDeviceLogin(TwitchAuthClient auth, TwitchCredentials credentials, IOptions<TwitchOptions> options,
        TimeProvider time, ILogger<TwitchDeviceLogin> logger)
    {
        _auth = auth;
        _credentials = credentials;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>The code shown right now, if a sign-in is under way and not expired.</summary>
    public TwitchDeviceCode? Current
    {
        get
        {
            lock (_lock)
                return _pending is { } p && p.Code.ExpiresAt > _time.GetUtcNow() ? p.Code : null;
        }
    }

    /// <summary>Asks Twitch for a new device code (replacing any earlier one).</summary>
    public async Task<TwitchDeviceCode> StartAsync(CancellationToken cancellationToken)
    {
        var clientId = ClientId();
        var response = await _auth.StartDeviceAsync(clientId, TwitchScopes.Requested, cancellationToken).ConfigureAwait(false);
        if (!Uri.TryCreate(response.VerificationUri, UriKind.Absolute, out var uri))
            throw new TwitchAuthException("Twitch returned an invalid verification address");
        var code = new TwitchDeviceCode(uri, response.UserCode!, _time.GetUtcNow().AddSeconds(Math.Max(1, response.ExpiresIn)));
        lock (_lock)
            _pending = new Pending(code, response.DeviceCode!, TimeSpan.FromSeconds(Math.Max(1, response.Interval)));
        LogStarted(code.ExpiresAt);
        return code;
    }

    /// <summary>Polls until the streamer approves (then stores and returns the sign-in), denies, or the code expires.</summary>
    public async Task<TwitchSignIn> CompleteAsync(CancellationToken cancellationToken)
    {
        Pending pending;
        lock (_lock)
            pending = _pending ?? throw new InvalidOperationException("Start the device login first");
        var clientId = ClientId();
        var interval = pending.Interval;
        // Polling the token endpoint is a retry of "not yet": every interval while Twitch says authorization_pending,
        // five seconds slower after each slow_down (RFC 8628 §3.5), until the code expires.
        var polling = new ResiliencePipelineBuilder<(TokenResponse? Token, string? Error)> { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions<(TokenResponse? Token, string? Error)>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { Token: null, Error: "authorization_pending" or "slow_down" }
                    && _time.GetUtcNow() + interval < pending.Code.ExpiresAt),
                MaxRetryAttempts = int.MaxValue,
                DelayGenerator = args =>
                {
                    if (args.Outcome.Result.Error is "slow_down") interval += TimeSpan.FromSeconds(5);
                    return ValueTask.FromResult<TimeSpan?>(interval);
                },
            })
            .Build();
        await Task.Delay(interval, _time, cancellationToken).ConfigureAwait(false); // nobody has typed the code yet
        var (token, error) = await polling.ExecuteAsync(
            async ct => await _auth.PollDeviceTokenAsync(clientId, TwitchScopes.Requested, pending.DeviceCode, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        if (token is { AccessToken.Length: > 0 })
        {
            var signIn = await _credentials.AcceptAsync(token, cancellationToken).ConfigureAwait(false);
            Finish(pending);
            LogSignedIn(signIn.Login);
            return signIn;
        }
        throw Fail(pending, error is "authorization_pending" or "slow_down"
            ? new TwitchAuthException("The code expired before it was entered; start the sign-in again")
            : new TwitchAuthException(error ?? "Twitch refused the sign-in"));
    }

    private void Finish(Pending pending)
    {
        lock (_lock)
        {
            if (ReferenceEquals(_pending, pending)) _pending = null;
        }
    }

    private TwitchAuthException Fail(Pending pending, TwitchAuthException error)
    {
        Finish(pending);
        return error;
    }

    private string ClientId() =>
        string.IsNullOrWhiteSpace(_options.ClientId)
            ? throw new TwitchAuthException("Twitch:ClientId is not configured; register an application at dev.twitch.tv/console")
            : _options.ClientId;

    /// <summary>
    /// The <c>login twitch</c> verb: prints the code, waits for approval, prints who signed in.
    /// Returns the process exit code (0 signed in, 1 refused or expired, 2 not configured).
    /// </summary>
    public static async Task<int> RunLoginAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var login = services.GetRequiredService<TwitchDeviceLogin>();
        if (string.IsNullOrWhiteSpace(login._options.ClientId))
        {
            await output.WriteLineAsync("Twitch:ClientId is not set. Register an application (public client) at https://dev.twitch.tv/console and put its client id in config.").ConfigureAwait(false);
            return 2;
        }
        try
        {
            var code = await login.StartAsync(cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"Open {code.VerificationUri} and enter the code {code.UserCode} (valid until {code.ExpiresAt.ToLocalTime():HH:mm}).").ConfigureAwait(false);
            await output.WriteLineAsync("Waiting for you to approve…").ConfigureAwait(false);
            var signIn = await login.CompleteAsync(cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"Signed in as {signIn.Login}. The token is stored encrypted in the data folder.").ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is TwitchAuthException or HttpRequestException)
        {
            await output.WriteLineAsync($"Twitch sign-in failed: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private sealed record Pending(TwitchDeviceCode Code, string DeviceCode, TimeSpan Interval);

    [LoggerMessage(Level = LogLevel.Information, Message = "Twitch device sign-in started; code valid until {ExpiresAt}")]
    private partial void LogStarted(DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Twitch device sign-in completed for {Login}")]
    private partial void LogSignedIn(string login);
}
