namespace ImagePipeline.Routing;

/// <summary>What was spent at each provider today (UTC), for the optional daily budgets (<c>Budget__{provider}__DailyUsd</c>).
/// Kept outside the durable history; an attempt is counted once however often its step runs.</summary>
public interface IProviderSpendLedger
{
    /// <summary>Adds an attempt's cost to its provider's total for the day it ended; a second call for the same
    /// <paramref name="attemptKey"/> changes nothing.</summary>
    Task RecordAsync(string provider, string attemptKey, decimal usd, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The provider's total for the UTC day of <paramref name="at"/>.</summary>
    Task<decimal> SpentOnAsync(string provider, DateTimeOffset at, CancellationToken cancellationToken = default);
}
