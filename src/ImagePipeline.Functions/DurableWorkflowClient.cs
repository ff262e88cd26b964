using ImagePipeline.Workflow;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImagePipeline.Functions;

/// <summary>The core's workflow client over Durable Functions' <see cref="DurableTaskClient"/> (the function's
/// <c>[DurableClient]</c> binding). Instance ids are generation ids, so "start" means "start unless it exists".</summary>
public sealed class DurableWorkflowClient(DurableTaskClient client, ILogger? logger = null) : IWorkflowClient
{
    readonly DurableTaskClient _client = client ?? throw new ArgumentNullException(nameof(client));
    readonly ILogger _logger = logger ?? NullLogger.Instance;

    public async Task<bool> TryStartAsync(string instanceId, GenerationWorkflowInput input, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentNullException.ThrowIfNull(input);

        // Any existing instance, finished or not, is the same generation: the Azure Storage backend would otherwise
        // overwrite a finished one and run (and bill) the generation again.
        if (await _client.GetInstanceAsync(instanceId, false, cancellationToken) is not null) return false;

        try
        {
            await _client.ScheduleNewOrchestrationInstanceAsync(GenerationWorkflow.Name, input,
                new StartOrchestrationOptions(instanceId), cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A concurrent start of the same id won the race; anything else is a real failure.
            if (await _client.GetInstanceAsync(instanceId, false, cancellationToken) is null) throw;
            _logger.LogInformation(ex, "Generation {GenerationId} was started concurrently; not starting it again", instanceId);
            return false;
        }
    }

    public async Task<WorkflowInstance?> GetAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var metadata = await _client.GetInstanceAsync(instanceId, true, cancellationToken);
        return metadata is null ? null : DurableMappings.ToWorkflowInstance(metadata);
    }

    public async Task RaiseEventAsync(string instanceId, string eventName, object? payload, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentException.ThrowIfNullOrEmpty(eventName);

        var metadata = await _client.GetInstanceAsync(instanceId, false, cancellationToken);
        if (metadata is null || DurableMappings.IsFinished(metadata.RuntimeStatus))
        {
            _logger.LogInformation("Dropped event {EventName} for generation {GenerationId}: no running instance", eventName, instanceId);
            return;
        }

        try
        {
            await _client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The instance may have finished between the check and the raise; events for it are meaningless then.
            var now = await _client.GetInstanceAsync(instanceId, false, cancellationToken);
            if (now is not null && !DurableMappings.IsFinished(now.RuntimeStatus)) throw;
            _logger.LogInformation(ex, "Dropped event {EventName} for generation {GenerationId}: it finished meanwhile", eventName, instanceId);
        }
    }
}
