using System.Net;
using System.Text.Json;
using ImagePipeline.Generation;
using ImagePipeline.Providers.Http;

namespace ImagePipeline.Providers.Scenario;

/// <summary>Maps Scenario's error replies. Its 429 is a per-team concurrency ceiling described in <c>details</c>
/// (<c>actionName</c>, <c>actionLimit</c>) without Retry-After, so the retry backoff applies.</summary>
internal static class ScenarioErrors
{
    public static ProviderException Map(ProviderHttpResponse response, TimeProvider timeProvider)
    {
        if (response.StatusCode != HttpStatusCode.TooManyRequests) return ProviderHttpErrors.Map(response, timeProvider);

        var providerMessage = MessageOf(response);
        var (actionName, actionLimit) = ConcurrencyLimitOf(response.Body);
        var message = actionLimit is null
            ? $"Scenario rate limit reached: {providerMessage}"
            : $"Scenario concurrency limit reached: at most {actionLimit} concurrent '{actionName ?? "generate"}' jobs per team; waiting for a running job to finish. ({providerMessage})";
        return new ProviderRateLimitedException(ProviderNames.Scenario, message,
            RateLimitHeaders.GetRetryAfter(response.Headers, timeProvider), providerMessage);
    }

    /// <summary>Scenario's error text; its bodies use <c>message</c> or <c>reason</c> (the shape is not documented).</summary>
    public static string MessageOf(ProviderHttpResponse response)
    {
        try
        {
            using var document = JsonDocument.Parse(response.Body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String)
            {
                return reason.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Not JSON: the common reader returns the raw text.
        }
        return response.ErrorMessage();
    }

    static (string? ActionName, string? ActionLimit) ConcurrencyLimitOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("details", out var details)
                || details.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }
            return (Text(details, "actionName"), Text(details, "actionLimit"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;
}
