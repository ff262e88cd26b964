using System.ComponentModel.DataAnnotations;

namespace ImagePipeline.Routing;

/// <summary>When a provider's circuit opens and for how long (bound from <c>Routing:Circuit</c>). The ranges are
/// Polly's own limits for its circuit breaker, checked at start so a bad value stops the host, not the first call.</summary>
public sealed class ProviderCircuitOptions
{
    public const string SectionName = "Routing:Circuit";

    /// <summary>The share of failed calls (429s, 5xx, unreachable, timeouts, refused keys or credit) in the sampling
    /// window at which the circuit opens.</summary>
    [Range(0.01, 1.0, ErrorMessage = "Routing:Circuit:FailureRatio must be between 0.01 and 1.")]
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Calls the window must hold before the ratio is judged at all (one early failure opens nothing).</summary>
    [Range(2, int.MaxValue, ErrorMessage = "Routing:Circuit:MinimumThroughput must be at least 2.")]
    public int MinimumThroughput { get; set; } = 5;

    /// <summary>How far back the failures are counted.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00", ErrorMessage = "Routing:Circuit:SamplingDuration must be between 500 ms and 1 day.")]
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit refuses calls before it lets one probe through (half-open).</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00", ErrorMessage = "Routing:Circuit:BreakDuration must be between 500 ms and 1 day.")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
