using System.Diagnostics.Metrics;

namespace ImagePipeline.Diagnostics;

/// <summary>
/// The pipeline's metrics, all on one <see cref="Meter"/> named <see cref="PipelineTelemetry.SourceName"/>. Recorded where
/// the work happens exactly once: in the API and the workflow's steps, never in the (replayed) workflow itself.
/// Dimensions use the <c>imagepipeline.*</c> tag names of <see cref="PipelineTelemetry"/>.
/// </summary>
public static class PipelineMetrics
{
    public const string MeterName = PipelineTelemetry.SourceName;

    static readonly Meter Meter = new(MeterName);

    /// <summary>How long each step run took, in seconds, by step and provider.</summary>
    public static Histogram<double> StepDuration { get; } = Meter.CreateHistogram<double>(
        "imagepipeline.step.duration", "s", "How long a workflow step run took.");

    /// <summary>Generations created (each once, however often its idempotency key is sent), by provider and model.</summary>
    public static Counter<long> GenerationsStarted { get; } = Meter.CreateCounter<long>(
        "imagepipeline.generations.started", "{generation}", "Generations created.");

    /// <summary>Generations that ended, by provider and outcome (completed, failed, canceled).</summary>
    public static Counter<long> GenerationsEnded { get; } = Meter.CreateCounter<long>(
        "imagepipeline.generations.ended", "{generation}", "Generations that ended, by outcome.");

    /// <summary>From the submit's start to the status read that saw the job done, by provider and model.</summary>
    public static Histogram<double> ProviderLatency { get; } = Meter.CreateHistogram<double>(
        "imagepipeline.provider.latency", "s", "Time from submitting a job to seeing it succeed at the provider.");

    /// <summary>How many times the provider's status was read for one generation (polling cost), by provider and outcome.</summary>
    public static Histogram<int> StatusReads { get; } = Meter.CreateHistogram<int>(
        "imagepipeline.provider.status_reads", "{read}", "Provider status reads a generation took.");

    /// <summary>Bytes copied into the output store, by provider.</summary>
    public static Counter<long> BytesArchived { get; } = Meter.CreateCounter<long>(
        "imagepipeline.archive.bytes", "By", "Bytes of outputs archived.");

    /// <summary>Caller webhook deliveries (all attempts of one message count once), by outcome.</summary>
    public static Counter<long> WebhookDeliveries { get; } = Meter.CreateCounter<long>(
        "imagepipeline.webhook.deliveries", "{delivery}", "Caller webhook deliveries, by outcome.");

    /// <summary>A provider's circuit changed state, by provider and new state (closed, open, half_open).</summary>
    public static Counter<long> CircuitTransitions { get; } = Meter.CreateCounter<long>(
        "imagepipeline.provider.circuit_transitions", "{transition}", "Provider circuit state changes.");

    public static KeyValuePair<string, object?> Tag(string name, object? value) => new(name, value);
}
