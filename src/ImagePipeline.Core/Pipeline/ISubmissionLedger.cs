namespace ImagePipeline.Pipeline;

/// <summary>
/// Remembers that a submit was attempted for a generation, outside the durable history. Durable steps run at least
/// once: if the host dies after the provider accepted a submit but before the step's result was recorded, the step
/// runs again — and the ledger is how it knows not to start a second billable job.
/// </summary>
public interface ISubmissionLedger
{
    /// <summary>Records an attempt. Returns the earlier record instead when one exists (the attempt is then NOT begun).</summary>
    Task<SubmissionRecord?> TryBeginAsync(string generationId, CancellationToken cancellationToken = default);

    /// <summary>Records the provider's job id for the attempt.</summary>
    Task CompleteAsync(string generationId, string providerJobId, CancellationToken cancellationToken = default);

    /// <summary>The attempt recorded for a generation, if any, without beginning one (when its job was submitted).</summary>
    Task<SubmissionRecord?> FindAsync(string generationId, CancellationToken cancellationToken = default);

    /// <summary>Forgets an attempt that provably never reached the provider, so it may be made again.</summary>
    Task AbandonAsync(string generationId, CancellationToken cancellationToken = default);
}
