using ImagePipeline.Workflow;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.Conformance.Tests.Support;

/// <summary>Base of the test decorators: forwards everything to the engine's context.</summary>
public abstract class ForwardingWorkflowContext(IWorkflowContext inner) : IWorkflowContext
{
    protected IWorkflowContext Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    public string InstanceId => Inner.InstanceId;

    public DateTime CurrentUtcDateTime => Inner.CurrentUtcDateTime;

    public bool IsReplaying => Inner.IsReplaying;

    public virtual Task<TResult> CallStepAsync<TResult>(string stepName, object? input, StepRetryPolicy? retryPolicy = null) =>
        Inner.CallStepAsync<TResult>(stepName, input, retryPolicy);

    public virtual Task CreateTimerAsync(DateTime fireAtUtc, CancellationToken cancellationToken) =>
        Inner.CreateTimerAsync(fireAtUtc, cancellationToken);

    public Task<T> WaitForEventAsync<T>(string eventName, CancellationToken cancellationToken) =>
        Inner.WaitForEventAsync<T>(eventName, cancellationToken);

    public void SetCustomStatus(object? customStatus) => Inner.SetCustomStatus(customStatus);

    public ILogger CreateReplaySafeLogger(string categoryName) => Inner.CreateReplaySafeLogger(categoryName);
}
