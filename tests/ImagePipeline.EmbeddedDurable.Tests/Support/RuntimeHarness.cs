using ImagePipeline.Workflow;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImagePipeline.EmbeddedDurable.Tests.Support;

/// <summary>A temporary data folder, a manual clock, and the runtimes a test starts on them. A "crash" is a runtime
/// disposed mid-flight (its running steps abandoned) followed by a new runtime on the same folder.</summary>
internal sealed class RuntimeHarness : IAsyncDisposable
{
    static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    readonly List<EmbeddedGenerationWorkflowRuntime> _runtimes = [];

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "embedded-durable-tests", Guid.NewGuid().ToString("N"));

    public static DateTimeOffset Start { get; } = new(2030, 1, 1, 8, 0, 0, TimeSpan.Zero);

    public ManualTimeProvider Time { get; } = new(Start);

    /// <summary>Zero by default (with <see cref="MaxLoadedInstances"/>), so every test also runs each wait, on steps
    /// too, unloaded and replayed from the journal on wake.</summary>
    public TimeSpan? UnloadWaitsLongerThan { get; set; } = TimeSpan.Zero;

    public int MaxLoadedInstances { get; set; }

    public string InstancesDirectory => Path.Combine(DataDirectory, "instances");

    public EmbeddedGenerationWorkflowRuntime CreateRuntime(
        Func<IWorkflowContext, GenerationWorkflowInput, Task<object?>> workflow,
        IWorkflowStepInvoker steps,
        int maxConcurrentSteps = 64,
        ILoggerFactory? loggerFactory = null,
        bool fsyncJournal = false,
        int maxOpenJournals = 1024)
    {
        var runtime = new EmbeddedGenerationWorkflowRuntime(
            new EmbeddedRuntimeOptions
            {
                DataDirectory = DataDirectory, MaxConcurrentSteps = maxConcurrentSteps, FsyncJournal = fsyncJournal, MaxOpenJournals = maxOpenJournals,
                UnloadWaitsLongerThan = UnloadWaitsLongerThan, MaxLoadedInstances = MaxLoadedInstances,
            },
            workflow,
            steps,
            Time,
            loggerFactory ?? NullLoggerFactory.Instance);
        _runtimes.Add(runtime);
        return runtime;
    }

    public async Task<EmbeddedGenerationWorkflowRuntime> StartRuntimeAsync(
        Func<IWorkflowContext, GenerationWorkflowInput, Task<object?>> workflow,
        IWorkflowStepInvoker steps,
        int maxConcurrentSteps = 64,
        ILoggerFactory? loggerFactory = null,
        bool fsyncJournal = false,
        int maxOpenJournals = 1024)
    {
        var runtime = CreateRuntime(workflow, steps, maxConcurrentSteps, loggerFactory, fsyncJournal, maxOpenJournals);
        await runtime.StartAsync(CancellationToken.None);
        return runtime;
    }

    public static async Task<WorkflowInstance> CompletionAsync(EmbeddedGenerationWorkflowRuntime runtime, string instanceId)
    {
        using var limit = new CancellationTokenSource(WaitLimit);
        return await runtime.WaitForCompletionAsync(instanceId, limit.Token);
    }

    /// <summary>Waits (without asserting how long it takes) until the runtime has reached a state.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var limit = DateTime.UtcNow + WaitLimit;
        while (!condition())
        {
            if (DateTime.UtcNow > limit)
            {
                throw new TimeoutException($"Gave up waiting until {what}.");
            }

            await Task.Delay(5);
        }
    }

    public static async Task UntilCustomStatusAsync(EmbeddedGenerationWorkflowRuntime runtime, string instanceId, string expectedJson)
    {
        var limit = DateTime.UtcNow + WaitLimit;
        while ((await runtime.GetAsync(instanceId))?.SerializedCustomStatus != expectedJson)
        {
            if (DateTime.UtcNow > limit)
            {
                throw new TimeoutException($"Gave up waiting for custom status {expectedJson} on {instanceId}.");
            }

            await Task.Delay(5);
        }
    }

    public string SingleJournalPath() => Directory.GetFiles(InstancesDirectory, "*.journal").Single();

    public async ValueTask DisposeAsync()
    {
        foreach (var runtime in _runtimes)
        {
            await runtime.DisposeAsync();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
