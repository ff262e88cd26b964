using System.Globalization;
using System.Net.Http.Headers;

namespace ImagePipeline.Providers.Http;

/// <summary>Reads how long a provider asks us to wait: standard Retry-After, or Segmind's <c>x-rate-limit-reset-at-utc</c>.</summary>
public static class RateLimitHeaders
{
    public const string SegmindResetAtUtc = "x-rate-limit-reset-at-utc";

    public static TimeSpan? GetRetryAfter(HttpResponseHeaders headers, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var now = timeProvider.GetUtcNow();
        if (headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta) return delta;
            if (retryAfter.Date is { } date) return Max0(date - now);
        }
        if (headers.TryGetValues(SegmindResetAtUtc, out var values) && ParseResetAt(values.FirstOrDefault()) is { } resetAt)
            return Max0(resetAt - now);
        return null;
    }

    /// <summary>The reset time as an ISO-8601/RFC-1123 date or as unix seconds/milliseconds (the exact format is undocumented).</summary>
    public static DateTimeOffset? ParseResetAt(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        value = value.Trim();
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number > 100_000_000_000
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)number)
                : DateTimeOffset.FromUnixTimeMilliseconds((long)(number * 1000));
        }
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
            ? date
            : null;
    }

    static TimeSpan Max0(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;
}
