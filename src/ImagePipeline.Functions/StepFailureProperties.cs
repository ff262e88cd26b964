using ImagePipeline.Workflow;
using Microsoft.DurableTask.Worker;

namespace ImagePipeline.Functions;

/// <summary>
/// Attaches a failed step's pipeline error code (<see cref="StepFailureCode.Of"/>) to the activity's Durable failure
/// details, so the orchestrator reads it as <see cref="StepFailureCode.PropertyName"/> instead of parsing the message.
/// The Functions worker and a plain Durable Task worker both take it from the container.
/// </summary>
public sealed class StepFailureProperties : IExceptionPropertiesProvider
{
    public IDictionary<string, object?>? GetExceptionProperties(Exception exception) =>
        exception is not null && StepFailureCode.Of(exception) is { } code
            ? new Dictionary<string, object?> { [StepFailureCode.PropertyName] = code }
            : null;
}
