namespace ImagePipeline.Providers;

/// <summary>The provider's circuit is open (too many recent failures or 429s): the call was not made. For a submit
/// that proves nothing was started, so the workflow may fail over; a status read is simply tried again later.</summary>
public sealed class ProviderCircuitOpenException(string provider, string message, TimeSpan? retryAfter = null, Exception? innerException = null)
    : ProviderException(provider, ProviderErrorCodes.ProviderUnavailable, message, isTransient: true, innerException: innerException)
{
    /// <summary>Until the circuit half-opens, when known.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public override ProviderError ToError() => new(ErrorCode, Message, Retryable: true, RetryAfter);
}
