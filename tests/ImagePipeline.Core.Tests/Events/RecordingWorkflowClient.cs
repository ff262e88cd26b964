using System.Collections.Concurrent;
using System.Text.Json;
using ImagePipeline.Serialization;
using ImagePipeline.Workflow;

namespace ImagePipeline.Tests.Events;

/// <summary>A workflow runtime stand-in that records the instances it was asked to start (start-at-most-once per id, as
/// both real runtimes behave), or fails every start like an unavailable runtime when <see cref="FailStarts"/> is set.</summary>
public sealed class RecordingWorkflowClient : IWorkflowClient
{
    readonly ConcurrentDictionary<string, GenerationWorkflowInput> _started = new();

    public bool FailStarts { get; set; }

    public IReadOnlyDictionary<string, GenerationWorkflowInput> Started => _started;

    public Task<bool> TryStartAsync(string instanceId, GenerationWorkflowInput input, CancellationToken cancellationToken = default)
    {
        if (FailStarts) throw new InvalidOperationException("The task hub is unavailable.");
        return Task.FromResult(_started.TryAdd(instanceId, input));
    }

    public Task<WorkflowInstance?> GetAsync(string instanceId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_started.TryGetValue(instanceId, out var input)
            ? new WorkflowInstance(instanceId, WorkflowRuntimeStatus.Running, input.CreatedAt, input.CreatedAt,
                JsonSerializer.Serialize(input, WorkflowJson.Options), null, null, null)
            : null);

    public Task RaiseEventAsync(string instanceId, string eventName, object? payload, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
