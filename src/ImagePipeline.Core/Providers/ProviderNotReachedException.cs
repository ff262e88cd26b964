namespace ImagePipeline.Providers;

/// <summary>The connection to the provider was never established (refused, DNS failure), so nothing was sent:
/// unlike <see cref="SubmitOutcomeUnknownException"/>, a submit that failed this way may be sent again.</summary>
public sealed class ProviderNotReachedException(string provider, string message, Exception? innerException = null)
    : ProviderException(provider, ProviderErrorCodes.ProviderUnavailable, message, isTransient: true, innerException: innerException);
