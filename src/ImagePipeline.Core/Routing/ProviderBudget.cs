namespace ImagePipeline.Routing;

/// <summary>One provider's budget (<c>Budget:{provider}:DailyUsd</c>): what it may be spent per UTC day.</summary>
public sealed class ProviderBudget
{
    public decimal? DailyUsd { get; set; }
}
