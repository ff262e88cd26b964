namespace ImagePipeline.Generation;

/// <summary>Where an attempt's cost comes from; shown next to every figure so an estimate is never read as a bill.</summary>
public static class CostBasis
{
    /// <summary>The provider's own figure for the job.</summary>
    public const string Reported = "reported";
    /// <summary>From the configured price list (<c>Pricing</c> settings): what the job should have cost.</summary>
    public const string Estimated = "estimated";
    /// <summary>Neither: the provider did not say and no price is configured (or the job's fate is unknown).</summary>
    public const string Unknown = "unknown";
    /// <summary>Nothing was billed: the provider refused the submit before it accepted a job.</summary>
    public const string NotBilled = "not_billed";
}
