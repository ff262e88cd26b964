using System.Text.Json;

namespace ImagePipeline.Workflow;

/// <summary>Runs a workflow step by name with JSON input and output. The embedded runtime dispatches every
/// <see cref="IWorkflowContext.CallStepAsync{TResult}"/> through it; the Functions host has one activity per step instead.</summary>
public interface IWorkflowStepInvoker
{
    Task<JsonElement> InvokeAsync(string stepName, JsonElement input, CancellationToken cancellationToken);
}
