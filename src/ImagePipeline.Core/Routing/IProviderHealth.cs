namespace ImagePipeline.Routing;

/// <summary>Each provider's circuit, fed by its submit and status calls: <c>"auto"</c> ranks providers whose circuit is
/// closed first, and a submit is refused while the circuit is open (provably nothing sent, so the workflow fails over).</summary>
public interface IProviderHealth
{
    ProviderCircuitState StateOf(string provider);
}
