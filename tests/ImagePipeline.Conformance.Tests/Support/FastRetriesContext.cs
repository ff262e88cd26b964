using ImagePipeline.Workflow;

namespace ImagePipeline.Conformance.Tests.Support;

/// <summary>Divides the retry intervals of every step by <paramref name="factor"/> (same attempts, same backoff), so a
/// scenario that exhausts the workflow's retries takes seconds, not a minute. The engine still does the retrying.</summary>
public sealed class FastRetriesContext(IWorkflowContext inner, int factor) : ForwardingWorkflowContext(inner)
{
    public override Task<TResult> CallStepAsync<TResult>(string stepName, object? input, StepRetryPolicy? retryPolicy = null) =>
        Inner.CallStepAsync<TResult>(stepName, input, retryPolicy is null ? null : retryPolicy with
        {
            FirstRetryInterval = retryPolicy.FirstRetryInterval / factor,
            MaxRetryInterval = retryPolicy.MaxRetryInterval / factor,
        });
}
