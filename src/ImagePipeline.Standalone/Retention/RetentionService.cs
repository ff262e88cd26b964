using Microsoft.Extensions.Options;

namespace ImagePipeline.Standalone.Retention;

/// <summary>Sweeps the data folder every <see cref="RetentionOptions.Interval"/> (the first time at start) while
/// <see cref="RetentionOptions.FinishedAfter"/> is set.</summary>
public sealed class RetentionService(GenerationRetention retention, IOptions<RetentionOptions> options, TimeProvider timeProvider, ILogger<RetentionService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.FinishedAfter is not { } keep) return;
        logger.LogInformation("Retention: finished generations are purged {FinishedAfter} after they end (outputs too: {DeleteOutputs}), checked every {Interval}",
            keep, options.Value.DeleteOutputs, options.Value.Interval);
        using var timer = new PeriodicTimer(options.Value.Interval, timeProvider);
        do
        {
            try
            {
                var purged = await retention.PurgeAsync(timeProvider.GetUtcNow() - keep, stoppingToken);
                if (purged > 0) logger.LogInformation("Retention purged {PurgedCount} finished generations", purged);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A full or unreachable store must not end the sweeps; the next one tries again.
                logger.LogWarning(ex, "Retention sweep failed; retrying in {Interval}", options.Value.Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
