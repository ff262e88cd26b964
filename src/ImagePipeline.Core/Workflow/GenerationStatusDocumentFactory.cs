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

        if (outcome is not null) return WithRouting(FromOutcome(document, outcome, progress), input);

        return WithRouting(instance.RuntimeStatus switch
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
        } with { Provider = progress?.Provider ?? document.Provider, Model = progress?.Model ?? document.Model, Attempts = progress?.Attempts }, input);
    }

    /// <summary>The final status as the workflow itself knows it at the end (for the caller webhook, sent before the
    /// runtime records the outcome).</summary>
    public static GenerationStatusDocument Create(GenerationWorkflowInput input, GenerationOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(outcome);
        return OutputLinks.Apply(WithRouting(FromOutcome(new GenerationStatusDocument
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
        }, outcome, null), input), publicBaseUrl: null);
    }

    /// <summary>The provider and model shown are the current (or last) attempt's; the total cost is over the attempts.</summary>
    static GenerationStatusDocument WithRouting(GenerationStatusDocument document, GenerationWorkflowInput? input) => document with
    {
        Cost = GenerationCost.Total(document.Attempts),
        Routing = input?.Routing is { } routing
            ? new GenerationRoutingDocument(routing.Requested, [.. routing.Candidates.Select(c => c.Provider)], document.Provider, routing.Reason,
                routing.Excluded is { Count: > 0 } excluded ? excluded : null)
            : null,
    };

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
        Provider = outcome.Provider ?? document.Provider,
        Model = outcome.Model ?? document.Model,
        Attempts = outcome.Attempts,
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
