using System.Diagnostics;
using ImagePipeline.Diagnostics;

namespace ImagePipeline.Pipeline;

/// <summary>A submission ledger whose operations are traced (<see cref="StorageTelemetry.LedgerActivity"/>, tag
/// <see cref="StorageTelemetry.LedgerOperationTag"/>), on either store.</summary>
public sealed class TracedSubmissionLedger(ISubmissionLedger inner) : ISubmissionLedger
{
    /// <summary>The ledger that does the work (which one configuration chose).</summary>
    public ISubmissionLedger Inner => inner;

    public async Task<SubmissionRecord?> TryBeginAsync(string generationId, CancellationToken cancellationToken = default)
    {
        using var activity = Start("begin", generationId);
        var earlier = await inner.TryBeginAsync(generationId, cancellationToken);
        activity?.SetTag(StorageTelemetry.FoundTag, earlier is not null);
        return earlier;
    }

    public async Task CompleteAsync(string generationId, string providerJobId, CancellationToken cancellationToken = default)
    {
        using var activity = Start("complete", generationId);
        activity?.SetTag(PipelineTelemetry.ProviderJobIdTag, providerJobId);
        await inner.CompleteAsync(generationId, providerJobId, cancellationToken);
    }

    public async Task<SubmissionRecord?> FindAsync(string generationId, CancellationToken cancellationToken = default)
    {
        using var activity = Start("find", generationId);
        var found = await inner.FindAsync(generationId, cancellationToken);
        activity?.SetTag(StorageTelemetry.FoundTag, found is not null);
        return found;
    }

    public async Task AbandonAsync(string generationId, CancellationToken cancellationToken = default)
    {
        using var activity = Start("abandon", generationId);
        await inner.AbandonAsync(generationId, cancellationToken);
    }

    static Activity? Start(string operation, string generationId)
    {
        var activity = StorageTelemetry.Start(StorageTelemetry.LedgerActivity, generationId);
        activity?.SetTag(StorageTelemetry.LedgerOperationTag, operation);
        return activity;
    }
}
