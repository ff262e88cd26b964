using System.Text.Json;

namespace ImagePipeline.Workflow;

/// <summary>Dispatches steps by name from their definitions, for a runtime that runs steps in process (the embedded one).</summary>
public class WorkflowStepInvoker<TSteps> : IWorkflowStepInvoker
{
    readonly TSteps _steps;
    readonly Dictionary<string, IWorkflowStep<TSteps>> _byName;

    public WorkflowStepInvoker(TSteps steps, IEnumerable<IWorkflowStep<TSteps>> definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        _steps = steps;
        _byName = definitions.ToDictionary(step => step.Name, StringComparer.Ordinal);
    }

    public Task<JsonElement> InvokeAsync(string stepName, JsonElement input, CancellationToken cancellationToken) =>
        _byName.TryGetValue(stepName, out var step)
            ? step.InvokeAsync(_steps, input, cancellationToken)
            : throw new InvalidOperationException($"Unknown workflow step '{stepName}'.");
}
