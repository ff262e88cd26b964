using ImagePipeline.Workflow;

namespace ImagePipeline.Functions;

/// <summary>
/// Runs an activity's step so that a failure keeps its pipeline error code across the history boundary: Durable
/// records only the exception's type and message, so the code (<see cref="StepFailureCode.Of"/>) travels in the message
/// as <see cref="StepFailureCode.Prefix"/> writes it and <see cref="DurableMappings.ToStepFailure"/> reads it back.
/// </summary>
public static class StepErrorCodes
{
    public static async Task<T> CarryAsync<T>(Func<Task<T>> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        try
        {
            return await step();
        }
        catch (Exception ex) when (StepFailureCode.Of(ex) is { } code)
        {
            throw new StepException(code, StepFailureCode.Prefix(code, ex.Message), ex);
        }
    }

    /// <summary>Runs a step from its definition as an activity does.</summary>
    public static Task<TResult> RunAsync<TSteps, TInput, TResult>(WorkflowStep<TSteps, TInput, TResult> step, TSteps steps, TInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        return CarryAsync(() => step.Run(steps, input, cancellationToken));
    }
}
