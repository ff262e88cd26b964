using System.Text.Json;
using ImagePipeline.EmbeddedDurable;
using ImagePipeline.Inputs;
using ImagePipeline.Pipeline;
using ImagePipeline.Serialization;
using ImagePipeline.Storage;
using ImagePipeline.Workflow;
using ImagePipeline.Workflow.Steps;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Standalone.Retention;

/// <summary>Purges what finished generations leave behind: the journal (after which the status route answers 404), the
/// submission record, the input images only they used and, with <see cref="RetentionOptions.DeleteOutputs"/>, the
/// archived outputs. Unfinished generations are never touched.</summary>
public sealed class GenerationRetention(
    EmbeddedGenerationWorkflowRuntime runtime,
    ISubmissionLedger ledger,
    IInputImageStore inputs,
    IOutputStore outputs,
    IOptions<RetentionOptions> options,
    ILogger<GenerationRetention> logger)
{
    /// <summary>Purges every generation that ended before <paramref name="endedBefore"/>; returns how many.</summary>
    public async Task<int> PurgeAsync(DateTimeOffset endedBefore, CancellationToken cancellationToken = default)
    {
        var purged = 0;
        foreach (var instance in runtime.FindFinishedBefore(endedBefore))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var input = string.IsNullOrEmpty(instance.SerializedInput) ? null : JsonSerializer.Deserialize<GenerationWorkflowInput>(instance.SerializedInput, WorkflowJson.Options);
            var id = instance.InstanceId;
            var outputsDeleted = options.Value.DeleteOutputs ? await outputs.DeleteGenerationAsync(id, input?.CreatedAt ?? instance.CreatedAt, cancellationToken) : 0;
            var inputsDeleted = 0;
            foreach (var name in StoredInputNames(input))
            {
                // One a kept generation stored since the cutoff stays.
                if (await inputs.DeleteIfStoredBeforeAsync(name, endedBefore, cancellationToken)) inputsDeleted++;
            }
            // Forgets the submit record of every attempt (a failover's have keys of their own).
            for (var attempt = 0; attempt < (input?.Routing?.Candidates.Count ?? 1); attempt++)
            {
                try
                {
                    await ledger.AbandonAsync(AttemptKeys.For(id, attempt), cancellationToken);
                }
                catch (DirectoryNotFoundException)
                {
                    // Nothing was ever submitted on this host.
                }
            }
            // The journal last: a purge cut short leaves the generation findable, and the next sweep finishes it.
            runtime.PurgeFinished(id);
            purged++;
            logger.LogInformation(
                "Retention purged generation {GenerationId} ({RuntimeStatus}, ended {EndedAt:O}): journal, submission record, {InputsDeleted} input images, {OutputsDeleted} outputs",
                id, instance.RuntimeStatus, instance.LastUpdatedAt, inputsDeleted, outputsDeleted);
        }
        return purged;
    }

    static IEnumerable<string> StoredInputNames(GenerationWorkflowInput? input)
    {
        if (input is null) yield break;
        IEnumerable<string?> images = [input.Request.Image, .. input.Request.ReferenceImages ?? []];
        foreach (var image in images)
        {
            if (!StoredInputImages.IsStoredInput(image)) continue;
            yield return StoredInputReference.Parse(image!).Name;
        }
    }
}
