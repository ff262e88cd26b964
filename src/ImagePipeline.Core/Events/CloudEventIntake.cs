using System.Text.Json;
using Azure.Messaging;
using ImagePipeline.Api;
using ImagePipeline.Workflow;
using Microsoft.AspNetCore.Http;
using ImagePipeline.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ImagePipeline.Events;

/// <summary>
/// <c>POST /api/events</c>: CloudEvents 1.0 in structured JSON mode, one (<c>application/cloudevents+json</c>) or a batch
/// (<c>application/cloudevents-batch+json</c>; plain <c>application/json</c> is read as either by its shape), each event's
/// <c>data</c> a generation request. A body that is not CloudEvents is refused whole (<c>400</c>, nothing started), one over
/// <c>Pipeline:MaxRequestBodyBytes</c> with <c>413</c> while it is read;
/// otherwise every event gets its own result (<c>202</c>). A failure to start (the runtime, the poison queue) answers
/// <c>500</c>; sending the same batch again is safe, since each event id starts at most one generation.
/// Both hosts serve it on <c>/api/events</c>, with the <c>OPTIONS</c> handshake (<see cref="Handshake"/>) Event Grid performs
/// before it delivers CloudEvents to an HTTP endpoint.
/// </summary>
public sealed class CloudEventIntake(EventStartProcessor processor, IOptions<PipelineOptions> options, ILogger<CloudEventIntake> logger)
{
    public const string SingleContentType = "application/cloudevents+json";
    public const string BatchContentType = "application/cloudevents-batch+json";

    public const string RequestOriginHeader = "WebHook-Request-Origin";
    public const string AllowedOriginHeader = "WebHook-Allowed-Origin";
    public const string RequestRateHeader = "WebHook-Request-Rate";
    public const string AllowedRateHeader = "WebHook-Allowed-Rate";

    enum Shape { Single, Batch, Either }

    /// <summary>The CloudEvents webhook validation handshake (CloudEvents "HTTP 1.1 Web Hooks", section 4): the sender
    /// names its origin in <c>WebHook-Request-Origin</c>; the endpoint agrees by echoing it in <c>WebHook-Allowed-Origin</c>.
    /// Any origin is allowed: who may deliver is decided by the function key (Functions) or the network (standalone).</summary>
    public static ApiResult Handshake(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers[RequestOriginHeader].FirstOrDefault() is not { Length: > 0 } origin)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Not a webhook validation request.",
                $"An OPTIONS request to the events route is the CloudEvents webhook handshake and must carry {RequestOriginHeader}.");
        }
        var answer = new ApiResult(StatusCodes.Status200OK, null)
            .WithHeader(AllowedOriginHeader, origin)
            .WithHeader(HeaderNames.Allow, "POST, OPTIONS");
        // No rate limit of ours to announce; "*" tells a sender that asked for one that any rate is fine.
        if (request.Headers.ContainsKey(RequestRateHeader)) answer.WithHeader(AllowedRateHeader, "*");
        return answer;
    }

    public async Task<ApiResult> AcceptAsync(IWorkflowClient client, HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        if (ShapeOf(request.ContentType) is not { } shape)
        {
            return Problems.Field(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.", "Content-Type",
                $"Send CloudEvents in structured JSON mode: {SingleContentType} (one event) or {BatchContentType} (a JSON array of events).");
        }

        var read = await BoundedRequestBody.ReadAsync(request, options.Value.MaxRequestBodyBytes, cancellationToken);
        if (read.Problem is not null) return read.Problem;
        if (Parse(new BinaryData(read.Content), shape, out var events) is { } problem)
        {
            logger.LogInformation("Refused a POST to the events route: {Problem}", problem);
            return Problems.Field(StatusCodes.Status400BadRequest, "The body is not CloudEvents.", BoundedRequestBody.Field, problem);
        }

        var results = new List<CloudEventResult>(events.Length);
        try
        {
            foreach (var cloudEvent in events)
                results.Add(CloudEventResult.From(cloudEvent, await processor.StartFromCloudEventAsync(client, cloudEvent, cancellationToken)));
        }
        catch (Workflow.WorkflowStoreUnavailableException ex)
        {
            // Not a server fault: the sender redelivers the whole batch after Retry-After, and events already started
            // are answered "duplicate" then (their ids are idempotency keys).
            logger.LogWarning("Refused a POST to the events route after {Started} of {Count} events: {Reason}", results.Count, events.Length, ex.Message);
            return Problems.StoreUnavailable(ex.Message, ex.RetryAfter);
        }
        return new ApiResult(StatusCodes.Status202Accepted, new CloudEventBatchAnswer(results));
    }

    static Shape? ShapeOf(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return Shape.Either;
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)) return null;
        return mediaType.MediaType.Value?.ToLowerInvariant() switch
        {
            SingleContentType => Shape.Single,
            BatchContentType => Shape.Batch,
            "application/json" => Shape.Either,
            _ => null,
        };
    }

    /// <summary>The events, or why the body is not CloudEvents (null when it is).</summary>
    static string? Parse(BinaryData body, Shape shape, out CloudEvent[] events)
    {
        events = [];
        JsonValueKind kind;
        try
        {
            using var document = JsonDocument.Parse(body);
            kind = document.RootElement.ValueKind;
        }
        catch (JsonException ex)
        {
            return $"The body is not valid JSON: {ex.Message}";
        }

        var batch = shape == Shape.Batch || (shape == Shape.Either && kind == JsonValueKind.Array);
        if (batch && kind != JsonValueKind.Array) return $"A batch ({BatchContentType}) must be a JSON array of events.";
        if (!batch && kind != JsonValueKind.Object) return $"A single event ({SingleContentType}) must be a JSON object.";

        try
        {
            events = batch ? CloudEvent.ParseMany(body) : [CloudEvent.Parse(body)!];
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or JsonException)
        {
            // The SDK appends advice about its skipValidation flag on further lines; the first line is the reason.
            return ex.Message.Split('\n', 2)[0].Trim();
        }
        return events.Length == 0 ? "The batch holds no events." : null;
    }
}
