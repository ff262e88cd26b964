using System.Collections.Concurrent;
using System.Text.Json;
using ImagePipeline.Serialization;
using ImagePipeline.Workflow;

namespace ImagePipeline.EmbeddedDurable.Tests.Support;

/// <summary>A step invoker whose steps the test scripts, counting every invocation by step name.</summary>
internal sealed class ScriptedSteps : IWorkflowStepInvoker
{
    readonly ConcurrentDictionary<string, int> _calls = new();
    readonly ConcurrentDictionary<string, Func<JsonElement, CancellationToken, Task<object?>>> _handlers = new();

    public ScriptedSteps On(string stepName, Func<JsonElement, CancellationToken, Task<object?>> handler)
    {
        _handlers[stepName] = handler;
        return this;
    }

    public ScriptedSteps On(string stepName, Func<JsonElement, object?> handler) =>
        On(stepName, (input, _) => Task.FromResult(handler(input)));

    public int Calls(string stepName) => _calls.GetValueOrDefault(stepName);

    public async Task<JsonElement> InvokeAsync(string stepName, JsonElement input, CancellationToken cancellationToken)
    {
        _calls.AddOrUpdate(stepName, 1, (_, count) => count + 1);
        if (!_handlers.TryGetValue(stepName, out var handler))
        {
            throw new InvalidOperationException($"No step '{stepName}' is scripted.");
        }

        var result = await handler(input, cancellationToken);
        return JsonSerializer.SerializeToElement(result, WorkflowJson.Options);
    }
}
