using ImagePipeline.Conformance.Tests.Support;
using ImagePipeline.EmbeddedDurable;
using ImagePipeline.Workflow;
using ImagePipeline.Workflow.Steps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.Conformance.Tests.Engines;

/// <summary>The embedded journal runtime as the standalone host runs it: <see cref="GenerationWorkflow"/> over the
/// core's <see cref="GenerationStepInvoker"/>, journals in a temporary folder, the system clock.</summary>
public sealed class EmbeddedEngine : IDurableEngine
{
    readonly IServiceProvider _pipeline;
    readonly WorkflowContextDecorator? _decorate;
    readonly string? _recordAs;
    readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "conformance-embedded", Guid.NewGuid().ToString("N"));
    EmbeddedGenerationWorkflowRuntime _runtime;

    EmbeddedEngine(IServiceProvider pipeline, WorkflowContextDecorator? decorate, string? recordAs)
    {
        _pipeline = pipeline;
        _decorate = decorate;
        _recordAs = recordAs;
        _runtime = CreateRuntime();
    }

    public string Name => "embedded";

    public IWorkflowClient Client => Volatile.Read(ref _runtime);

    /// <param name="recordAs">When set, finished journals are saved under this scenario name on dispose.</param>
    public static async Task<EmbeddedEngine> StartAsync(IServiceProvider pipeline, WorkflowContextDecorator? decorate, string? recordAs = null)
    {
        var engine = new EmbeddedEngine(pipeline, decorate, recordAs);
        await engine._runtime.StartAsync(CancellationToken.None);
        return engine;
    }

    /// <summary>A restart on the same folder: every unfinished instance is replayed from its journal.</summary>
    public async Task ReplayEverythingAsync()
    {
        await _runtime.DisposeAsync();
        var next = CreateRuntime();
        await next.StartAsync(CancellationToken.None);
        Volatile.Write(ref _runtime, next);
    }

    EmbeddedGenerationWorkflowRuntime CreateRuntime() => new(
        // Every wait (on steps too) unloaded and replayed from the journal on wake: the scenarios cover that path too.
        new EmbeddedRuntimeOptions { DataDirectory = _dataDirectory, UnloadWaitsLongerThan = TimeSpan.Zero, MaxLoadedInstances = 0 },
        RunAsync,
        new GenerationStepInvoker(_pipeline.GetRequiredService<GenerationSteps>()),
        TimeProvider.System,
        _pipeline.GetRequiredService<ILoggerFactory>());

    async Task<object?> RunAsync(IWorkflowContext context, GenerationWorkflowInput input) =>
        await GenerationWorkflow.RunAsync(_decorate is null ? context : _decorate(context), input);

    public async ValueTask DisposeAsync()
    {
        await _runtime.DisposeAsync();
        if (_recordAs is not null)
        {
            HistoryRecorder.SaveEmbedded(_recordAs, _dataDirectory);
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
