namespace ImagePipeline.Routing;

/// <summary>The optional <c>Budget</c> settings (<c>Budget__{provider}__DailyUsd</c>, positive): once a provider's
/// spend today (UTC, reported or estimated) reaches its budget, <c>"auto"</c> skips it and an explicit request for it is
/// refused before anything is submitted. No budget, no limit.</summary>
public sealed class BudgetOptions() : Dictionary<string, ProviderBudget>(StringComparer.OrdinalIgnoreCase)
{
    public const string SectionName = "Budget";
}
