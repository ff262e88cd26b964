using System.Collections.Concurrent;
using System.Diagnostics;
using ImagePipeline.EmbeddedDurable;
using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Providers.Mock;
using ImagePipeline.Starting;
using ImagePipeline.Workflow;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Benchmarks;

/// <summary>Process memory with many generations submitted and waiting on durable timers and events at once; then the
/// provider finishes and calls back, and every one of them must complete.</summary>
static class WaitingMemoryBenchmark
{
    public static async Task RunAsync(int count)
    {
        var (app, data) = await BenchmarkHost.StartAsync(new Dictionary<string, string?>
        {
            ["Pipeline:DefaultProvider"] = "mock",
            ["Providers:Mock:Delay"] = "01:00:00",        // the provider "works" for an hour…
            ["Pipeline:Polling:mock:FirstPollAfter"] = "00:30:00", // …so every generation waits on its timer
            ["Providers:Mock:Width"] = "8",                // tiny outputs: the archive step is not what is measured
            ["Providers:Mock:Height"] = "8",
        });
        var starter = app.Services.GetRequiredService<GenerationStarter>();
        var runtime = app.Services.GetRequiredService<EmbeddedGenerationWorkflowRuntime>();
        var before = Snapshot();
        var beforeTrimmed = Snapshot(aggressive: true);

        var ids = new ConcurrentBag<string>();
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForAsync(0, count, async (i, ct) =>
        {
            var started = await starter.StartAsync(runtime, new GenerationRequest { Prompt = $"waiting {i}" }, idempotencyKey: null, cancellationToken: ct);
            ids.Add(started.GenerationId!);
        });
        // Wait until every submit step has run and the workflows sit on their timers.
        while (!await AllWaitingAsync(runtime, ids)) await Task.Delay(500);
        await Task.Delay(TimeSpan.FromSeconds(3));
        stopwatch.Stop();

        var after = Snapshot();
        Console.WriteLine($"waiting: {count} generations waiting (started in {stopwatch.Elapsed.TotalSeconds:F1} s): working set {after.WorkingSetMb:F0} MB " +
            $"(managed heap {after.ManagedMb:F0} MB, {after.Threads} threads); before starting them: {before.WorkingSetMb:F0} MB (managed {before.ManagedMb:F0} MB)");
        Console.WriteLine($"waiting: per waiting generation: working set {(after.WorkingSetMb - before.WorkingSetMb) * 1024 / count:F1} KiB, " +
            $"managed heap {(after.ManagedMb - before.ManagedMb) * 1024 / count:F1} KiB");
        var committed = GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576.0;
        var trimmed = Snapshot(aggressive: true);
        Console.WriteLine($"waiting: of the working set, {committed:F0} MB was GC heap committed; after an aggressive GC that returns the free part: " +
            $"working set {trimmed.WorkingSetMb:F0} MB, {(trimmed.WorkingSetMb - beforeTrimmed.WorkingSetMb) * 1024 / count:F1} KiB per waiting generation " +
            $"(from {beforeTrimmed.WorkingSetMb:F0} MB before, measured the same way)");
        // WAITING_HOLD_SECONDS=60 keeps them waiting that long, e.g. for `dotnet-gcdump collect -p <pid>`.
        if (int.TryParse(Environment.GetEnvironmentVariable("WAITING_HOLD_SECONDS"), out var hold) && hold > 0)
        {
            Console.WriteLine($"waiting: holding {hold} s (process {Environment.ProcessId})");
            await Task.Delay(TimeSpan.FromSeconds(hold));
        }

        // The provider finishes and says so by webhook: every waiting generation must wake, confirm and complete.
        app.Services.GetRequiredService<IOptions<MockProviderOptions>>().Value.Delay = TimeSpan.Zero;
        stopwatch.Restart();
        // A hint only (as any webhook): the workflow confirms it with its own status read before archiving.
        var succeeded = new ProviderJobStatus
        {
            JobId = "", State = ProviderJobState.Succeeded, ProviderStatus = "succeeded", Outputs = [new ProviderOutput("mock://hint/0.png", "hint/0", "image/png")],
        };
        await Parallel.ForEachAsync(ids, async (id, ct) => await runtime.RaiseEventAsync(id, WorkflowEvents.ProviderCallback,
            new ProviderCallbackEvent(ProviderNames.Mock, succeeded, DateTimeOffset.UtcNow), ct));
        var completed = 0;
        await Parallel.ForEachAsync(ids, async (id, ct) =>
        {
            var instance = await runtime.WaitForCompletionAsync(id, ct);
            var outcome = instance.SerializedOutput is { } json
                ? System.Text.Json.JsonSerializer.Deserialize<GenerationOutcome>(json, ImagePipeline.Serialization.WorkflowJson.Options)
                : null;
            if (instance.RuntimeStatus == WorkflowRuntimeStatus.Completed && outcome?.Status == GenerationStatus.Completed) Interlocked.Increment(ref completed);
        });
        Console.WriteLine($"waiting: after their provider finished and called back, {completed} of {count} completed in {stopwatch.Elapsed.TotalSeconds:F1} s");
        await BenchmarkHost.StopAsync(app, data);
        if (completed != count) throw new InvalidOperationException($"Only {completed} of {count} waiting generations completed.");
    }

    /// <summary>Every generation submitted and back to waiting (its status says Submitted).</summary>
    static async Task<bool> AllWaitingAsync(EmbeddedGenerationWorkflowRuntime runtime, IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            var instance = await runtime.GetAsync(id);
            if (instance?.SerializedCustomStatus is not { } status || !status.Contains("\"submitted\"", StringComparison.OrdinalIgnoreCase)) return false;
        }
        return true;
    }

    /// <param name="aggressive">Also hand back to the OS the GC memory left committed after the start-up burst (what the
    /// GC does by itself only gradually, at later collections).</param>
    static (double WorkingSetMb, double ManagedMb, int Threads) Snapshot(bool aggressive = false)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        if (aggressive) GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        else GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return (process.WorkingSet64 / 1048576.0, GC.GetTotalMemory(forceFullCollection: false) / 1048576.0, process.Threads.Count);
    }
}
