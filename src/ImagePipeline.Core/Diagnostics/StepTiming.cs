using System.Diagnostics;

namespace ImagePipeline.Diagnostics;

/// <summary>One step run's activity and duration measurement (see <see cref="PipelineTelemetry"/>); disposing ends both.</summary>
public readonly struct StepTiming : IDisposable
{
    readonly string _step;
    readonly string? _provider;
    readonly long _startedAt;

    internal StepTiming(string step, string generationId, string? provider)
    {
        _step = step;
        _provider = provider;
        _startedAt = Stopwatch.GetTimestamp();
        Activity = PipelineTelemetry.ActivitySource.StartActivity(PipelineTelemetry.StepActivity, ActivityKind.Internal);
        if (Activity is not null) Activity.DisplayName = step;
        Activity?.SetTag(PipelineTelemetry.StepTag, step);
        Activity?.SetTag(PipelineTelemetry.GenerationIdTag, generationId);
        if (provider is not null) Activity?.SetTag(PipelineTelemetry.ProviderTag, provider);
    }

    /// <summary>The run's activity, when anyone listens (to add tags such as <see cref="PipelineTelemetry.BytesTag"/>).</summary>
    public Activity? Activity { get; }

    public void Dispose()
    {
        Activity?.Dispose();
        if (_step is null) return; // default(StepTiming)
        PipelineMetrics.StepDuration.Record(Stopwatch.GetElapsedTime(_startedAt).TotalSeconds,
            new KeyValuePair<string, object?>(PipelineTelemetry.StepTag, _step),
            new KeyValuePair<string, object?>(PipelineTelemetry.ProviderTag, _provider));
    }
}
