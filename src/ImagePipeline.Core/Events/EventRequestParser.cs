using System.Buffers;
using System.Text.Json;
using ImagePipeline.Api;
using ImagePipeline.Generation;

namespace ImagePipeline.Events;

/// <summary>
/// Reads the body of a queue message or the <c>data</c> of a CloudEvent. Two shapes are accepted:
/// the generation request itself (the same JSON as the body of <c>POST /api/generations</c>), optionally with a
/// top-level <c>idempotencyKey</c>; or an envelope <c>{ "idempotencyKey": "…", "request": { … } }</c>.
/// </summary>
public static class EventRequestParser
{
    public const string IdempotencyKeyProperty = "idempotencyKey";
    public const string RequestProperty = "request";
    public const int MaxIdempotencyKeyLength = 255;

    public static ParsedEventRequest Parse(BinaryData? body)
    {
        if (body is null || body.ToMemory().IsEmpty) return ParsedEventRequest.Refused("The message has no body; expected a JSON generation request.");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToMemory());
        }
        catch (JsonException ex)
        {
            return ParsedEventRequest.Refused($"The body is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return ParsedEventRequest.Refused($"The body is not a generation request: expected a JSON object, found {Describe(root.ValueKind)}.");

            string? key = null;
            if (Find(root, IdempotencyKeyProperty) is { } keyElement && keyElement.ValueKind != JsonValueKind.Null)
            {
                if (keyElement.ValueKind != JsonValueKind.String || keyElement.GetString() is not { Length: > 0 and <= MaxIdempotencyKeyLength } text)
                    return ParsedEventRequest.Refused($"{IdempotencyKeyProperty} must be a string of 1–{MaxIdempotencyKeyLength} characters.");
                key = text;
            }

            var requestElement = root;
            var enveloped = false;
            if (Find(root, RequestProperty) is { } inner)
            {
                enveloped = true;
                if (inner.ValueKind != JsonValueKind.Object)
                    return ParsedEventRequest.Refused($"The envelope's {RequestProperty} must be a JSON object, found {Describe(inner.ValueKind)}.");
                requestElement = inner;
            }

            try
            {
                var request = Deserialize(requestElement, withoutIdempotencyKey: !enveloped);
                return request is null
                    ? ParsedEventRequest.Refused("The body is not a generation request.")
                    : new ParsedEventRequest(request, key, null);
            }
            catch (JsonException ex) when (UnknownRequestField.NameOf(ex) is { } unknown)
            {
                return ParsedEventRequest.Refused($"The body is not a generation request: {UnknownRequestField.Describe(unknown)}");
            }
            catch (JsonException ex)
            {
                return ParsedEventRequest.Refused($"The body is not a generation request: {ex.Message}");
            }
        }
    }

    /// <summary>Read as strictly as <c>POST /api/generations</c> reads its body (<see cref="ApiJson.RequestOptions"/>: unknown
    /// fields refused); a top-level <c>idempotencyKey</c> beside the request's own fields belongs to the message, not the
    /// request, so it is left out first.</summary>
    static GenerationRequest? Deserialize(JsonElement request, bool withoutIdempotencyKey)
    {
        if (!withoutIdempotencyKey || Find(request, IdempotencyKeyProperty) is null) return request.Deserialize<GenerationRequest>(ApiJson.RequestOptions);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in request.EnumerateObject())
            {
                if (!string.Equals(property.Name, IdempotencyKeyProperty, StringComparison.OrdinalIgnoreCase)) property.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        return JsonSerializer.Deserialize<GenerationRequest>(buffer.WrittenSpan, ApiJson.RequestOptions);
    }

    /// <summary>Property lookup as lenient as the request's own (case-insensitive) deserialization.</summary>
    static JsonElement? Find(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)) return property.Value;
        }
        return null;
    }

    static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}
