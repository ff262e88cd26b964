using System.Net.Http.Json;
using ImagePipeline.Testing.Webhooks;

namespace ImagePipeline.Benchmarks;

/// <summary>Starts generations over HTTP, a fixed number in flight, each with the receiver as its <c>callbackUrl</c>,
/// and returns once every accepted one has been notified: what the throughput modes count.</summary>
static class WebhookedStarts
{
    /// <returns>How many starts the host refused (those are never notified).</returns>
    public static async Task<int> RunAsync(HttpClient http, WebhookReceiver receiver, int alreadyDelivered, int count, int inFlight, string label, TimeSpan timeout)
    {
        var refused = 0;
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = inFlight }, async (i, ct) =>
        {
            using var response = await http.PostAsJsonAsync("api/generations", new { prompt = $"{label} {i}", callbackUrl = receiver.Url.ToString() }, ct);
            if (!response.IsSuccessStatusCode) Interlocked.Increment(ref refused);
        });
        await receiver.WaitForDeliveryAsync(alreadyDelivered + count - refused, timeout);
        return refused;
    }
}
