using ImagePipeline.Workflow;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.Functions;

/// <summary>The workflow's context over Durable Functions' <see cref="TaskOrchestrationContext"/>: steps are activities,
/// timers are durable timers, events are external events. Deterministic by construction (it only forwards).</summary>
public sealed class DurableWorkflowContext(TaskOrchestrationContext context) : IWorkflowContext
{
    readonly TaskOrchestrationContext _context = context ?? throw new ArgumentNullException(nameof(context));

    public string InstanceId => _context.InstanceId;

    public DateTime CurrentUtcDateTime => _context.CurrentUtcDateTime;

    public bool IsReplaying => _context.IsReplaying;

    public async Task<TResult> CallStepAsync<TResult>(string stepName, object? input, StepRetryPolicy? retryPolicy = null)
    {
        var options = retryPolicy is null ? null : DurableMappings.ToTaskOptions(retryPolicy);
        try
        {
            return await _context.CallActivityAsync<TResult>(stepName, input, options);
        }
        catch (TaskFailedException ex)
        {
            throw DurableMappings.ToStepFailure(stepName, ex);
        }
    }

    // Durable converts the due time with ToUniversalTime(), which would shift an Unspecified-kind UTC time by the
    // machine's offset.
    public Task CreateTimerAsync(DateTime fireAtUtc, CancellationToken cancellationToken) =>
        _context.CreateTimer(fireAtUtc.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(fireAtUtc, DateTimeKind.Utc) : fireAtUtc, cancellationToken);

    public Task<T> WaitForEventAsync<T>(string eventName, CancellationToken cancellationToken) =>
        _context.WaitForExternalEvent<T>(eventName, cancellationToken);

    public void SetCustomStatus(object? customStatus) => _context.SetCustomStatus(customStatus);

    public ILogger CreateReplaySafeLogger(string categoryName) => _context.CreateReplaySafeLogger(categoryName);
}
