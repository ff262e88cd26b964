using ImagePipeline.Workflow;

namespace ImagePipeline.Conformance.Tests.Engines;

/// <summary>One durable engine running the generation workflow over the real steps. Scenarios talk to it only through
/// the core's <see cref="IWorkflowClient"/>, exactly as the hosts' HTTP and event entry points do.</summary>
public interface IDurableEngine : IAsyncDisposable
{
    string Name { get; }

    /// <summary>The engine's client; may change across <see cref="ReplayEverythingAsync"/>, so read it per call.</summary>
    IWorkflowClient Client { get; }

    /// <summary>Makes every running instance rebuild its state from its history: the embedded runtime is restarted on
    /// its data folder; Durable Task already replays the whole history on every episode, so nothing is needed there.</summary>
    Task ReplayEverythingAsync();
}
