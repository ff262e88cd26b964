using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ImagePipeline.Testing.Simulators.Scenario;

/// <summary>
/// Speaks Scenario's REST API under <c>/v1</c> (point <c>ScenarioClientOptions.BaseUrl</c> at <see cref="ApiUrl"/>):
/// Basic auth, <c>POST /assets</c> uploads (under 6 MB), <c>POST /generate/custom/{modelId}</c> with asset ids,
/// <c>GET /jobs/{jobId}</c> (warming-up → queued → in-progress → success|failure) and <c>GET /assets/{assetId}</c> with a
/// temporary URL. 429 carries the team's concurrency ceiling in <c>details</c> and no Retry-After.
/// </summary>
public sealed class ScenarioSimulator : ProviderSimulator
{
    /// <summary>Scenario's asset limit ("under 6 MB"), as the client reads it.</summary>
    public const long MaxAssetBytes = 6_000_000;

    static readonly string[] KnownModels = ["model_luma-uni-1-max", "model_luma-photon", "model_luma-photon-flash"];
    static readonly string[] AspectRatios = ["16:9", "1:1", "1:2", "1:3", "2:1", "2:3", "3:1", "3:2", "9:16"];

    readonly ConcurrentDictionary<string, SimulatedJob> _jobs = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, ScenarioUploadedAsset> _uploads = new(StringComparer.Ordinal);
    readonly ConcurrentQueue<ScenarioUploadedAsset> _uploadOrder = new();
    readonly ConcurrentDictionary<string, Uri> _outputAssets = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, (byte[] Content, string ContentType)> _inputFiles = new(StringComparer.Ordinal);
    readonly ConcurrentQueue<string> _requestLog = new();
    string? _lastSubmittedBody;

    public string ApiKey { get; set; } = "scenario-test-key";
    public string ApiSecret { get; set; } = "scenario-test-secret";

    /// <summary>The API root to configure as the client's BaseUrl (Scenario's own ends in <c>/v1</c> too).</summary>
    public Uri ApiUrl => new(BaseUrl, "v1");

    /// <summary>The per-team concurrency ceiling announced in a 429's <c>details.actionLimit</c>.</summary>
    public int ConcurrencyLimit { get; set; } = 5;

    /// <summary>When set, every job reports this status word (e.g. an undocumented "failed") instead of its real one.</summary>
    public string? ForcedJobStatus { get; set; }

    /// <summary>Output assets per job.</summary>
    public int OutputsPerJob { get; set; } = 1;

    /// <summary>"METHOD /path" of every API request received, in arrival order (asset uploads, generate, polls).</summary>
    public IReadOnlyList<string> RequestLog => [.. _requestLog];

    /// <summary>Assets uploaded, in upload order.</summary>
    public IReadOnlyList<ScenarioUploadedAsset> UploadedAssets => [.. _uploadOrder];

    /// <summary>The JSON body of the last accepted generate request.</summary>
    public string? LastSubmittedBody => Volatile.Read(ref _lastSubmittedBody);

    public IReadOnlyCollection<string> JobIds => [.. _jobs.Keys];

    /// <summary>Serves <paramref name="content"/> at <c>/inputs/{name}</c>, as an input image URL a client must download.</summary>
    public Uri AddInputFile(string name, byte[] content, string contentType = "image/png")
    {
        _inputFiles[name] = (content, contentType);
        return new Uri(BaseUrl, $"inputs/{Uri.EscapeDataString(name)}");
    }

    protected override void MapRoutes(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal))
            {
                await next(context);
                return;
            }
            _requestLog.Enqueue($"{context.Request.Method} {context.Request.Path}");
            if (!IsAuthorized(context.Request))
            {
                await WriteJsonAsync(context, StatusCodes.Status401Unauthorized, Error("Unauthorized: invalid API key or secret."));
                return;
            }
            // Scenario's ceiling is on concurrent jobs per team; it says which action and how many, not when to retry.
            if (await AnswerScriptedRateLimitAsync(context, setHeaders: null, ConcurrencyLimitError())) return;
            await next(context);
        });
        app.MapPost("/v1/assets", UploadAsync);
        app.MapPost("/v1/generate/custom/{modelId}", GenerateAsync);
        app.MapGet("/v1/jobs/{jobId}", GetJobAsync);
        app.MapGet("/v1/assets/{assetId}", GetAssetAsync);
        app.MapGet("/inputs/{name}", ServeInputAsync);
    }

    async Task UploadAsync(HttpContext context)
    {
        var body = await ReadJsonAsync(context) as JsonObject;
        if (body?["image"] is not JsonValue imageValue || !imageValue.TryGetValue<string>(out var base64))
        {
            await WriteJsonAsync(context, StatusCodes.Status400BadRequest, Error("'image' (base64) is required."));
            return;
        }
        byte[] content;
        try
        {
            content = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            await WriteJsonAsync(context, StatusCodes.Status400BadRequest, Error("'image' is not valid base64."));
            return;
        }
        if (content.Length > MaxAssetBytes)
        {
            await WriteJsonAsync(context, StatusCodes.Status400BadRequest, Error("The image is too large: assets must be under 6 MB."));
            return;
        }

        var name = body["name"] is JsonValue nameValue && nameValue.TryGetValue<string>(out var given) ? given : "file.png";
        var asset = new ScenarioUploadedAsset($"asset_{Guid.NewGuid():N}", name, content);
        _uploads[asset.Id] = asset;
        _uploadOrder.Enqueue(asset);
        await WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["asset"] = new JsonObject { ["id"] = asset.Id, ["name"] = name, ["kind"] = "image", ["status"] = "success" },
        });
    }

    async Task GenerateAsync(HttpContext context)
    {
        var modelId = (string)context.Request.RouteValues["modelId"]!;
        switch (Behavior.SubmitFault)
        {
            case SubmitFault.BadRequest:
                await WriteJsonAsync(context, StatusCodes.Status400BadRequest, Error("Invalid request: prompt is not allowed to be empty."));
                return;
            case SubmitFault.Unauthorized:
                await WriteJsonAsync(context, StatusCodes.Status401Unauthorized, Error("Unauthorized: invalid API key or secret."));
                return;
            case SubmitFault.InsufficientCredits:
                await WriteJsonAsync(context, StatusCodes.Status402PaymentRequired, Error("Not enough Creative Units to run this generation."));
                return;
        }

        if (!KnownModels.Contains(modelId, StringComparer.Ordinal))
        {
            await WriteJsonAsync(context, StatusCodes.Status404NotFound, Error($"Model '{modelId}' not found."));
            return;
        }
        var body = await ReadJsonAsync(context) as JsonObject;
        var problem = body is null ? "The body must be a JSON object." : Validate(body);
        if (body is null || problem is not null)
        {
            await WriteJsonAsync(context, StatusCodes.Status400BadRequest, Error(problem!));
            return;
        }

        var outputs = new List<string>();
        for (var i = 0; i < Math.Max(1, OutputsPerJob); i++)
        {
            var assetId = $"asset_{Guid.NewGuid():N}";
            _outputAssets[assetId] = CreateOutputFile($"{assetId}.png", assetId.GetHashCode(StringComparison.Ordinal));
            outputs.Add(assetId);
        }
        var job = new SimulatedJob($"job_{Guid.NewGuid():N}", modelId, DateTimeOffset.UtcNow, outputs);
        _jobs[job.Id] = job;
        Volatile.Write(ref _lastSubmittedBody, body.ToJsonString());
        CountSubmit();

        if (Behavior.SubmitFault == SubmitFault.TimeoutAfterAccept)
        {
            if (!await HoldAcceptedAnswerAsync(context)) return;
        }
        else if (Behavior.SubmitFault == SubmitFault.ServerErrorAfterAccept)
        {
            await WriteJsonAsync(context, StatusCodes.Status500InternalServerError, Error("Internal server error."));
            return;
        }

        await WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject { ["job"] = JobJson(job, "queued", 0, new JsonObject()) });
    }

    async Task GetJobAsync(HttpContext context)
    {
        CountStatus();
        if (await AnswerScriptedServerErrorAsync(context, StatusCodes.Status503ServiceUnavailable, Error("Service temporarily unavailable."))) return;
        var jobId = (string)context.Request.RouteValues["jobId"]!;
        if (Behavior.ResultsExpired || !_jobs.TryGetValue(jobId, out var job))
        {
            await WriteJsonAsync(context, StatusCodes.Status404NotFound, Error($"Job '{jobId}' not found."));
            return;
        }

        var metadata = new JsonObject();
        string status;
        double progress;
        var elapsed = DateTimeOffset.UtcNow - job.CreatedAt;
        if (ForcedJobStatus is { } forced)
        {
            (status, progress) = (forced, 0.5);
        }
        else if (elapsed < Behavior.JobDuration)
        {
            progress = elapsed / Behavior.JobDuration;
            status = progress < 0.2 ? "warming-up" : progress < 0.4 ? "queued" : "in-progress";
        }
        else if (Behavior.FailJobsWith is { } failure)
        {
            (status, progress) = ("failure", 1);
            metadata["error"] = failure;
        }
        else
        {
            (status, progress) = ("success", 1);
            metadata["assetIds"] = new JsonArray([.. job.OutputAssetIds.Select(id => (JsonNode?)id)]);
        }
        await WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject { ["job"] = JobJson(job, status, progress, metadata) });
    }

    async Task GetAssetAsync(HttpContext context)
    {
        if (await AnswerScriptedServerErrorAsync(context, StatusCodes.Status503ServiceUnavailable, Error("Service temporarily unavailable."))) return;
        var assetId = (string)context.Request.RouteValues["assetId"]!;
        if (_outputAssets.TryGetValue(assetId, out var url))
        {
            await WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject
            {
                ["asset"] = new JsonObject { ["id"] = assetId, ["url"] = url.AbsoluteUri, ["mimeType"] = "image/png", ["kind"] = "image", ["status"] = "success" },
            });
            return;
        }
        if (_uploads.TryGetValue(assetId, out var upload))
        {
            await WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject
            {
                ["asset"] = new JsonObject { ["id"] = upload.Id, ["name"] = upload.Name, ["kind"] = "image", ["status"] = "success" },
            });
            return;
        }
        await WriteJsonAsync(context, StatusCodes.Status404NotFound, Error($"Asset '{assetId}' not found."));
    }

    async Task ServeInputAsync(HttpContext context)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        if (!_inputFiles.TryGetValue(name, out var file))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        context.Response.ContentType = file.ContentType;
        context.Response.ContentLength = file.Content.Length;
        await context.Response.Body.WriteAsync(file.Content, context.RequestAborted);
    }

    /// <summary>The documented rules of the generate body; null when it is acceptable.</summary>
    string? Validate(JsonObject body)
    {
        if (body["prompt"] is not JsonValue prompt || !prompt.TryGetValue<string>(out var text) || string.IsNullOrWhiteSpace(text))
            return "'prompt' is required.";
        var hasSource = body["source"] is not null;
        if (hasSource && (body["source"] is not JsonValue source || !source.TryGetValue<string>(out var sourceId) || !_uploads.ContainsKey(sourceId)))
            return "'source' must be the id of an uploaded asset.";
        if (body["imageRef"] is { } refs)
        {
            if (refs is not JsonArray array) return "'imageRef' must be an array of asset ids.";
            var max = hasSource ? 8 : 9;
            if (array.Count > max) return $"'imageRef' takes at most {max} assets{(hasSource ? " with a source" : "")}.";
            foreach (var item in array)
            {
                if (item is not JsonValue value || !value.TryGetValue<string>(out var id) || !_uploads.ContainsKey(id))
                    return "'imageRef' must hold ids of uploaded assets.";
            }
        }
        if (body["aspectRatio"] is { } ratio && (ratio is not JsonValue ratioValue || !ratioValue.TryGetValue<string>(out var r) || !AspectRatios.Contains(r, StringComparer.Ordinal)))
            return "'aspectRatio' must be one of: " + string.Join(", ", AspectRatios) + ".";
        if (body["outputFormat"] is { } format && (format is not JsonValue formatValue || !formatValue.TryGetValue<string>(out var f) || f is not ("png" or "jpeg")))
            return "'outputFormat' must be png or jpeg.";
        if (body["webSearch"] is { } search && (search is not JsonValue searchValue || !searchValue.TryGetValue<bool>(out _)))
            return "'webSearch' must be a boolean.";
        return null;
    }

    bool IsAuthorized(HttpRequest request)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ApiKey}:{ApiSecret}"));
        return string.Equals(request.Headers.Authorization.ToString(), expected, StringComparison.Ordinal);
    }

    static JsonObject JobJson(SimulatedJob job, string status, double progress, JsonObject metadata) => new()
    {
        ["jobId"] = job.Id,
        ["jobType"] = "inference",
        ["status"] = status,
        ["progress"] = progress,
        ["modelId"] = job.Model,
        ["metadata"] = metadata,
    };

    JsonObject ConcurrencyLimitError()
    {
        var body = Error($"You have reached the maximum number of concurrent generations for your team ({ConcurrencyLimit}).");
        body["details"] = new JsonObject { ["actionName"] = "generate", ["actionLimit"] = ConcurrencyLimit };
        return body;
    }

    static JsonObject Error(string message) => new() { ["message"] = message };

    sealed record SimulatedJob(string Id, string Model, DateTimeOffset CreatedAt, IReadOnlyList<string> OutputAssetIds);
}
