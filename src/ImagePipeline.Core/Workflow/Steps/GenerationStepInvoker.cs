using System.Text.Json;
using ImagePipeline.Serialization;

namespace ImagePipeline.Workflow.Steps;

/// <summary>Dispatches steps by name for the embedded runtime (the Functions host has one activity function per step instead).</summary>
public sealed class GenerationStepInvoker(GenerationSteps steps) : IWorkflowStepInvoker
{
    public async Task<JsonElement> InvokeAsync(string stepName, JsonElement input, CancellationToken cancellationToken) => stepName switch
    {
        GenerationStepNames.Submit => Serialize(await steps.SubmitAsync(Read<SubmitStepInput>(input), cancellationToken)),
        GenerationStepNames.FindSubmittedJob => Serialize(await steps.FindSubmittedJobAsync(Read<SubmitStepInput>(input), cancellationToken)),
        GenerationStepNames.CheckStatus => Serialize(await steps.CheckStatusAsync(Read<CheckStatusStepInput>(input), cancellationToken)),
        GenerationStepNames.ArchiveOutput => Serialize(await steps.ArchiveOutputAsync(Read<ArchiveStepInput>(input), cancellationToken)),
        GenerationStepNames.Notify => Serialize(await steps.NotifyAsync(Read<NotifyStepInput>(input), cancellationToken)),
        GenerationStepNames.CancelProviderJob => Serialize(await steps.CancelProviderJobAsync(Read<CancelProviderJobStepInput>(input), cancellationToken)),
        GenerationStepNames.PublishCompletion => Serialize(await steps.PublishCompletionAsync(Read<PublishCompletionStepInput>(input), cancellationToken)),
        _ => throw new InvalidOperationException($"Unknown workflow step '{stepName}'."),
    };

    static T Read<T>(JsonElement input) =>
        input.Deserialize<T>(WorkflowJson.Options) ?? throw new InvalidOperationException($"Step input for {typeof(T).Name} was null.");

    static JsonElement Serialize<T>(T value) => JsonSerializer.SerializeToElement(value, WorkflowJson.Options);
}
