namespace ImagePipeline.Workflow;

/// <summary>Typed step calls: the name, the result type and the retry policy all come from the step's definition.</summary>
public static class WorkflowStepCalls
{
    /// <summary>Runs <paramref name="step"/> with <paramref name="input"/>. A failure surfaces as
    /// <see cref="WorkflowStepFailedException"/> once the step's retry policy is exhausted.</summary>
    public static Task<TResult> CallStepAsync<TSteps, TInput, TResult>(this IWorkflowContext context, WorkflowStep<TSteps, TInput, TResult> step, TInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(step);
        return context.CallStepAsync<TResult>(step.Name, input, step.RetryPolicy);
    }
}
