using System.Diagnostics;
using ImagePipeline.EmbeddedDurable;
using ImagePipeline.Generation;
using ImagePipeline.Starting;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.Benchmarks;

/// <summary>Generations completed per second inside the process: the starter is called directly (no HTTP, no caller
/// webhook), then submit → status → archive to disk → completed, with the mock provider at zero latency, on the
/// embedded runtime with its journals on disk. The ceiling of the runtime itself, not what a caller sees
/// (<see cref="HttpThroughputBenchmark"/> is).</summary>
static class StarterThroughputBenchmark
{
    public static async Task RunAsync(int count)
    {
        var (app, data) = await BenchmarkHost.StartAsync(new Dictionary<string, string?>
        {
            ["Pipeline:DefaultProvider"] = "mock",
            ["Providers:Mock:Delay"] = "00:00:00",
            ["Providers:Mock:Width"] = "64",
            ["Providers:Mock:Height"] = "64",
        });
        var starter = app.Services.GetRequiredService<GenerationStarter>();
        var runtime = app.Services.GetRequiredService<EmbeddedGenerationWorkflowRuntime>();

        await RunBatchAsync(starter, runtime, 200); // warm-up: JIT, thread pool
        var stopwatch = Stopwatch.StartNew();
        var failed = await RunBatchAsync(starter, runtime, count);
        stopwatch.Stop();

        Console.WriteLine($"starter-throughput (in-process, no HTTP, no notify): {count} generations completed in {stopwatch.Elapsed.TotalSeconds:F2} s = {count / stopwatch.Elapsed.TotalSeconds:F0} generations/s ({failed} not Completed), mock provider at zero latency, {Environment.ProcessorCount} cores");
        await BenchmarkHost.StopAsync(app, data);
    }

    public static async Task<int> RunBatchAsync(GenerationStarter starter, EmbeddedGenerationWorkflowRuntime runtime, int count)
    {
        var ids = new string[count];
        await Parallel.ForAsync(0, count, async (i, ct) =>
        {
            var outcome = await starter.StartAsync(runtime, new GenerationRequest { Prompt = $"benchmark {i}" }, idempotencyKey: null, cancellationToken: ct);
            ids[i] = outcome.GenerationId!;
        });
        var failed = 0;
        foreach (var id in ids)
        {
            var instance = await runtime.WaitForCompletionAsync(id, CancellationToken.None);
            if (instance.SerializedOutput?.Contains("\"Completed\"", StringComparison.Ordinal) != true) Interlocked.Increment(ref failed);
        }
        return failed;
    }
}
