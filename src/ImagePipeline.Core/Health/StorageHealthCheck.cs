using Azure;
using Azure.Storage.Blobs;
using ImagePipeline.Pipeline;
using ImagePipeline.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Health;

/// <summary>Ready only while the storage that keeps state and outputs answers: the blob account (one existence check of
/// the outputs container, bounded to 5 s) or, without one, the outputs folder (one probe write).</summary>
public sealed class StorageHealthCheck(IServiceProvider services, IOptions<StorageOptions> storage) : IHealthCheck
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (storage.Value.IsConfigured)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            var container = services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(
                services.GetRequiredService<IOptions<BlobOutputStoreOptions>>().Value.ContainerName);
            try
            {
                await container.ExistsAsync(timeout.Token);
                return HealthCheckResult.Healthy($"blob storage {container.Uri.GetLeftPart(UriPartial.Authority)} answers");
            }
            catch (RequestFailedException ex)
            {
                return HealthCheckResult.Unhealthy($"blob storage answered {ex.Status} {ex.ErrorCode}");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return HealthCheckResult.Unhealthy($"blob storage did not answer within {Timeout.TotalSeconds:0} s");
            }
        }

        var root = services.GetRequiredService<IOptions<FileSystemOutputStoreOptions>>().Value.RootDirectory;
        try
        {
            DataFolderProbe.EnsureWritable(Path.GetFullPath(root));
            return HealthCheckResult.Healthy($"outputs folder {Path.GetFullPath(root)} is writable");
        }
        catch (DataFolderUnavailableException ex)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }
}
