using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ImagePipeline.Testing.Simulators.Luma;

/// <summary>
/// Luma first party: the Agents API (Uni-1) under <see cref="AgentsPrefix"/> and Dream Machine (Photon) under
/// <see cref="DreamMachinePrefix"/>, on one port, so a client can point both base URLs here.
/// <para>A generation is <c>queued</c> for the first half of <see cref="SimulatorBehavior.JobDuration"/>, then
/// <c>processing</c> (Agents) / <c>dreaming</c> (Dream Machine), then <c>completed</c>, or <c>failed</c> with
/// <see cref="SimulatorBehavior.FailJobsWith"/> as <c>failure_reason</c> and <see cref="FailureCode"/> as <c>failure_code</c>.
/// A Dream Machine submit with <c>callback_url</c> gets the whole generation POSTed on every state change
/// (each <see cref="SimulatorBehavior.WebhookDeliveries"/> times, a failed POST retried <see cref="CallbackRetries"/> times
/// <see cref="CallbackRetryInterval"/> apart), as Luma does. <see cref="SimulatorBehavior.SubmitFault"/> applies to the
/// next submit only and is then reset.</para>
/// </summary>
public sealed class LumaSimulator : ProviderSimulator
{
    public const string AgentsPrefix = "/agents/v1";
    public const string DreamMachinePrefix = "/dream-machine/v1";
    public const string DefaultApiKey = "luma-test-key";

    static readonly string[] AgentsModels = ["uni-1", "uni-1-max"];
    static readonly string[] PhotonModels = ["photon-1", "photon-flash-1"];
    static readonly string[] Uni1AspectRatios = ["16:9", "1:1", "1:2", "1:3", "2:1", "2:3", "3:1", "3:2", "9:16"];
    static readonly string[] DreamMachineAspectRatios = ["1:1", "16:9", "9:16", "4:3", "3:4", "21:9", "9:21"];
    static readonly string[] RefKinds = ["url", "data", "generation_id"];
    static readonly HttpClient CallbackClient = new() { Timeout = TimeSpan.FromSeconds(10) };

    readonly ConcurrentDictionary<string, LumaSimulatedGeneration> _generations = new();
    readonly ConcurrentQueue<LumaSimulatorRequest> _requests = new();
    readonly ConcurrentQueue<LumaCallbackDelivery> _callbacks = new();
    int _seed;
    JsonElement? _lastAgentsRequest;
    JsonElement? _lastDreamMachineRequest;

    /// <summary>The key the simulator expects as <c>Authorization: Bearer</c>.</summary>
    public string ApiKey { get; set; } = DefaultApiKey;

    /// <summary>The Agents <c>failure_code</c> of jobs failed by <see cref="SimulatorBehavior.FailJobsWith"/>.</summary>
    public string FailureCode { get; set; } = "generation_failed";

    /// <summary>When set, every status read and callback reports this state word (to test unknown states).</summary>
    public string? StateOverride { get; set; }

    /// <summary>Inline <c>data</c> larger than this (decoded) is refused with 413, as Luma does above 50 MB.</summary>
    public long MaxMediaBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>How often a failed callback POST is retried, and how far apart.</summary>
    public int CallbackRetries { get; set; } = 3;
    public TimeSpan CallbackRetryInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    public Uri AgentsBaseUrl => new(BaseUrl, AgentsPrefix.TrimStart('/'));
    public Uri DreamMachineBaseUrl => new(BaseUrl, DreamMachinePrefix.TrimStart('/'));

    /// <summary>The JSON body of the last Agents submit, as received.</summary>
    public JsonElement? LastAgentsRequest => _lastAgentsRequest;

    /// <summary>The JSON body of the last Dream Machine submit, as received.</summary>
    public JsonElement? LastDreamMachineRequest => _lastDreamMachineRequest;

    /// <summary>Every API request answered so far, in order of completion.</summary>
    public IReadOnlyList<LumaSimulatorRequest> Requests => [.. _requests];

    /// <summary>Every callback POST attempted so far.</summary>
    public IReadOnlyList<LumaCallbackDelivery> CallbackDeliveries => [.. _callbacks];

    public bool IsCanceled(string generationId) => _generations.TryGetValue(generationId, out var g) && g.Canceled;

    public static string OutputFileName(string generationId) => $"luma-{generationId}.png";

    /// <summary>The PNG served as the generation's output.</summary>
    public byte[]? GetOutput(string generationId) => GetFile(OutputFileName(generationId));

    protected override void MapRoutes(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost(AgentsPrefix + "/generations", Api(SubmitAgentsAsync));
        app.MapGet(AgentsPrefix + "/generations/{id}", Api(context => GetGenerationAsync(context, dreamMachine: false)));
        app.MapPost(DreamMachinePrefix + "/generations/image", Api(SubmitDreamMachineAsync));
        app.MapGet(DreamMachinePrefix + "/generations/{id}", Api(context => GetGenerationAsync(context, dreamMachine: true)));
        app.MapDelete(DreamMachinePrefix + "/generations/{id}", Api(DeleteGenerationAsync));
    }

    /// <summary>Logs the request and applies what every route shares: the Bearer key, then scripted 429s.</summary>
    RequestDelegate Api(RequestDelegate handler) => async context =>
    {
        var receivedAt = DateTimeOffset.UtcNow;
        try
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            if (authorization != "Bearer " + ApiKey)
                await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "Invalid API key provided.");
            else if (!await RefusedForRateLimitAsync(context))
                await handler(context);
        }
        finally
        {
            _requests.Enqueue(new LumaSimulatorRequest(context.Request.Method, context.Request.Path, receivedAt, context.Response.StatusCode));
        }
    };

    async Task SubmitAgentsAsync(HttpContext context)
    {
        if (await ReadBodyAsync(context) is not JsonObject body) return;
        _lastAgentsRequest = JsonSerializer.SerializeToElement(body);
        var fault = TakeSubmitFault();
        if (await RefuseForFaultAsync(context, fault)) return;

        if (ValidateAgents(body) is { } problem)
        {
            await WriteErrorAsync(context, problem.Status, problem.Message);
            return;
        }

        var model = (string)body["model"]!;
        var type = (string)body["type"]!;
        var generation = Create(dreamMachine: false, model, type, body, callbackUrl: null);
        await AnswerAcceptedAsync(context, fault, generation);
    }

    async Task SubmitDreamMachineAsync(HttpContext context)
    {
        if (await ReadBodyAsync(context) is not JsonObject body) return;
        _lastDreamMachineRequest = JsonSerializer.SerializeToElement(body);
        var fault = TakeSubmitFault();
        if (await RefuseForFaultAsync(context, fault)) return;

        if (ValidateDreamMachine(body) is { } problem)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, problem);
            return;
        }

        Uri? callbackUrl = body["callback_url"] is JsonValue callback ? new Uri((string)callback!) : null;
        var generation = Create(dreamMachine: true, (string)body["model"]!, "image", body, callbackUrl);
        if (callbackUrl is not null && callbackUrl.IsLoopback && Behavior.SendWebhooks)
            TrackWebhookDelivery(Task.Run(() => RunCallbacksAsync(generation)));
        await AnswerAcceptedAsync(context, fault, generation);
    }

    LumaSimulatedGeneration Create(bool dreamMachine, string model, string type, JsonObject body, Uri? callbackUrl)
    {
        var id = Guid.NewGuid().ToString("D");
        var outputUrl = CreateOutputFile(OutputFileName(id), Interlocked.Increment(ref _seed));
        var generation = new LumaSimulatedGeneration(id, dreamMachine, model, type, DateTimeOffset.UtcNow, Behavior.JobDuration,
            outputUrl, body.DeepClone(), callbackUrl);
        _generations[id] = generation;
        CountSubmit();
        return generation;
    }

    /// <summary>Answers 201 with the new generation, unless the fault says the answer gets lost after the job was created.</summary>
    async Task AnswerAcceptedAsync(HttpContext context, SubmitFault fault, LumaSimulatedGeneration generation)
    {
        if (fault == SubmitFault.ServerErrorAfterAccept)
        {
            await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, "Internal server error.");
            return;
        }
        if (fault == SubmitFault.TimeoutAfterAccept && !await HoldAcceptedAnswerAsync(context)) return;
        await WriteJsonAsync(context, StatusCodes.Status201Created, Render(generation, "queued"));
    }

    async Task GetGenerationAsync(HttpContext context, bool dreamMachine)
    {
        CountStatus();
        if (await AnswerScriptedServerErrorAsync(context, StatusCodes.Status503ServiceUnavailable, Detail("Service temporarily unavailable."))) return;
        var id = (string)context.Request.RouteValues["id"]!;
        if (Behavior.ResultsExpired || !_generations.TryGetValue(id, out var generation) || generation.IsDreamMachine != dreamMachine || generation.Canceled)
        {
            await WriteErrorAsync(context, StatusCodes.Status404NotFound, $"Generation {id} not found.");
            return;
        }
        await WriteJsonAsync(context, StatusCodes.Status200OK, Render(generation, StateOf(generation)));
    }

    async Task DeleteGenerationAsync(HttpContext context)
    {
        var id = (string)context.Request.RouteValues["id"]!;
        if (!_generations.TryGetValue(id, out var generation) || !generation.IsDreamMachine || generation.Canceled)
        {
            await WriteErrorAsync(context, StatusCodes.Status404NotFound, $"Generation {id} not found.");
            return;
        }
        generation.Canceled = true;
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    string StateOf(LumaSimulatedGeneration generation)
    {
        if (StateOverride is { } state) return state;
        var elapsed = DateTimeOffset.UtcNow - generation.SubmittedAt;
        if (elapsed >= generation.Duration) return FinalState;
        if (elapsed >= generation.Duration / 2) return generation.IsDreamMachine ? "dreaming" : "processing";
        return "queued";
    }

    string FinalState => Behavior.FailJobsWith is null ? "completed" : "failed";

    JsonObject Render(LumaSimulatedGeneration generation, string state)
    {
        var createdAt = generation.SubmittedAt.ToString("O", CultureInfo.InvariantCulture);
        var failureReason = state == "failed" ? Behavior.FailJobsWith ?? "Generation failed." : null;
        if (generation.IsDreamMachine)
        {
            return new JsonObject
            {
                ["id"] = generation.Id,
                ["generation_type"] = "image",
                ["state"] = state,
                ["failure_reason"] = failureReason,
                ["created_at"] = createdAt,
                ["model"] = generation.Model,
                ["assets"] = state == "completed" ? new JsonObject { ["image"] = generation.OutputUrl.AbsoluteUri } : null,
                ["request"] = generation.Request.DeepClone(),
            };
        }
        return new JsonObject
        {
            ["id"] = generation.Id,
            ["model"] = generation.Model,
            ["type"] = generation.Type,
            ["state"] = state,
            ["failure_code"] = state == "failed" ? FailureCode : null,
            ["failure_reason"] = failureReason,
            ["created_at"] = createdAt,
            ["output"] = state == "completed"
                ? new JsonArray(new JsonObject { ["type"] = "image", ["url"] = generation.OutputUrl.AbsoluteUri })
                : new JsonArray(),
        };
    }

    /// <summary>queued at once, dreaming at half time, then completed/failed; stops once the generation is deleted.</summary>
    async Task RunCallbacksAsync(LumaSimulatedGeneration generation)
    {
        var half = generation.Duration / 2;
        await DeliverAsync(generation, StateOverride ?? "queued");
        await Task.Delay(half);
        if (generation.Canceled) return;
        await DeliverAsync(generation, StateOverride ?? "dreaming");
        await Task.Delay(generation.Duration - half);
        if (generation.Canceled) return;
        await DeliverAsync(generation, StateOverride ?? FinalState);
    }

    async Task DeliverAsync(LumaSimulatedGeneration generation, string state)
    {
        var json = Render(generation, state).ToJsonString();
        for (var delivery = 0; delivery < Behavior.WebhookDeliveries; delivery++)
        {
            for (var attempt = 1; attempt <= 1 + CallbackRetries; attempt++)
            {
                HttpStatusCode? status = null;
                try
                {
                    using var content = new StringContent(json, Encoding.UTF8, "application/json");
                    using var response = await CallbackClient.PostAsync(generation.CallbackUrl, content);
                    status = response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    // Connection failed: retried like a non-2xx answer.
                }
                catch (TaskCanceledException)
                {
                    // Timed out: retried like a non-2xx answer.
                }
                _callbacks.Enqueue(new LumaCallbackDelivery(generation.Id, state, attempt, status));
                if (status is { } code && (int)code is >= 200 and < 300) break;
                if (attempt <= CallbackRetries) await Task.Delay(CallbackRetryInterval);
            }
        }
    }

    (int Status, string Message)? ValidateAgents(JsonObject body)
    {
        const int unprocessable = StatusCodes.Status422UnprocessableEntity;
        if (body["prompt"] is not JsonValue promptValue || !promptValue.TryGetValue<string>(out var prompt) || prompt.Length is < 1 or > 6000)
            return (unprocessable, "prompt must be a string of 1 to 6000 characters.");
        if (!IsOneOf(body["model"], AgentsModels))
            return (unprocessable, $"model must be one of: {string.Join(", ", AgentsModels)}.");
        if (!IsOneOf(body["type"], ["image", "image_edit"]))
            return (unprocessable, "type must be image or image_edit.");
        var isEdit = (string)body["type"]! == "image_edit";
        if (isEdit != body.ContainsKey("source"))
            return (unprocessable, isEdit ? "image_edit requires source." : "source is only allowed with type image_edit.");
        if (body.ContainsKey("aspect_ratio") && !IsOneOf(body["aspect_ratio"], Uni1AspectRatios))
            return (unprocessable, "aspect_ratio is not supported.");
        if (body.ContainsKey("style") && !IsOneOf(body["style"], ["auto", "manga"]))
            return (unprocessable, "style must be auto or manga.");
        if (body.ContainsKey("output_format") && !IsOneOf(body["output_format"], ["png", "jpeg"]))
            return (unprocessable, "output_format must be png or jpeg.");
        if (body.ContainsKey("web_search") && body["web_search"]?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            return (unprocessable, "web_search must be a boolean.");

        if (body["source"] is { } source && ValidateRef(source, "source") is { } sourceProblem) return sourceProblem;
        if (body.ContainsKey("image_ref"))
        {
            if (body["image_ref"] is not JsonArray references) return (unprocessable, "image_ref must be an array.");
            var max = isEdit ? 8 : 9;
            if (references.Count > max)
                return (unprocessable, $"image_ref takes at most {max} images{(isEdit ? " with a source" : "")}.");
            for (var i = 0; i < references.Count; i++)
                if (ValidateRef(references[i], $"image_ref[{i}]") is { } problem) return problem;
        }
        return null;
    }

    /// <summary>A ref is exactly one of url, data (+ media_type) or generation_id.</summary>
    (int Status, string Message)? ValidateRef(JsonNode? node, string field)
    {
        const int unprocessable = StatusCodes.Status422UnprocessableEntity;
        if (node is not JsonObject reference) return (unprocessable, $"{field} must be an object.");
        var kinds = RefKinds.Count(reference.ContainsKey);
        if (kinds != 1) return (unprocessable, $"{field} must have exactly one of url, data or generation_id.");
        var allowed = reference.ContainsKey("data") ? new[] { "data", "media_type" } : RefKinds;
        if (reference.Select(p => p.Key).FirstOrDefault(k => !allowed.Contains(k)) is { } extra)
            return (unprocessable, $"{field} has an unexpected field '{extra}'.");

        if (reference.ContainsKey("url"))
        {
            return reference["url"] is JsonValue url && url.TryGetValue<string>(out var text)
                && Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                ? null
                : (unprocessable, $"{field}.url must be an http(s) URL.");
        }
        if (reference.ContainsKey("generation_id"))
            return reference["generation_id"] is JsonValue ? null : (unprocessable, $"{field}.generation_id must be a string.");

        if (reference["media_type"] is not JsonValue mediaType || !mediaType.TryGetValue<string>(out var media) || !media.StartsWith("image/", StringComparison.Ordinal))
            return (unprocessable, $"{field}.media_type must be an image type.");
        if (reference["data"] is not JsonValue data || !data.TryGetValue<string>(out var base64))
            return (unprocessable, $"{field}.data must be a base64 string.");
        var buffer = new byte[base64.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(base64, buffer, out var length))
            return (unprocessable, $"{field}.data is not valid base64.");
        return length > MaxMediaBytes ? (StatusCodes.Status413PayloadTooLarge, $"{field} is larger than 50 MB.") : null;
    }

    static string? ValidateDreamMachine(JsonObject body)
    {
        if (!IsOneOf(body["model"], PhotonModels)) return $"model must be one of: {string.Join(", ", PhotonModels)}.";
        if (body["prompt"] is not JsonValue prompt || !prompt.TryGetValue<string>(out var text) || text.Length == 0) return "prompt is required.";
        if (body.ContainsKey("aspect_ratio") && !IsOneOf(body["aspect_ratio"], DreamMachineAspectRatios)) return "aspect_ratio is not supported.";
        if (body.ContainsKey("format") && !IsOneOf(body["format"], ["jpg", "png"])) return "format must be jpg or png.";
        if (body.ContainsKey("callback_url") && (body["callback_url"] is not JsonValue callback || !IsHttpUrl((string?)callback)))
            return "callback_url must be an http(s) URL.";
        if (body.ContainsKey("image_ref"))
        {
            if (body["image_ref"] is not JsonArray references) return "image_ref must be an array.";
            if (references.Count > 4) return "image_ref takes at most 4 images.";
            for (var i = 0; i < references.Count; i++)
                if (ValidateWeightedRef(references[i], $"image_ref[{i}]") is { } problem) return problem;
        }
        if (body.ContainsKey("modify_image_ref") && ValidateWeightedRef(body["modify_image_ref"], "modify_image_ref") is { } modifyProblem)
            return modifyProblem;
        return null;
    }

    static string? ValidateWeightedRef(JsonNode? node, string field) =>
        node is JsonObject reference && reference["url"] is JsonValue url && IsHttpUrl((string?)url)
            && (!reference.ContainsKey("weight") || reference["weight"]?.GetValueKind() == JsonValueKind.Number)
            ? null
            : $"{field} must be {{\"url\": <http(s) URL>, \"weight\": <number>}}.";

    static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    static bool IsOneOf(JsonNode? node, string[] values) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && values.Contains(text, StringComparer.Ordinal);

    static async Task<bool> RefuseForFaultAsync(HttpContext context, SubmitFault fault)
    {
        var refusal = fault switch
        {
            SubmitFault.BadRequest => (StatusCodes.Status400BadRequest, "Bad request."),
            SubmitFault.Unauthorized => (StatusCodes.Status401Unauthorized, "Invalid API key provided."),
            SubmitFault.InsufficientCredits => (StatusCodes.Status402PaymentRequired, "Insufficient balance. Please add credits."),
            _ => ((int, string)?)null,
        };
        if (refusal is not { } answer) return false;
        await WriteErrorAsync(context, answer.Item1, answer.Item2);
        return true;
    }

    Task<bool> RefusedForRateLimitAsync(HttpContext context) =>
        AnswerScriptedRateLimitAsync(context, headers => headers.RetryAfter = RetryAfterSeconds(atLeast: 0), Detail("Too many requests: rate limit exceeded."));

    static async Task<JsonNode?> ReadBodyAsync(HttpContext context)
    {
        if (await ReadJsonAsync(context) is JsonObject body) return body;
        await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "The body must be a JSON object.");
        return null;
    }

    static JsonObject Detail(string message) => new() { ["detail"] = message };

    static Task WriteErrorAsync(HttpContext context, int status, string message) => WriteJsonAsync(context, status, Detail(message));
}
