using System.Globalization;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Routing;

/// <summary>Checks the <c>Pricing</c> and <c>Budget</c> settings at start, naming the one setting that is wrong.</summary>
public sealed class CostSettingsValidation : IValidateOptions<PricingOptions>, IValidateOptions<BudgetOptions>
{
    public ValidateOptionsResult Validate(string? name, PricingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var negative = options
            .SelectMany(provider => Prices($"{PricingOptions.SectionName}:{provider.Key}", provider.Value)
                .Concat(provider.Value.Models.SelectMany(model => Prices($"{PricingOptions.SectionName}:{provider.Key}:Models:{model.Key}", model.Value))))
            .Where(price => price.Usd < 0)
            .Select(price => string.Create(CultureInfo.InvariantCulture, $"{price.Key} ({price.Key.Replace(":", "__", StringComparison.Ordinal)}) = {price.Usd} must not be negative."))
            .ToList();
        return negative.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(negative);
    }

    public ValidateOptionsResult Validate(string? name, BudgetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var wrong = options
            .Where(budget => budget.Value.DailyUsd is <= 0)
            .Select(budget => string.Create(CultureInfo.InvariantCulture,
                $"{BudgetOptions.SectionName}:{budget.Key}:DailyUsd ({BudgetOptions.SectionName}__{budget.Key}__DailyUsd) = {budget.Value.DailyUsd} must be more than zero (leave it unset for no budget)."))
            .ToList();
        return wrong.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(wrong);
    }

    static IEnumerable<(string Key, decimal Usd)> Prices(string path, ImagePrices prices)
    {
        if (prices.ImageUsd is { } image) yield return ($"{path}:ImageUsd", image);
        if (prices.EditUsd is { } edit) yield return ($"{path}:EditUsd", edit);
    }
}
