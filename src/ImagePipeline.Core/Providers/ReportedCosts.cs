using System.Globalization;
using System.Text.Json;

namespace ImagePipeline.Providers;

/// <summary>Reads a provider's own cost figure (US dollars) from its JSON: a number or a numeric string. A negative or
/// absurd figure is taken as "not reported" rather than believed: a wrong bill would drain or mislead a daily budget.</summary>
public static class ReportedCosts
{
    /// <summary>Above this for one job the figure is a unit or parsing mistake, not a price (Uni-1 costs cents).</summary>
    public const decimal MaxPlausibleUsd = 1000m;

    /// <summary>The figure in <paramref name="value"/>, or null when it is absent, not a number, negative or absurd.</summary>
    public static decimal? UsdOf(JsonElement? value)
    {
        decimal usd;
        switch (value)
        {
            case { ValueKind: JsonValueKind.Number } number when number.TryGetDecimal(out usd):
                break;
            case { ValueKind: JsonValueKind.String } text
                when decimal.TryParse(text.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out usd):
                break;
            default:
                return null;
        }
        return usd is >= 0 and <= MaxPlausibleUsd ? usd : null;
    }

    /// <summary>The figure of property <paramref name="name"/> of <paramref name="element"/> (null when not an object).</summary>
    public static decimal? UsdOf(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } item && item.TryGetProperty(name, out var value) ? UsdOf(value) : null;

    /// <summary>The sum of the figures reported, or null when none was.</summary>
    public static ProviderCost? Sum(IEnumerable<decimal?> figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        decimal? total = null;
        foreach (var figure in figures)
        {
            if (figure is { } usd) total = (total ?? 0m) + usd;
        }
        return total is { } sum ? new ProviderCost(sum) : null;
    }
}
