using Azure.Storage.Blobs;
using ImagePipeline.Drops;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.Functions;

/// <summary>
/// Blob-drop edits (design.md, "Entry points beside HTTP"): an image uploaded to <c>edit-requests</c> with its prompt in
/// blob metadata or a JSON sidecar starts an edit of that image. Event Grid (the storage account's system topic,
/// BlobCreated) delivers the trigger; the core's <see cref="EditDropProcessor"/> does the rest — the generation id comes
/// from the blob name and ETag, so a redelivered event starts nothing twice, and an unusable drop ends Failed with the
/// reason (notified like any failure). Sidecars (<c>.json</c>) trigger this too and are ignored.
/// </summary>
public sealed class BlobDropFunctions(BlobEditDropSource drops, EditDropProcessor processor, ILogger<BlobDropFunctions> logger, ILogger<DurableWorkflowClient> clientLogger)
{
    /// <summary>The container the infrastructure creates and subscribes (keep in step with <c>EditDrops:Container</c>).</summary>
    public const string Container = "edit-requests";

    [Function("StartEditFromBlobDrop")]
    public async Task StartEditFromBlobDropAsync(
        [BlobTrigger(Container + "/{name}", Source = BlobTriggerSource.EventGrid, Connection = "AzureWebJobsStorage")] BlobClient blob,
        string name,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        if (EditDropNames.IsIgnored(name))
        {
            logger.LogInformation("Ignored {BlobName} in {DropContainer}: sidecars and partial files start nothing", name, Container);
            return;
        }

        // Read through the pipeline's own client (Storage:*), which the submit step's resolver also uses; the binding's
        // client only names the blob (deferred binding: nothing is downloaded).
        var drop = await drops.GetAsync(blob.Name, cancellationToken);
        if (drop is null)
        {
            logger.LogWarning("Blob drop {BlobName} was gone before it could be processed", blob.Name);
            return;
        }

        var outcome = await processor.ProcessAsync(drop, new DurableWorkflowClient(client, clientLogger), cancellationToken);
        if (outcome.Reason is { Length: > 0 } reason)
            logger.LogInformation("Blob drop {DropLocation}: {Disposition} generation {GenerationId}: {Reason}", drop.Location, outcome.Disposition, outcome.GenerationId, reason);
        else
            logger.LogInformation("Blob drop {DropLocation}: {Disposition} generation {GenerationId}", drop.Location, outcome.Disposition, outcome.GenerationId);
    }
}
