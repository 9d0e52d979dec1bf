using System.Net;
using LiveBuddy.Core.Sources;
using LiveBuddy.Twitch.Auth;
using LiveBuddy.Twitch.Helix;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace LiveBuddy.Twitch.ChannelPoints;

/// <summary>
/// Creates or updates the rewards declared in <c>Twitch:Rewards</c> on the first configured channel once the streamer is
/// signed in, and again on every sign-in change. Rewards are matched by title among the ones this app may manage (Twitch
/// lets only the app that created a reward change it). Status: source <c>twitch-channel-points</c>, which the control page
/// and <c>/healthz</c> show ("3 rewards ready", or Twitch's reason and what to do).
/// </summary>
public sealed partial class TwitchRewardSync(HelixClient helix, TwitchCredentials credentials, ManagedRewards managed,
    IOptions<ChannelPointsOptions> rewards, IOptions<TwitchOptions> twitch, SourceStatusBoard board, TimeProvider time,
    ILogger<TwitchRewardSync> logger) : BackgroundService
{
    public const string StatusName = "twitch-channel-points";
    public const string Scope = "channel:manage:redemptions";

    private readonly IReadOnlyList<RewardOptions> _rewards = rewards.Value.Rewards.Where(r => !string.IsNullOrWhiteSpace(r.Title)).ToList();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_rewards.Count == 0 || !twitch.Value.Enabled) return;
        board.Report(StatusName, SourceState.Starting, "waiting for the streamer to sign in to Twitch");
        // Twitch unreachable or failing (network, 5xx): try again with backoff; a refusal (scope, wrong account) waits for a new sign-in.
        var retry = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>()
                    .Handle<HelixException>(e => (int)e.Status >= 500)
                    .Handle<TaskCanceledException>(_ => !stoppingToken.IsCancellationRequested),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(5),
                MaxDelay = TimeSpan.FromMinutes(5),
                OnRetry = args =>
                {
                    var reason = args.Outcome.Exception?.Message ?? "no answer";
                    board.Report(StatusName, SourceState.Reconnecting, $"Twitch is not answering ({reason}); trying again in {args.RetryDelay.TotalSeconds:F0} s");
                    LogUnreachable(reason);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var changed = credentials.Changed;
                await credentials.WaitForSignInAsync(stoppingToken).ConfigureAwait(false);
                try
                {
                    await retry.ExecuteAsync(SyncAsync, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HelixException or TwitchAuthException)
                {
                    var detail = Explain(ex);
                    board.Report(StatusName, SourceState.Failed, detail);
                    LogRefused(detail);
                }
                await changed.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>One pass: find our rewards, create the missing ones, update the ones that differ from the configuration.</summary>
    public async ValueTask SyncAsync(CancellationToken cancellationToken)
    {
        var channel = twitch.Value.Channels.First(c => !string.IsNullOrWhiteSpace(c));
        var broadcaster = await helix.GetUserAsync(channel, cancellationToken).ConfigureAwait(false)
            ?? throw new HelixException(HttpStatusCode.NotFound, $"Twitch does not know the channel {channel}");
        var ours = await helix.GetManageableRewardsAsync(broadcaster.Id, cancellationToken).ConfigureAwait(false);
        var ids = new List<string>();
        var problems = new List<string>();
        int created = 0, updated = 0;
        foreach (var reward in _rewards.DistinctBy(r => r.Title.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            var settings = Settings(reward);
            var existing = ours.FirstOrDefault(r => string.Equals(r.Title, settings.Title, StringComparison.OrdinalIgnoreCase));
            try
            {
                if (existing is null)
                {
                    ids.Add((await helix.CreateRewardAsync(broadcaster.Id, settings, cancellationToken).ConfigureAwait(false)).Id);
                    created++;
                }
                else
                {
                    ids.Add(existing.Id);
                    if (Differs(existing, settings))
                    {
                        await helix.UpdateRewardAsync(broadcaster.Id, existing.Id, settings, cancellationToken).ConfigureAwait(false);
                        updated++;
                    }
                }
            }
            catch (HelixException ex) when (ex.Status == HttpStatusCode.BadRequest)
            {
                // One bad reward (a title taken by a reward LiveBuddy did not create, a cost of 0) must not cost the others.
                var problem = ex.Message.Contains("DUPLICATE_REWARD", StringComparison.Ordinal)
                    ? $"\"{settings.Title}\": a reward with this title exists that LiveBuddy did not create, so it cannot manage it; delete or rename it on Twitch"
                    : $"\"{settings.Title}\": {ex.Message}";
                problems.Add(problem);
                LogRewardRefused(problem);
            }
        }
        managed.Set(ids);
        var summary = $"{ids.Count} of {_rewards.Count} reward(s) ready on {channel} ({created} created, {updated} updated)";
        board.Report(StatusName, problems.Count == 0 ? SourceState.Connected : SourceState.Failed,
            problems.Count == 0 ? summary : summary + "; " + string.Join("; ", problems));
        LogSynced(summary);
    }

    private static HelixRewardSettings Settings(RewardOptions reward)
    {
        var cooldown = reward.Cooldown is { } c && c > TimeSpan.Zero ? (long)Math.Clamp(Math.Ceiling(c.TotalSeconds), 1, 604_800) : (long?)null;
        return new HelixRewardSettings(reward.Title.Trim(), reward.Cost, reward.Prompt, reward.Enabled, reward.InputRequired, cooldown is not null, cooldown);
    }

    private static bool Differs(HelixReward reward, HelixRewardSettings wanted) =>
        reward.Title != wanted.Title || reward.Cost != wanted.Cost || (reward.Prompt ?? "") != wanted.Prompt
        || reward.IsEnabled != wanted.IsEnabled || reward.IsUserInputRequired != wanted.IsUserInputRequired
        || (reward.GlobalCooldownSetting?.IsEnabled ?? false) != wanted.IsGlobalCooldownEnabled
        || (wanted.IsGlobalCooldownEnabled && reward.GlobalCooldownSetting?.GlobalCooldownSeconds != wanted.GlobalCooldownSeconds);

    /// <summary>Twitch's reason with what the streamer can do about it.</summary>
    private string Explain(Exception ex)
    {
        var signedIn = credentials.Current;
        var channel = twitch.Value.Channels.FirstOrDefault() ?? "";
        return ex switch
        {
            HelixException { Status: HttpStatusCode.Unauthorized } when signedIn is not null && !signedIn.Scopes.Contains(Scope) =>
                $"Twitch refused: {ex.Message}. The sign-in lacks {Scope}: sign in again (login twitch) to allow managing rewards",
            HelixException { Status: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } when signedIn is not null
                && !string.Equals(signedIn.Login, channel, StringComparison.OrdinalIgnoreCase) =>
                $"Twitch refused: {ex.Message}. Channel points need the streamer's own sign-in ({channel}); signed in as {signedIn.Login}",
            _ => $"Twitch refused: {ex.Message}",
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel points: {Summary}")]
    private partial void LogSynced(string summary);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel points: {Problem}")]
    private partial void LogRewardRefused(string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel points rewards not set up: {Detail}")]
    private partial void LogRefused(string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel points: Twitch is not answering ({Reason}); trying again")]
    private partial void LogUnreachable(string reason);
}
