using System.Globalization;
using ImagePipeline.Generation;

namespace ImagePipeline.Standalone.Cli;

/// <summary>The line that says where an ended generation ran and what it cost, e.g. <c>Completed on gmicloud (after
/// runware refused: rate_limited) — cost $0.0404 (estimated)</c>. The basis always follows the figure, so an estimate
/// is never read as a bill.</summary>
static class OutcomeSummary
{
    public static string Describe(GenerationStatusDocument status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var earlier = status.Attempts is { Count: > 1 } attempts
            ? $" (after {string.Join(", ", attempts.Take(attempts.Count - 1).Select(Describe))})"
            : "";
        return $"{status.Status} on {status.Provider}{earlier} — {Cost(status.Cost)}";
    }

    /// <summary>"cost $0.0404 (estimated)", "cost $0.0400 (reported)", "nothing billed" or "cost unknown".</summary>
    public static string Cost(GenerationCost? cost) => cost switch
    {
        { Basis: CostBasis.NotBilled } => "nothing billed",
        { Usd: { } usd, Basis: var basis } when basis != CostBasis.Unknown => $"cost ${usd.ToString("0.0000##", CultureInfo.InvariantCulture)} ({basis})",
        // No attempts recorded (a generation from before routing) says as little as an unknown one.
        _ => "cost unknown",
    };

    static string Describe(GenerationAttempt attempt)
    {
        var outcome = attempt.Outcome.Replace('_', ' ');
        return attempt.Error is { } error ? $"{attempt.Provider} {outcome}: {error.Code}" : $"{attempt.Provider} {outcome}";
    }
}
