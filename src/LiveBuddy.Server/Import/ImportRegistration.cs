using LiveBuddy.Core.Import;
using LiveBuddy.Core.Pipeline;
using LiveBuddy.Server.Hosting;

namespace LiveBuddy.Server.Import;

public static class ImportRegistration
{
    /// <summary>
    /// <c>POST /api/import/nightbot?dryRun=true|false</c> with the JSON Nightbot's API returns for
    /// <c>GET https://api.nightbot.tv/1/commands</c> as the body. A dry run (the default) lists what would be added and
    /// what is skipped and why; without it the commands are added (never over one that exists). A file that is not such
    /// an export gets a 400 with what was expected.
    /// </summary>
    public static IEndpointRouteBuilder MapImportEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/import/nightbot", async (HttpRequest request, bool? dryRun, EventIngress ingress, TimeProvider time, CancellationToken ct) =>
        {
            using var reader = new StreamReader(request.Body);
            var file = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
            try
            {
                var (commands, skipped) = NightbotImport.Parse(file, time.GetUtcNow());
                return await ControlApi.SendAsync(ingress, new ImportCommands(commands, skipped, dryRun ?? true), ct).ConfigureAwait(false);
            }
            catch (ImportFormatException ex)
            {
                return ControlApi.Problem(ex.Message);
            }
        });
        return api;
    }
}
