using System.Net.Http;
using System.Net.Sockets;
using ImagePipeline.Providers;
using Polly.Timeout;

namespace ImagePipeline.Routing;

/// <summary>Which outcomes of a provider call count against its circuit: the ones that say "send work elsewhere".</summary>
public static class ProviderCircuitFailures
{
    /// <summary>429s, 5xx, network faults and timeouts (transient), and a submit whose outcome is unknown (it timed out
    /// or got a 5xx after sending). 401/402/403 count too: a broken key or exhausted credit fails every call until an
    /// operator acts, so routing should avoid that provider just as it avoids one that is down. Not counted: the
    /// caller's own bad request (400/422), blocked content, a job the provider ran and reports failed, an expired
    /// result; the provider answered properly, and another provider would not do better.</summary>
    public static bool Counts(Exception exception) => exception switch
    {
        ProviderCircuitOpenException => false,
        SubmitOutcomeUnknownException => true,
        ProviderException { IsTransient: true } => true,
        ProviderException provider => provider.ErrorCode is ProviderErrorCodes.ProviderUnauthorized or ProviderErrorCodes.InsufficientCredits,
        HttpRequestException or TimeoutRejectedException => true,
        IOException { InnerException: SocketException } => true,
        _ => false,
    };
}
