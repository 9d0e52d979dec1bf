using LiveBuddy.Core.Sources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveBuddy.Twitch.Auth;

/// <summary>The signed-in bot account: its current access token and who it is.</summary>
public sealed record TwitchSignIn(string AccessToken, string UserId, string Login, IReadOnlyList<string> Scopes);

/// <summary>
/// Holds the bot account's token: from the encrypted store (device flow), else from <c>Twitch:AccessToken</c>.
/// Validates it, refreshes it when Twitch rejects it (saving the rotated refresh token each time), and tells
/// waiting services when a sign-in appears. Status is reported as source <c>twitch-auth</c>.
/// </summary>
public sealed partial class TwitchCredentials
{
    public const string StatusName = "twitch-auth";
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMinutes(1);

    private readonly TwitchTokenStore _store;
    private readonly TwitchAuthClient _auth;
    private readonly TwitchOptions _options;
    private readonly SourceStatusBoard _board;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TaskCompletionSource _signedIn = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _identity;
    private DateTime _storeWrittenAt;
    private StoredToken? _token;
    private TwitchSignIn? _current;
    private bool _loaded;

    public TwitchCredentials(TwitchTokenStore store, TwitchAuthClient auth, IOptions<TwitchOptions> options,
        SourceStatusBoard board, TimeProvider time, ILogger<TwitchCredentials> logger)
    {
        _store = store;
        _auth = auth;
        _options = options.Value;
        _board = board;
        _time = time;
        _logger = logger;
    }

    /// <summary>True when a client id is configured, so signing in (device flow) is possible at all.</summary>
    public bool CanSignIn => !string.IsNullOrWhiteSpace(_options.ClientId);

    /// <summary>True when a token exists (stored or configured), before it is validated.</summary>
    public bool HasToken => _current is not null || _store.Exists || !string.IsNullOrWhiteSpace(_options.AccessToken);

    /// <summary>The sign-in as last validated, without asking Twitch; null when not signed in (or not yet checked).</summary>
    public TwitchSignIn? Current => Volatile.Read(ref _current);

    /// <summary>
    /// Completes the next time the account signs in, signs out, or becomes another account or gets other scopes (not
    /// on a routine token refresh). Chat and EventSub restart on it, so a sign-in takes effect without a restart.
    /// </summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    /// <summary>The current sign-in, validating a token seen for the first time; null when not signed in.</summary>
    public async Task<TwitchSignIn?> GetAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null) return current;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current is not null) return _current;
            await LoadLockedAsync(cancellationToken).ConfigureAwait(false);
            if (_token is null) return null;
            await ValidateLockedAsync(cancellationToken).ConfigureAwait(false);
            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Completes once someone is signed in (now or later, e.g. after the device flow).</summary>
    public async Task WaitForSignInAsync(CancellationToken cancellationToken)
    {
        while (await GetAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            var signedIn = Volatile.Read(ref _signedIn).Task;
            // A token Twitch could not check (network down at start) is tried again now and then.
            using var retry = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(signedIn, Task.Delay(RetryInterval, _time, retry.Token)).ConfigureAwait(false);
            await retry.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Helix rejected <paramref name="rejectedAccessToken"/>: refresh it (once, however many callers saw the
    /// rejection). Null when no refresh is possible; the account is then signed out.
    /// </summary>
    public async Task<TwitchSignIn?> RefreshAfterRejectionAsync(string rejectedAccessToken, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current is not null && !string.Equals(_current.AccessToken, rejectedAccessToken, StringComparison.Ordinal))
                return _current; // another caller already refreshed
            return await RefreshLockedAsync(cancellationToken).ConfigureAwait(false) ? _current : null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Checks the token with Twitch (at start and hourly, as Twitch asks); refreshes or signs out when it is invalid.</summary>
    public async Task<bool> ValidateAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await LoadLockedAsync(cancellationToken).ConfigureAwait(false);
            if (_token is null) return false;
            return await ValidateLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the bot account: deletes the stored token (a configured <c>Twitch:AccessToken</c> stays ignored until restart).</summary>
    public async Task SignOutAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _store.Delete();
            _storeWrittenAt = default;
            _loaded = true;
            SignOut("signed out");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stores a token a sign-in flow just obtained and makes it current.</summary>
    internal async Task<TwitchSignIn> AcceptAsync(TokenResponse token, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _loaded = true;
            _token = new StoredToken(token.AccessToken!, token.RefreshToken, null, null, token.Scope ?? [], _time.GetUtcNow());
            if (!await ValidateLockedAsync(cancellationToken).ConfigureAwait(false))
                throw new TwitchAuthException("Twitch did not accept the new token");
            return _current!;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task LoadLockedAsync(CancellationToken cancellationToken)
    {
        if (_loaded) return;
        _loaded = true;
        _storeWrittenAt = _store.WrittenAt;
        _token = await _store.LoadAsync(cancellationToken).ConfigureAwait(false);
        // Headless setups configure the token instead of using the device flow; the stored one wins.
        if (_token is null && !string.IsNullOrWhiteSpace(_options.AccessToken))
            _token = new StoredToken(StripPrefix(_options.AccessToken), _options.RefreshToken, null, _options.BotLogin, [], _time.GetUtcNow());
    }

    private async Task SaveLockedAsync(CancellationToken cancellationToken)
    {
        await _store.SaveAsync(_token!, cancellationToken).ConfigureAwait(false);
        _storeWrittenAt = _store.WrittenAt; // our own write is not another process's sign-in
    }

    private async Task<bool> ValidateLockedAsync(CancellationToken cancellationToken)
    {
        var token = _token!;
        ValidateResponse? info;
        try
        {
            info = await _auth.ValidateAsync(token.AccessToken, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TwitchAuthException)
        {
            // Twitch unreachable: keep using what we have and try again at the next check.
            LogValidationUnavailable(ex);
            if (_current is null && token.UserId is not null)
                SetCurrent(token);
            return _current is not null;
        }
        if (info is null || string.IsNullOrEmpty(info.UserId))
        {
            LogTokenInvalid();
            return await RefreshLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        var changed = !string.Equals(token.UserId, info.UserId, StringComparison.Ordinal) || token.Login is null;
        _token = token with { UserId = info.UserId, Login = info.Login ?? token.Login, Scopes = info.Scopes ?? token.Scopes };
        if (changed) await SaveLockedAsync(cancellationToken).ConfigureAwait(false);
        SetCurrent(_token);
        LogValidated(_token.Login ?? "", info.ExpiresIn);
        return true;
    }

    private async Task<bool> RefreshLockedAsync(CancellationToken cancellationToken)
    {
        var token = _token;
        if (token?.RefreshToken is not { Length: > 0 } refreshToken || !CanSignIn)
        {
            SignOut("token rejected and no refresh token; sign in again");
            return false;
        }
        TokenResponse fresh;
        try
        {
            fresh = await _auth.RefreshAsync(_options.ClientId!, refreshToken, cancellationToken).ConfigureAwait(false);
        }
        catch (TwitchAuthException ex)
        {
            SignOut($"refresh failed: {ex.Message}");
            return false;
        }
        // Twitch rotates refresh tokens: the old one may stop working, so the new pair is saved at once.
        _token = token with { AccessToken = fresh.AccessToken!, RefreshToken = fresh.RefreshToken ?? token.RefreshToken, SavedAt = _time.GetUtcNow() };
        await SaveLockedAsync(cancellationToken).ConfigureAwait(false);
        LogRefreshed(_token.Login ?? "");
        var info = await _auth.ValidateAsync(_token.AccessToken, cancellationToken).ConfigureAwait(false);
        if (info is { UserId.Length: > 0 })
        {
            _token = _token with { UserId = info.UserId, Login = info.Login ?? _token.Login, Scopes = info.Scopes ?? _token.Scopes };
            await SaveLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        if (_token.UserId is null)
        {
            SignOut("refreshed token was not accepted");
            return false;
        }
        SetCurrent(_token);
        return true;
    }

    private void SetCurrent(StoredToken token)
    {
        var signIn = new TwitchSignIn(token.AccessToken, token.UserId!, token.Login ?? "", token.Scopes);
        Volatile.Write(ref _current, signIn);
        _board.Report(StatusName, SourceState.Connected, $"signed in as {token.Login}");
        Volatile.Read(ref _signedIn).TrySetResult();
        NoteIdentity(signIn.UserId + " " + string.Join(' ', signIn.Scopes.Order(StringComparer.Ordinal)));
    }

    private void SignOut(string reason)
    {
        Volatile.Write(ref _current, null);
        _token = null;
        Volatile.Write(ref _signedIn, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        _board.Report(StatusName, SourceState.Failed, reason + "; chat is read anonymously");
        LogSignedOut(reason);
        NoteIdentity(null);
    }

    private void NoteIdentity(string? identity)
    {
        if (string.Equals(identity, _identity, StringComparison.Ordinal)) return;
        _identity = identity;
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>
    /// Picks up a token another process stored (<c>login twitch</c> while LiveBuddy runs) or removed: when the token
    /// file changed since it was last read, it is read and validated again. True when it had changed.
    /// </summary>
    public async Task<bool> ReloadIfStoreChangedAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_loaded || _store.WrittenAt == _storeWrittenAt) return false;
            _loaded = false;
            _token = null;
            await LoadLockedAsync(cancellationToken).ConfigureAwait(false);
            if (_token is null)
            {
                if (_current is not null) SignOut("the stored token was removed");
                return true;
            }
            await ValidateLockedAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string StripPrefix(string token) =>
        token.StartsWith("oauth:", StringComparison.OrdinalIgnoreCase) ? token["oauth:".Length..] : token;

    [LoggerMessage(Level = LogLevel.Information, Message = "Twitch token valid for {Login}, expires in {ExpiresIn} s")]
    private partial void LogValidated(string login, int expiresIn);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twitch token was rejected; trying to refresh it")]
    private partial void LogTokenInvalid();

    [LoggerMessage(Level = LogLevel.Information, Message = "Twitch token refreshed for {Login}; rotated refresh token saved")]
    private partial void LogRefreshed(string login);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twitch sign-in ended: {Reason}")]
    private partial void LogSignedOut(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twitch token validation unavailable; keeping the current token")]
    private partial void LogValidationUnavailable(Exception ex);
}
