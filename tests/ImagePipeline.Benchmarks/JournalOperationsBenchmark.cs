using System.Diagnostics;
using ImagePipeline.EmbeddedDurable;
using ImagePipeline.Starting;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.Benchmarks;

/// <summary>A fixed number of generations through the embedded runtime on a data folder of the caller's choice, made to
/// run under <c>strace -f -c</c>: every run does the same warm-up, so the difference between two runs (say 200 and
/// 400 generations) divided by the difference in count is the file operations of one generation, whatever the
/// machine. Also prints generations/s (that one depends on the machine and the folder's file system).</summary>
static class JournalOperationsBenchmark
{
    const int WarmUp = 50;

    public static async Task RunAsync(int count, string? parentFolder)
    {
        var (app, data) = await BenchmarkHost.StartAsync(new Dictionary<string, string?>
        {
            ["Pipeline:DefaultProvider"] = "mock",
            ["Providers:Mock:Delay"] = "00:00:00",
            ["Providers:Mock:Width"] = "64",
            ["Providers:Mock:Height"] = "64",
        }, parentFolder: parentFolder);
        var starter = app.Services.GetRequiredService<GenerationStarter>();
        var runtime = app.Services.GetRequiredService<EmbeddedGenerationWorkflowRuntime>();

        await StarterThroughputBenchmark.RunBatchAsync(starter, runtime, WarmUp);
        var stopwatch = Stopwatch.StartNew();
        var failed = count > 0 ? await StarterThroughputBenchmark.RunBatchAsync(starter, runtime, count) : 0;
        stopwatch.Stop();

        Console.WriteLine(count > 0
            ? $"journal-ops: {count} generations (after {WarmUp} warm-up) in {stopwatch.Elapsed.TotalSeconds:F2} s = {count / stopwatch.Elapsed.TotalSeconds:F0} generations/s ({failed} not Completed), data folder {data}"
            : $"journal-ops: 0 generations (after {WarmUp} warm-up), data folder {data}");
        // Under count-file-operations.sh the script deletes the folder once strace is done: deleting it is not the pipeline's work.
        await BenchmarkHost.StopAsync(app, data, keepData: Environment.GetEnvironmentVariable("JOURNAL_OPS_KEEP_DATA") == "1");
    }
}
