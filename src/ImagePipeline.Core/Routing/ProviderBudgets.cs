using System.Globalization;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Routing;

/// <summary><see cref="IProviderBudgets"/> over the <c>Budget</c> settings and what the spend ledger recorded today (UTC).
/// A provider without a budget is never read from the ledger.</summary>
public sealed class ProviderBudgets(IOptions<BudgetOptions> options, IProviderSpendLedger ledger, TimeProvider? timeProvider = null) : IProviderBudgets
{
    readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public async Task<string?> ExhaustedAsync(string provider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (!options.Value.TryGetValue(provider, out var budget) || budget.DailyUsd is not { } daily) return null;
        var spent = await ledger.SpentOnAsync(provider, _time.GetUtcNow(), cancellationToken);
        if (spent < daily) return null;
        provider = provider.ToLowerInvariant(); // named as requests and settings name it
        return string.Create(CultureInfo.InvariantCulture,
            $"{provider}'s daily budget of ${daily:0.00##} (Budget:{provider}:DailyUsd) is spent: ${spent:0.00##} today (UTC).");
    }
}
