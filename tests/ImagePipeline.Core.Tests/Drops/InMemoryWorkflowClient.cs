using System.Collections.Concurrent;
using System.Text.Json;
using ImagePipeline.Serialization;
using ImagePipeline.Workflow;

namespace ImagePipeline.Tests.Drops;

/// <summary>A workflow runtime stand-in (not storage) that starts each id at most once, as both real runtimes do, and
/// keeps the serialized inputs so tests can see exactly what a generation would run with.</summary>
internal sealed class InMemoryWorkflowClient : IWorkflowClient
{
    readonly ConcurrentDictionary<string, string> _inputs = new();
    int _startAttempts;

    public IReadOnlyDictionary<string, string> SerializedInputs => _inputs;

    public int StartAttempts => Volatile.Read(ref _startAttempts);

    public GenerationWorkflowInput Input(string id) => JsonSerializer.Deserialize<GenerationWorkflowInput>(_inputs[id], WorkflowJson.Options)!;

    public Task<bool> TryStartAsync(string instanceId, GenerationWorkflowInput input, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _startAttempts);
        return Task.FromResult(_inputs.TryAdd(instanceId, JsonSerializer.Serialize(input, WorkflowJson.Options)));
    }

    public Task<WorkflowInstance?> GetAsync(string instanceId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_inputs.TryGetValue(instanceId, out var json)
            ? new WorkflowInstance(instanceId, WorkflowRuntimeStatus.Running, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, json, null, null, null)
            : null);

    public Task RaiseEventAsync(string instanceId, string eventName, object? payload, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
