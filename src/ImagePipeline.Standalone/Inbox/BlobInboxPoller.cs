using Azure;
using ImagePipeline.Drops;
using ImagePipeline.Workflow;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Standalone.Inbox;

/// <summary>
/// The blob drop container for the standalone host, which has no Event Grid: lists the container every
/// <see cref="InboxOptions.PollInterval"/> and hands every blob not yet marked to the core's
/// <see cref="EditDropProcessor"/> — the same processing the Functions host's blob trigger does.
/// </summary>
public sealed class BlobInboxPoller(
    BlobEditDropSource source,
    EditDropProcessor processor,
    IWorkflowClient client,
    IOptions<InboxOptions> options,
    TimeProvider timeProvider,
    ILogger<BlobInboxPoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // let the host finish starting
        logger.LogInformation("Polling blob container {DropContainer} for edit drops every {PollInterval}", source.Container.Name, options.Value.PollInterval);
        try
        {
            using var timer = new PeriodicTimer(options.Value.PollInterval, timeProvider);
            do
            {
                await PollOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass over the container. Failures are logged; the blob is looked at again on the next pass.</summary>
    public async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await source.Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await foreach (var name in source.ListUnmarkedAsync(cancellationToken))
            {
                try
                {
                    if (await source.GetAsync(name, cancellationToken) is not { } drop) continue;
                    var outcome = await processor.ProcessAsync(drop, client, cancellationToken);
                    logger.LogInformation("Blob drop {DropLocation}: {Disposition} {GenerationId}", drop.Location, outcome.Disposition, outcome.GenerationId);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Never fatal to the host: the blob stays unmarked and the next pass tries again, under the same id.
                    logger.LogError(ex, "Blob drop {BlobName} could not be processed; trying again on the next pass", name);
                }
            }
        }
        catch (RequestFailedException ex)
        {
            logger.LogError(ex, "Listing the drop container {DropContainer} failed", source.Container.Name);
        }
    }
}
