using ImagePipeline.Providers;
using ImagePipeline.Providers.Resilience;

namespace ImagePipeline.Tests.Providers;

/// <summary>What every provider client test shares: resilience settings fast enough for failure tests, and reading a
/// download to the end.</summary>
internal static class ProviderTestKit
{
    /// <summary>Short timeouts and backoff so retry and failure tests stay quick.</summary>
    public static ProviderResilienceOptions FastResilience(int maxRetryAttempts = 4) => new()
    {
        AttemptTimeout = TimeSpan.FromSeconds(2),
        TotalTimeout = TimeSpan.FromSeconds(20),
        MaxRetryAttempts = maxRetryAttempts,
        BaseDelay = TimeSpan.FromMilliseconds(10),
        MaxDelay = TimeSpan.FromMilliseconds(500),
        MaxSubmitRateLimitRetries = 2,
    };

    public static async Task<byte[]> ReadAllAsync(ProviderDownload download)
    {
        await using (download)
        {
            using var buffer = new MemoryStream();
            await download.Content.CopyToAsync(buffer);
            return buffer.ToArray();
        }
    }
}
