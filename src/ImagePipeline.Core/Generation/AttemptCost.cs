namespace ImagePipeline.Generation;

/// <summary>What one attempt cost: <paramref name="Usd"/> is null exactly when <paramref name="Basis"/> is
/// <see cref="CostBasis.Unknown"/>.</summary>
public sealed record AttemptCost(decimal? Usd, string Basis)
{
    public static AttemptCost Unknown { get; } = new(null, CostBasis.Unknown);
    public static AttemptCost NotBilled { get; } = new(0m, CostBasis.NotBilled);
}
