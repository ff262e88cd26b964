using ImagePipeline.Serialization;
using System.Text.Json;

namespace ImagePipeline.Workflow;

/// <summary>
/// A step's one definition: its name, input and result types, retry policy and the method that runs it. The workflow
/// calls it through <see cref="WorkflowStepCalls.CallStepAsync{TSteps, TInput, TResult}"/>; the embedded runtime
/// dispatches it by name and the Durable hosts register it as an activity, all from this definition.
/// </summary>
/// <param name="Name">The activity name; histories and journals replay by it, so it never changes.</param>
/// <param name="Run">What the step does, on the class that holds the steps' dependencies.</param>
/// <param name="RetryPolicy">How the host retries a thrown failure; null runs the step once.</param>
public sealed record WorkflowStep<TSteps, TInput, TResult>(
    string Name,
    Func<TSteps, TInput, CancellationToken, Task<TResult>> Run,
    StepRetryPolicy? RetryPolicy = null) : IWorkflowStep<TSteps>
{
    public async Task<JsonElement> InvokeAsync(TSteps steps, JsonElement input, CancellationToken cancellationToken)
    {
        var typedInput = input.Deserialize<TInput>(WorkflowJson.Options)
            ?? throw new InvalidOperationException($"Step input for {typeof(TInput).Name} was null.");
        return JsonSerializer.SerializeToElement(await Run(steps, typedInput, cancellationToken), WorkflowJson.Options);
    }

    public void Accept(IWorkflowStepVisitor<TSteps> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        visitor.Visit(this);
    }
}
