using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ImagePipeline.Serialization;

namespace ImagePipeline.Providers.Http;

/// <summary>A provider's reply, read fully (replies are small JSON; images are streamed separately).</summary>
public sealed record ProviderHttpResponse(string Provider, HttpStatusCode StatusCode, string Body, HttpResponseHeaders Headers)
{
    public bool IsSuccess => (int)StatusCode is >= 200 and < 300;

    /// <summary>Deserializes the body; a body that is not the expected JSON is a provider fault, not a crash.</summary>
    public T ReadJson<T>(JsonSerializerOptions? options = null)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(Body, options ?? WorkflowJson.Options)
                ?? throw new JsonException("The reply was JSON null.");
        }
        catch (JsonException ex)
        {
            throw new ProviderException(Provider, ProviderErrorCodes.ProviderUnavailable,
                $"{Provider} answered {(int)StatusCode} with a body that is not the expected JSON.", StatusCode,
                Truncate(Body), isTransient: false, innerException: ex);
        }
    }

    /// <summary>The <c>error</c>/<c>message</c> text of a JSON error body, or the raw body (truncated) when it is not JSON.</summary>
    public string ErrorMessage()
    {
        try
        {
            using var document = JsonDocument.Parse(Body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in new[] { "error", "message", "detail", "failure_reason" })
                {
                    if (!document.RootElement.TryGetProperty(name, out var value)) continue;
                    if (value.ValueKind == JsonValueKind.String) return value.GetString()!;
                    if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("message", out var inner) && inner.ValueKind == JsonValueKind.String)
                        return inner.GetString()!;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (Segmind answers 405 with HTML): fall through to the raw text.
        }
        return Truncate(Body);
    }

    static string Truncate(string text) => text.Length <= 500 ? text : text[..500] + "…";
}
