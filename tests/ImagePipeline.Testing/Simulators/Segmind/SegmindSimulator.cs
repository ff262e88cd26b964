using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ImagePipeline.Testing.Simulators.Segmind;

/// <summary>
/// Segmind's v2 queue API on loopback: <c>POST /v2/{model}</c> (header <c>x-api-key</c>; a Bearer token is not looked at,
/// so it gets 401), <c>GET /v2/requests/{id}/status</c> and <c>GET /v2/requests/{id}</c>. FAILED is served as 422 with
/// <c>{"status":"FAILED","error":…}</c>, unknown/expired ids as 404 <c>{"error":"Request … not found"}</c>, 429 with
/// <c>x-rate-limit-reset-at-utc</c> and no Retry-After, wrong methods as an HTML 405 page.
/// </summary>
public sealed class SegmindSimulator : RequestQueueSimulator
{
    const string ApiKeyHeader = "x-api-key";
    const string ResetAtHeader = "x-rate-limit-reset-at-utc";
    const string MethodNotAllowedPage =
        "<html>\r\n<head><title>405 Not Allowed</title></head>\r\n<body>\r\n<center><h1>405 Not Allowed</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

    static readonly string[] Uni1AspectRatios = ["16:9", "1:1", "1:2", "1:3", "2:1", "2:3", "3:1", "3:2", "9:16"];
    static readonly string[] PhotonAspectRatios = ["1:1", "16:9", "2:3", "3:2", "4:5", "5:4", "9:16", "9:21", "21:9"];
    static readonly string[] Styles = ["auto", "manga"];

    readonly ConcurrentDictionary<string, string[]> _models = new(StringComparer.Ordinal)
    {
        ["luma-uni-1-max"] = Uni1AspectRatios,
        ["luma-uni-1"] = Uni1AspectRatios,
        ["luma-photon-txt-2-img"] = PhotonAspectRatios,
    };
    readonly ConcurrentDictionary<string, bool> _retiredModels = new(StringComparer.Ordinal);

    /// <summary>The key the simulator expects in <c>x-api-key</c>.</summary>
    public string ApiKey { get; set; } = "segmind-test-key";

    /// <summary>Whether the result carries the optional <c>images[]</c> array besides <c>output</c>.</summary>
    public bool IncludeImagesInResult { get; set; } = true;

    /// <summary>The <c>metrics.cost</c> of a completed result; null leaves it out, as replies without it do.</summary>
    public decimal? ResultCost { get; set; } = 0.1m;

    /// <summary>The model of the last accepted submit (from the route).</summary>
    public string? LastSubmitModel { get; private set; }

    /// <summary>From now on the model answers 410 Gone, as Segmind does for retired models.</summary>
    public void RetireModel(string model) => _retiredModels[model] = true;

    protected override void MapRoutes(WebApplication app)
    {
        app.MapPost("/v2/{model}", (HttpContext context, string model) => SubmitAsync(context, model));
        app.MapGet("/v2/requests/{id}/status", (HttpContext context, string id) => ReadAsync(context, id, includeResult: false));
        app.MapGet("/v2/requests/{id}", (HttpContext context, string id) => ReadAsync(context, id, includeResult: true));
        // Segmind's edge answers a wrong method with an nginx HTML page, not JSON.
        app.MapMethods("/v2/{model}", ["GET", "PUT", "PATCH", "DELETE"], (HttpContext context) =>
            WriteAsync(context, StatusCodes.Status405MethodNotAllowed, MethodNotAllowedPage, "text/html"));
    }

    async Task SubmitAsync(HttpContext context, string model)
    {
        if (await AnswerScriptedSubmitAsync(context)) return;
        if (await RefusedAsync(context)) return;

        if (context.Request.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            await WriteErrorAsync(context, StatusCodes.Status406NotAcceptable, "Unsupported content type: send application/json.");
            return;
        }
        if (_retiredModels.ContainsKey(model))
        {
            await WriteErrorAsync(context, StatusCodes.Status410Gone, $"Model {model} has been retired and is no longer available.");
            return;
        }
        if (!_models.TryGetValue(model, out var aspectRatios))
        {
            await WriteErrorAsync(context, StatusCodes.Status404NotFound, $"Model {model} not found.");
            return;
        }

        if (await ReadJsonAsync(context) is not JsonObject body)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Invalid JSON body.");
            return;
        }
        if (Invalid(body, model, aspectRatios) is { } problem)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, problem);
            return;
        }

        QueuedJob? job = null;
        switch (TakeSubmitFault())
        {
            case SubmitFault.BadRequest:
                await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Invalid parameters: the request was rejected.");
                return;
            case SubmitFault.Unauthorized:
                await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "Invalid API key.");
                return;
            case SubmitFault.InsufficientCredits:
                await WriteErrorAsync(context, StatusCodes.Status406NotAcceptable, "Insufficient credits. Please top up your account to continue.");
                return;
            case SubmitFault.TimeoutAfterAccept:
                job = Accept(model, body);
                if (!await HoldAcceptedAnswerAsync(context)) return;
                break;
            case SubmitFault.ServerErrorAfterAccept:
                Accept(model, body);
                await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, "Internal server error.");
                return;
            default:
                break;
        }

        job ??= Accept(model, body);
        var statusUrl = new Uri(BaseUrl, $"v2/requests/{job.Id}/status").AbsoluteUri;
        await WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["request_id"] = job.Id,
            ["status"] = "QUEUED",
            ["poll_url"] = statusUrl,
            ["status_url"] = statusUrl,
            ["response_url"] = new Uri(BaseUrl, $"v2/requests/{job.Id}").AbsoluteUri,
        });
    }

    static string? Invalid(JsonObject body, string model, string[] aspectRatios)
    {
        if (body["prompt"] is not JsonValue prompt || !prompt.TryGetValue<string>(out var text) || string.IsNullOrWhiteSpace(text))
            return "prompt is required.";
        if (body["aspect_ratio"] is { } ratio && !aspectRatios.Contains(ratio.GetValueKind() == JsonValueKind.String ? ratio.GetValue<string>() : ""))
            return $"aspect_ratio must be one of {string.Join(", ", aspectRatios)} for {model}.";
        if (body["style"] is { } style && !Styles.Contains(style.GetValueKind() == JsonValueKind.String ? style.GetValue<string>() : ""))
            return "style must be auto or manga.";
        if (body["image"] is { } image
            && (image.GetValueKind() != JsonValueKind.String || !Uri.TryCreate(image.GetValue<string>(), UriKind.Absolute, out var url)
                || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            return "image must be a URL.";
        }
        return null;
    }

    QueuedJob Accept(string model, JsonObject body)
    {
        LastSubmitModel = model;
        var job = Accept($"sgm-{Guid.NewGuid():N}", model, body);
        RecordJobFinish(job.Id, job.SubmittedAt + job.Duration);
        return job;
    }

    async Task ReadAsync(HttpContext context, string id, bool includeResult)
    {
        if (await AnswerScriptedQueryAsync(context)) return;
        if (await RefusedAsync(context)) return;
        CountStatus();
        if (await AnswerScriptedServerErrorAsync(context, StatusCodes.Status502BadGateway, Error("Bad Gateway: service temporarily unavailable."))) return;
        if (Behavior.ResultsExpired || !TryGetJob(id, out var job))
        {
            await WriteErrorAsync(context, StatusCodes.Status404NotFound, $"Request {id} not found");
            return;
        }

        var outcome = Resolve(job);
        var elapsed = DateTimeOffset.UtcNow - job.SubmittedAt;
        var metrics = new JsonObject { ["queue_time"] = 0.1, ["inference_time"] = Math.Round(elapsed.TotalSeconds, 3) };
        if (outcome is { FailureMessage: { } failure })
        {
            await WriteJsonAsync(context, StatusCodes.Status422UnprocessableEntity, new JsonObject
            {
                ["status"] = "FAILED",
                ["request_id"] = job.Id,
                ["error"] = failure,
                ["metrics"] = metrics,
            });
            return;
        }
        if (outcome is null)
        {
            var word = elapsed < job.Duration / 4 ? "QUEUED" : "PROCESSING";
            await WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject { ["status"] = word, ["request_id"] = job.Id, ["metrics"] = new JsonObject() });
            return;
        }

        var reply = new JsonObject { ["status"] = "COMPLETED", ["request_id"] = job.Id, ["metrics"] = metrics };
        if (includeResult)
        {
            if (ResultCost is { } cost) metrics["cost"] = cost;
            reply["output"] = outcome.OutputUrl!.AbsoluteUri;
            reply["seed"] = job.Sequence * 7919;
            if (IncludeImagesInResult)
            {
                reply["images"] = new JsonArray(new JsonObject
                {
                    ["url"] = outcome.OutputUrl.AbsoluteUri,
                    ["content_type"] = "image/png",
                    ["file_name"] = OutputFileName(job.Id),
                    ["file_size"] = GetOutputBytes(job.Id)?.Length ?? 0,
                });
            }
        }
        await WriteJsonAsync(context, StatusCodes.Status200OK, reply);
    }

    /// <summary>Auth and rate limit, in the order Segmind's gateway applies them.</summary>
    async Task<bool> RefusedAsync(HttpContext context)
    {
        if (await AnswerScriptedRateLimitAsync(context,
                headers => headers[ResetAtHeader] = (DateTimeOffset.UtcNow + Behavior.RateLimitWait).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                Error("Rate limit exceeded. Please try again later.")))
        {
            return true;
        }
        if (!string.Equals(context.Request.Headers[ApiKeyHeader].ToString(), ApiKey, StringComparison.Ordinal))
        {
            await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "Invalid or missing API key (send it in the x-api-key header).");
            return true;
        }
        return false;
    }

    static JsonObject Error(string message) => new() { ["error"] = message };

    static Task WriteErrorAsync(HttpContext context, int statusCode, string message) => WriteJsonAsync(context, statusCode, Error(message));
}
