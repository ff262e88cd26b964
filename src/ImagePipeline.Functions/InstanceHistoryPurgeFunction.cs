using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Functions;

/// <summary>Deletes the Durable history of finished generations older than <see cref="MaintenanceOptions.PurgeAfter"/>,
/// so the task hub's tables and blobs do not grow without bound.</summary>
public sealed class InstanceHistoryPurgeFunction(IOptions<MaintenanceOptions> options, TimeProvider timeProvider, ILogger<InstanceHistoryPurgeFunction> logger)
{
    [Function("PurgeInstanceHistory")]
    public Task RunAsync(
        [TimerTrigger("%" + MaintenanceOptions.PurgeScheduleSetting + "%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        PurgeAsync(client, cancellationToken);

    /// <summary>Purges once; returns how many instances went.</summary>
    public async Task<int> PurgeAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var filter = DurableMappings.ToPurgeFilter(timeProvider.GetUtcNow(), options.Value.PurgeAfter);
        var result = await client.PurgeAllInstancesAsync(filter, cancellationToken);
        logger.LogInformation("Purged the history of {PurgedCount} finished generation(s) created before {Cutoff}",
            result.PurgedInstanceCount, filter.CreatedTo);
        return result.PurgedInstanceCount;
    }
}
