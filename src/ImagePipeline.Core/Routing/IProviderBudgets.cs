namespace ImagePipeline.Routing;

/// <summary>The optional daily budgets per provider, against what <see cref="IProviderSpendLedger"/> recorded.</summary>
public interface IProviderBudgets
{
    /// <summary>Null when the provider may take the work; else why not (e.g. "daily budget of $5.00 spent ($5.02 today)").</summary>
    Task<string?> ExhaustedAsync(string provider, CancellationToken cancellationToken = default);
}
