using System.Text.Json.Serialization;

namespace ImagePipeline.Routing;

/// <summary>The stored form of one provider's spend on one UTC day: each attempt's cost by its key, so an attempt
/// recorded twice (a step re-run after a crash) is counted once.</summary>
public sealed record ProviderDailySpend(DateOnly Day, IReadOnlyDictionary<string, decimal> Attempts)
{
    /// <summary>Summed once, when the day is read or updated: budget checks ask for it on every start.</summary>
    [JsonIgnore]
    public decimal Total { get; } = Attempts.Values.Sum();

    public static ProviderDailySpend EmptyOn(DateOnly day) => new(day, new Dictionary<string, decimal>(StringComparer.Ordinal));

    /// <summary>This day with the attempt added; this same instance when the attempt is already in.</summary>
    public ProviderDailySpend With(string attemptKey, decimal usd) =>
        Attempts.ContainsKey(attemptKey) ? this : new(Day, new Dictionary<string, decimal>(Attempts, StringComparer.Ordinal) { [attemptKey] = usd });

    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    /// <summary>The file or blob name for a provider's day: <c>{provider}+{yyyy-MM-dd}.json</c>.</summary>
    public static string NameFor(string provider, DateOnly day) =>
        $"{Uri.EscapeDataString(provider.ToLowerInvariant())}+{day:yyyy-MM-dd}.json";

    internal static void CheckRecord(string provider, string attemptKey, decimal usd)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        ArgumentException.ThrowIfNullOrWhiteSpace(attemptKey);
        ArgumentOutOfRangeException.ThrowIfNegative(usd);
    }
}
