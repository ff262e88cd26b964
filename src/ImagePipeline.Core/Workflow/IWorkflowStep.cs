using ImagePipeline.Serialization;
using System.Text.Json;

namespace ImagePipeline.Workflow;

/// <summary>A step definition seen without its input and result types: what a host needs to dispatch it by name
/// (<see cref="WorkflowStepInvoker{TSteps}"/>) or to register it as an activity (<see cref="Accept"/>).</summary>
/// <typeparam name="TSteps">The class whose methods run the steps.</typeparam>
public interface IWorkflowStep<TSteps>
{
    /// <summary>The step's (activity's) name; histories and journals replay by it, so it never changes.</summary>
    string Name { get; }

    /// <summary>Runs the step on JSON input and returns its JSON result (<see cref="WorkflowJson.Options"/>).</summary>
    Task<JsonElement> InvokeAsync(TSteps steps, JsonElement input, CancellationToken cancellationToken);

    /// <summary>Hands the typed definition to <paramref name="visitor"/> (e.g. to register a typed activity).</summary>
    void Accept(IWorkflowStepVisitor<TSteps> visitor);
}
