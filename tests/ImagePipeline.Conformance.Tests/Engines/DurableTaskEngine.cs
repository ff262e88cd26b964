using ImagePipeline.Conformance.Tests.Support;
using ImagePipeline.Functions;
using ImagePipeline.Generation;
using ImagePipeline.Serialization;
using ImagePipeline.Workflow;
using ImagePipeline.Workflow.Steps;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace ImagePipeline.Conformance.Tests.Engines;

/// <summary>
/// The real Durable Task engine (replay, history, durable timers, declarative retries) in process, running the Functions
/// host's own code: its orchestrator function (<see cref="GenerationOrchestrator"/>, i.e. <see cref="DurableWorkflowContext"/>)
/// and its activities as registered from the step definitions (<see cref="GenerationActivityRegistration"/>, failure codes attached by <see cref="StepFailureProperties"/>), with the payload
/// converter the Functions host configures (<see cref="WorkflowJson.Options"/>).
/// </summary>
public sealed class DurableTaskEngine : IDurableEngine
{
    readonly DurableTaskTestHost _host;
    readonly string? _recordAs;
    readonly DurableHistoryTap _tap;

    DurableTaskEngine(DurableTaskTestHost host, ILogger logger, string? recordAs, DurableHistoryTap tap)
    {
        _host = host;
        _recordAs = recordAs;
        _tap = tap;
        Client = new DurableWorkflowClient(host.Client, logger);
    }

    public string Name => "durabletask";

    public IWorkflowClient Client { get; }

    /// <param name="recordAs">When set, the history of every instance is saved under this scenario name on dispose.</param>
    public static async Task<DurableTaskEngine> StartAsync(IServiceProvider pipeline, WorkflowContextDecorator? decorate, string? recordAs = null)
    {
        var steps = pipeline.GetRequiredService<GenerationSteps>();
        var loggerFactory = pipeline.GetRequiredService<ILoggerFactory>();
        var converter = new JsonDataConverter(WorkflowJson.Options);
        // The test host's gRPC sidecar is a default host that logs every request to the console at Information;
        // its configuration reads environment variables, and nothing else in this test process depends on this one.
        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
        var tap = new DurableHistoryTap();
        var host = await SidecarStart.ExecuteAsync(async ct => await DurableTaskTestHost.StartAsync(
            registry =>
            {
                registry.AddOrchestratorFunc<GenerationWorkflowInput, GenerationOutcome>(GenerationWorkflow.Name, new Orchestration(decorate).RunAsync);
                GenerationActivityRegistration.Register(registry, steps);
            },
            new DurableTaskTestHostOptions
            {
                LoggerFactory = loggerFactory,
                ConfigureServices = services =>
                {
                    services.Configure<DurableTaskWorkerOptions>(options => options.DataConverter = converter);
                    services.AddSingleton<IExceptionPropertiesProvider, StepFailureProperties>();
                    services.Configure<DurableTaskClientOptions>(options => options.DataConverter = converter);
                    if (recordAs is not null)
                    {
                        services.Configure<GrpcDurableTaskWorkerOptions>(options => options.Interceptors.Add(tap));
                    }
                },
                Port = ImagePipeline.Testing.LoopbackPorts.Free(),
            }, ct));
        return new DurableTaskEngine(host, loggerFactory.CreateLogger<DurableWorkflowClient>(), recordAs, tap);
    }

    /// <summary>Left to itself the test host draws its gRPC port at random from 30000–40000, which overlaps Linux's
    /// ephemeral range: a port an outgoing connection holds makes the start fail (seen in CI). The OS hands out a free
    /// one instead, and the rare port taken between that and the bind is drawn again.</summary>
    static readonly ResiliencePipeline SidecarStart = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = 3,
            Delay = TimeSpan.Zero,
            ShouldHandle = new PredicateBuilder().Handle<IOException>(e => e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException),
        })
        .Build();

    /// <summary>The orchestrator: the Functions host's own function, or the same adapter with a test decorator around it.</summary>
    sealed class Orchestration(WorkflowContextDecorator? decorate)
    {
        public Task<GenerationOutcome> RunAsync(TaskOrchestrationContext context, GenerationWorkflowInput input) =>
            decorate is null
                ? GenerationOrchestrator.RunAsync(context)
                : GenerationWorkflow.RunAsync(decorate(new DurableWorkflowContext(context)), input);
    }

    /// <summary>Nothing to do: every episode of a Durable Task orchestration replays its whole history.</summary>
    public Task ReplayEverythingAsync() => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_recordAs is not null)
        {
            await HistoryRecorder.SaveDurableTaskAsync(_recordAs, _host.Client, _tap);
        }

        await _host.DisposeAsync();
    }
}
