namespace ImagePipeline.Pipeline;

/// <summary>The stored form of one provider and model's recent latencies, in seconds, oldest first.</summary>
public sealed record ProviderLatencyHistory(IReadOnlyList<double> Seconds)
{
    public static ProviderLatencyHistory Empty { get; } = new([]);

    /// <summary>This history with <paramref name="latency"/> appended, keeping the newest <paramref name="keep"/>.</summary>
    public ProviderLatencyHistory With(TimeSpan latency, int keep)
    {
        var seconds = Seconds.Append(Math.Round(latency.TotalSeconds, 3)).ToList();
        return new(seconds.Count > keep ? seconds[^keep..] : seconds);
    }

    public IReadOnlyList<TimeSpan> Latencies => [.. Seconds.Select(TimeSpan.FromSeconds)];

    /// <summary>The file or blob name for a provider and model (model ids carry ':' and '@', e.g. Runware's).</summary>
    public static string NameFor(string provider, string model) =>
        $"{Uri.EscapeDataString(provider.ToLowerInvariant())}+{Uri.EscapeDataString(model)}.json";
}
