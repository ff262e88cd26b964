using ImagePipeline.Conformance.Tests.Engines;
using ImagePipeline.Storage;

namespace ImagePipeline.Conformance.Tests.Support;

/// <summary>What one scenario's pipeline looks like: configuration (simulator URLs, polling plan, timeouts), whether
/// providers get a callback URL, and test-only wrappers around the workflow context and the output store.</summary>
public sealed record ConformanceOptions
{
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Sets <c>Pipeline:PublicBaseUrl</c> to the callback relay, so providers that can call back do.</summary>
    public bool Webhooks { get; init; }

    public WorkflowContextDecorator? DecorateContext { get; init; }

    public Func<IOutputStore, IOutputStore>? WrapOutputStore { get; init; }

    /// <summary>Scenario name under which the engine saves its histories when recording is on (see
    /// <see cref="HistoryRecorder"/>); null records nothing.</summary>
    public string? RecordHistoryAs { get; init; }
}
