namespace ImagePipeline.Security;

/// <summary>An outbound request the server would not make (scheme, non-public address, redirect, oversized body).
/// The message carries the detail for the operator's log; callers are told only "refused by policy".</summary>
public sealed class OutboundRequestRefusedException(string message, Exception? innerException = null) : Exception(message, innerException)
{
    /// <summary>The wording callers see, so nothing about internal addresses or reachability leaks back.</summary>
    public const string PublicReason = "refused by policy";
}
