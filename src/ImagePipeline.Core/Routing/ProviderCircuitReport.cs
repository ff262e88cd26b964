namespace ImagePipeline.Routing;

/// <summary>One provider's circuit in <c>GET /api/health</c>: <c>closed</c>, <c>open</c> or <c>half_open</c>, and the
/// calls and failures the breaker counted in its sampling window since it last closed.</summary>
public sealed record ProviderCircuitReport(string State, double ErrorRate, int Calls, int Failures)
{
    public static string StateName(ProviderCircuitState state) => state switch
    {
        ProviderCircuitState.Open => "open",
        ProviderCircuitState.HalfOpen => "half_open",
        _ => "closed",
    };
}
