namespace ImagePipeline.Routing;

/// <summary>A provider's circuit as routing sees it (Polly's circuit breaker, one per provider).</summary>
public enum ProviderCircuitState
{
    Closed,
    HalfOpen,
    Open,
}
