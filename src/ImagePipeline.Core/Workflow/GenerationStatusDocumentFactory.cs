using System.Text.Json;
using ImagePipeline.Generation;
using ImagePipeline.Serialization;

namespace ImagePipeline.Workflow;

/// <summary>Builds the caller-facing status from what the durable runtime stores (input, custom status, output),
/// so both hosts answer the status route identically and never expose runtime internals. Each output's <c>url</c> is
/// the relative download path here; the API and the notifying steps make it absolute (<see cref="OutputLinks"/>).</summary>
public static class GenerationStatusDocumentFactory
{
    public static GenerationStatusDocument Create(WorkflowInstance instance) => OutputLinks.Apply(FromInstance(instance), publicBaseUrl: null);

    static GenerationStatusDocument FromInstance(WorkflowInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var input = Deserialize<GenerationWorkflowInput>(instance.SerializedInput);
        var progress = Deserialize<GenerationProgress>(instance.SerializedCustomStatus);
        var outcome = instance.RuntimeStatus == WorkflowRuntimeStatus.Completed ? Deserialize<GenerationOutcome>(instance.SerializedOutput) : null;

        var document = new GenerationStatusDocument
        {
            Id = instance.InstanceId,
            Status = GenerationStatus.Queued,
            Provider = input?.Provider ?? "unknown",
            Model = input?.Model ?? "unknown",
            CreatedAt = input?.CreatedAt ?? instance.CreatedAt,
            UpdatedAt = instance.LastUpdatedAt,
            Metadata = input?.Request.Metadata ?? new Dictionary<string, string>(),
            RetryOf = input?.Retry?.Of,
            Warning = input?.Retry?.Warning,
        };

        if (outcome is not null) return FromOutcome(document, outcome, progress);

        return instance.RuntimeStatus switch
        {
            WorkflowRuntimeStatus.Failed => document with
            {
                Status = GenerationStatus.Failed,
                ProviderJobId = progress?.ProviderJobId,
                Outputs = progress?.Outputs ?? [],
                Error = new("internal_error", instance.FailureMessage ?? "The workflow failed unexpectedly."),
            },
            WorkflowRuntimeStatus.Terminated => document with
            {
                Status = GenerationStatus.Canceled,
                ProviderJobId = progress?.ProviderJobId,
                Error = new(Providers.ProviderErrorCodes.Canceled, "The generation was terminated."),
            },
            _ when progress is not null => FromProgress(document, progress),
            _ => document,
        };
    }

    /// <summary>The final status as the workflow itself knows it at the end (for the caller webhook, sent before the
    /// runtime records the outcome).</summary>
    public static GenerationStatusDocument Create(GenerationWorkflowInput input, GenerationOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(outcome);
        return OutputLinks.Apply(FromOutcome(new GenerationStatusDocument
        {
            Id = input.GenerationId,
            Status = outcome.Status,
            Provider = input.Provider,
            Model = input.Model,
            CreatedAt = input.CreatedAt,
            UpdatedAt = outcome.CompletedAt,
            Metadata = input.Request.Metadata ?? new Dictionary<string, string>(),
            RetryOf = input.Retry?.Of,
            Warning = input.Retry?.Warning,
        }, outcome, null), publicBaseUrl: null);
    }

    static GenerationStatusDocument FromOutcome(GenerationStatusDocument document, GenerationOutcome outcome, GenerationProgress? progress) => document with
    {
        Status = outcome.Status,
        ProviderJobId = outcome.ProviderJobId,
        UpdatedAt = outcome.CompletedAt == default ? document.UpdatedAt : outcome.CompletedAt,
        // An ended generation is 100 % done whether it succeeded or not; the provider's word is its final one, if any.
        Progress = new(100, progress?.Status == outcome.Status ? progress.ProviderStatus : null),
        Outputs = outcome.Outputs,
        Error = outcome.Error is { } error ? new(error.Code, error.Message) : null,
        Notification = outcome.Notification,
    };

    static GenerationStatusDocument FromProgress(GenerationStatusDocument document, GenerationProgress progress) => document with
    {
        Status = progress.Status,
        ProviderJobId = progress.ProviderJobId,
        UpdatedAt = progress.UpdatedAt == default ? document.UpdatedAt : progress.UpdatedAt,
        Progress = new(progress.Percent, progress.ProviderStatus),
        Outputs = progress.Outputs,
        Error = progress.Error is { } error ? new(error.Code, error.Message) : null,
    };

    static T? Deserialize<T>(string? json) where T : class =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<T>(json, WorkflowJson.Options);
}
