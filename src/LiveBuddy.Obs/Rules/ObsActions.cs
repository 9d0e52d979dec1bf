using System.Globalization;
using System.Text.Json.Nodes;
using LiveBuddy.Obs.Connection;
using Microsoft.Extensions.Logging;

namespace LiveBuddy.Obs.Rules;

/// <summary>Carries out a rule's action with obs-websocket requests (scene switch, source visibility, text source).</summary>
public sealed partial class ObsActions(ObsConnection obs, TimeProvider time, ILogger<ObsActions> logger)
{
    public async Task RunAsync(ObsRule rule, RuleTrigger trigger, CancellationToken cancellationToken)
    {
        switch (rule.Action.ToLowerInvariant())
        {
            case "scene":
                await obs.RequestAsync("SetCurrentProgramScene", new JsonObject { ["sceneName"] = Required(rule.Scene, "Scene") }, cancellationToken)
                    .ConfigureAwait(false);
                break;
            case "showsource" or "hidesource":
                var show = rule.Action.Equals("showSource", StringComparison.OrdinalIgnoreCase);
                var scene = Required(rule.Scene, "Scene");
                var item = await obs.RequestAsync("GetSceneItemId",
                    new JsonObject { ["sceneName"] = scene, ["sourceName"] = Required(rule.Source, "Source") }, cancellationToken).ConfigureAwait(false);
                var itemId = item.GetProperty("sceneItemId").GetInt32();
                await SetEnabledAsync(scene, itemId, show, cancellationToken).ConfigureAwait(false);
                if (rule.Seconds > 0) _ = PutBackAsync(scene, itemId, !show, TimeSpan.FromSeconds(rule.Seconds), cancellationToken);
                break;
            case "text":
                var text = RuleBook.FillText(rule.Text ?? "", trigger.Values);
                await obs.RequestAsync("SetInputSettings", new JsonObject
                {
                    ["inputName"] = Required(rule.Source, "Source"),
                    ["inputSettings"] = new JsonObject { ["text"] = text },
                }, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new InvalidOperationException($"Unknown OBS rule action '{rule.Action}' (scene, showSource, hideSource, text).");
        }
        LogRan(rule.Action, rule.On, trigger.Kind);
    }

    private Task SetEnabledAsync(string scene, int itemId, bool enabled, CancellationToken cancellationToken) =>
        obs.RequestAsync("SetSceneItemEnabled", new JsonObject
        {
            ["sceneName"] = scene,
            ["sceneItemId"] = itemId,
            ["sceneItemEnabled"] = enabled,
        }, cancellationToken);

    private async Task PutBackAsync(string scene, int itemId, bool enabled, TimeSpan after, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(after, time, cancellationToken).ConfigureAwait(false);
            await SetEnabledAsync(scene, itemId, enabled, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is TimeoutException or ObsRequestFailedException)
        {
            LogPutBackFailed(scene, itemId.ToString(CultureInfo.InvariantCulture), ex.Message);
        }
    }

    private static string Required(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new InvalidOperationException($"This OBS rule needs {name}.") : value;

    [LoggerMessage(Level = LogLevel.Information, Message = "OBS rule ran: {Action} on {On} ({Kind})")]
    private partial void LogRan(string action, string on, string? kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not put scene item {ItemId} in {Scene} back: {Reason}")]
    private partial void LogPutBackFailed(string scene, string itemId, string reason);
}
