using ImagePipeline.Providers;
using ImagePipeline.Workflow;

namespace ImagePipeline.Functions;

/// <summary>
/// Runs an activity's step so that a failure keeps its pipeline error code across the history boundary: Durable
/// records only the exception's type and message, so the code travels as a <c>[code]</c> prefix of the message and
/// <see cref="DurableMappings.ToStepFailure"/> reads it back in the orchestrator.
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
        catch (StepException ex)
        {
            throw new StepException(ex.ErrorCode, DurableMappings.WithErrorCode(ex.ErrorCode, ex.Message), ex);
        }
        catch (ProviderException ex)
        {
            throw new StepException(ex.ErrorCode, DurableMappings.WithErrorCode(ex.ErrorCode, ex.Message), ex);
        }
    }
}
