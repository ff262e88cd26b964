
namespace ImagePipeline.Generation;

/// <summary>What a generation cost over all its attempts. <see cref="Usd"/> is null when any billed attempt's cost is
/// unknown (a partial sum would read as the whole bill); <see cref="Basis"/> is the weakest of the attempts' bases.</summary>
public sealed record GenerationCost(decimal? Usd, string Basis)
{
    public static GenerationCost? Total(IReadOnlyList<GenerationAttempt>? attempts)
    {
        var costs = (attempts ?? []).Where(a => a.Outcome != AttemptOutcomes.Running).Select(a => a.Cost ?? AttemptCost.Unknown).ToList();
        if (costs.Count == 0) return null;
        if (costs.Any(c => c.Basis == CostBasis.Unknown)) return new(null, CostBasis.Unknown);
        var usd = costs.Sum(c => c.Usd ?? 0m);
        var basis = costs.Any(c => c.Basis == CostBasis.Estimated) ? CostBasis.Estimated
            : costs.Any(c => c.Basis == CostBasis.Reported) ? CostBasis.Reported
            : CostBasis.NotBilled;
        return new(usd, basis);
    }
}
