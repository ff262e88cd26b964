using ImagePipeline.Workflow;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImagePipeline.Functions;

/// <summary>The core's workflow client over Durable Functions' <see cref="DurableTaskClient"/> (the function's
/// <c>[DurableClient]</c> binding). Instance ids are generation ids, so "start" means "start unless it exists".</summary>
public sealed class DurableWorkflowClient(DurableTaskClient client, ILogger? logger = null) : IWorkflowClient, IWorkflowInstanceQuery, IWorkflowCompletionWaiter
{
    /// <summary>Instance-query round trips one listing request may make while its filters skip instances; the page then
    /// ends short, with a token to carry on.</summary>
    const int MaxQueryRoundTrips = 10;

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

    /// <summary>A page of Durable's instance query, the filters it cannot apply (provider, metadata, the document
    /// status) applied to the instances it returns. Each round trip asks for only as many instances as the page still
    /// needs, so the page never overflows and Durable's own token marks exactly where the next page starts. Order: the
    /// backend's (the Azure Storage backend returns instances by id, not by time), each page sorted newest first.</summary>
    public async Task<WorkflowInstancePage> QueryAsync(GenerationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var token = DurableMappings.FromContinuationToken(query.ContinuationToken);
        var found = new List<WorkflowInstance>(query.PageSize);
        for (var round = 0; round < MaxQueryRoundTrips && found.Count < query.PageSize; round++)
        {
            var wanted = query.PageSize - found.Count;
            Page<OrchestrationMetadata>? page = null;
            await foreach (var first in _client.GetAllInstancesAsync(DurableMappings.ToOrchestrationQuery(query, wanted, token))
                               .AsPages(token, wanted).WithCancellation(cancellationToken))
            {
                page = first;
                break;
            }
            if (page is null) { token = null; break; }
            foreach (var metadata in page.Values)
            {
                var instance = DurableMappings.ToWorkflowInstance(metadata);
                if (query.Matches(GenerationStatusDocumentFactory.Create(instance))) found.Add(instance);
            }
            token = string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken;
            if (token is null) break;
        }
        found.Sort((a, b) => CreatedAt(b).CompareTo(CreatedAt(a)));
        return new WorkflowInstancePage(found, DurableMappings.ToContinuationToken(token));
    }

    static DateTimeOffset CreatedAt(WorkflowInstance instance) => GenerationStatusDocumentFactory.Create(instance).CreatedAt;

    /// <summary>Durable's own completion wait (a long poll on the backend), for <c>Prefer: wait</c>.</summary>
    public async Task<WorkflowInstance?> WaitForCompletionAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var metadata = await _client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        return metadata is null ? null : DurableMappings.ToWorkflowInstance(metadata);
    }
}
