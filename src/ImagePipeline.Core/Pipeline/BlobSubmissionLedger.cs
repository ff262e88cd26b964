using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ImagePipeline.Serialization;

namespace ImagePipeline.Pipeline;

/// <summary>The Functions host's ledger: one small blob per generation, created with If-None-Match: * so two attempts
/// (two workers, or a re-run activity) can never both begin.</summary>
public sealed class BlobSubmissionLedger(BlobContainerClient container, TimeProvider timeProvider) : ISubmissionLedger
{
    int _containerReady;

    public async Task<SubmissionRecord?> TryBeginAsync(string generationId, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        var blob = container.GetBlobClient(NameFor(generationId));
        try
        {
            await blob.UploadAsync(BinaryData.FromObjectAsJson(new SubmissionRecord(timeProvider.GetUtcNow(), null), WorkflowJson.Options),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            var existing = await blob.DownloadContentAsync(cancellationToken);
            return existing.Value.Content.ToObjectFromJson<SubmissionRecord>(WorkflowJson.Options);
        }
    }

    public async Task CompleteAsync(string generationId, string providerJobId, CancellationToken cancellationToken = default)
    {
        var blob = container.GetBlobClient(NameFor(generationId));
        var existing = await blob.DownloadContentAsync(cancellationToken);
        var earlier = existing.Value.Content.ToObjectFromJson<SubmissionRecord>(WorkflowJson.Options) ?? new SubmissionRecord(timeProvider.GetUtcNow(), null);
        var record = earlier with { ProviderJobId = providerJobId };
        await blob.UploadAsync(BinaryData.FromString(JsonSerializer.Serialize(record, WorkflowJson.Options)), overwrite: true, cancellationToken);
    }

    public async Task<SubmissionRecord?> FindAsync(string generationId, CancellationToken cancellationToken = default)
    {
        try
        {
            var existing = await container.GetBlobClient(NameFor(generationId)).DownloadContentAsync(cancellationToken);
            return existing.Value.Content.ToObjectFromJson<SubmissionRecord>(WorkflowJson.Options);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task AbandonAsync(string generationId, CancellationToken cancellationToken = default) =>
        await container.GetBlobClient(NameFor(generationId)).DeleteIfExistsAsync(cancellationToken: cancellationToken);

    async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _containerReady) == 1) return;
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        Volatile.Write(ref _containerReady, 1);
    }

    static string NameFor(string generationId) => $"submissions/{generationId}.json";
}
