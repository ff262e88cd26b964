using System.Diagnostics;
using ImagePipeline.EmbeddedDurable;
using ImagePipeline.Generation;
using ImagePipeline.Starting;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.Benchmarks;

/// <summary>Process memory with many generations submitted and waiting on durable timers and events at once.</summary>
static class WaitingMemoryBenchmark
{
    public static async Task RunAsync(int count)
    {
        var (app, data) = await BenchmarkHost.StartAsync(new Dictionary<string, string?>
        {
            ["Pipeline:DefaultProvider"] = "mock",
            ["Providers:Mock:Delay"] = "01:00:00",        // the provider "works" for an hour…
            ["Pipeline:Polling:mock:FirstPollAfter"] = "00:30:00", // …so every generation waits on its timer
        });
        var starter = app.Services.GetRequiredService<GenerationStarter>();
        var runtime = app.Services.GetRequiredService<EmbeddedGenerationWorkflowRuntime>();
        var before = Snapshot();

        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForAsync(0, count, async (i, ct) =>
            await starter.StartAsync(runtime, new GenerationRequest { Prompt = $"waiting {i}" }, idempotencyKey: null, cancellationToken: ct));
        // Wait until every submit step has run and the workflows sit on their timers.
        while (runtime.ActiveInstanceCount < count) await Task.Delay(100);
        await Task.Delay(TimeSpan.FromSeconds(3));
        stopwatch.Stop();

        var after = Snapshot();
        Console.WriteLine($"waiting: {count} generations waiting (started in {stopwatch.Elapsed.TotalSeconds:F1} s): working set {after.WorkingSetMb:F0} MB " +
            $"(managed heap {after.ManagedMb:F0} MB, {after.Threads} threads); before starting them: {before.WorkingSetMb:F0} MB");
        await BenchmarkHost.StopAsync(app, data);
    }

    static (double WorkingSetMb, double ManagedMb, int Threads) Snapshot()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return (process.WorkingSet64 / 1048576.0, GC.GetTotalMemory(forceFullCollection: false) / 1048576.0, process.Threads.Count);
    }
}
