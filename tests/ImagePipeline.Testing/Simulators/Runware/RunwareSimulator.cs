using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ImagePipeline.Testing.Simulators.Runware;

/// <summary>
/// Speaks Runware's REST API at <c>POST /v1</c> (point <c>RunwareClientOptions.BaseUrl</c> at <see cref="ApiUrl"/>):
/// Bearer auth, a JSON array of tasks in, <c>{"data":[…]}</c> and/or <c>{"errors":[…]}</c> out. <c>imageInference</c>
/// with <c>deliveryMethod:"async"</c> is acknowledged at once; <c>getResponse</c> reports one item per result
/// (processing | success | error) and answers an unknown taskUUID with an error. When the task has a
/// <c>webhookURL</c>, each result is POSTed to it as <c>{"data":[item]}</c> after <see cref="SimulatorBehavior.JobDuration"/>.
/// </summary>
public sealed class RunwareSimulator : ProviderSimulator
{
    const string ImageInference = "imageInference";
    const string GetResponse = "getResponse";

    static readonly string[] KnownModels = ["luma:uni@1", "luma:uni@1-max"];
    static readonly (int Width, int Height)[] AllowedSizes =
        [(3360, 1248), (2912, 1440), (2784, 1504), (2464, 1696), (2048, 2048), (1696, 2464), (1504, 2784), (1440, 2912), (1248, 3360)];

    readonly ConcurrentDictionary<string, SimulatedTask> _tasks = new(StringComparer.OrdinalIgnoreCase);
    readonly List<Task> _scheduledWebhooks = [];
    string? _lastSubmittedBody;

    public string ApiKey { get; set; } = "runware-test-key";

    /// <summary>The endpoint to configure as the client's BaseUrl.</summary>
    public Uri ApiUrl => new(BaseUrl, "v1");

    /// <summary>How a failed task (<see cref="SimulatorBehavior.FailJobsWith"/>) is reported, on getResponse and by webhook.</summary>
    public RunwareErrorShape ErrorShape { get; set; } = RunwareErrorShape.ItemErrorObject;

    /// <summary>What each success item reports as its <c>cost</c>, when the task asked for it with <c>includeCost:true</c>
    /// (as Runware does); null leaves <c>cost</c> out even then.</summary>
    public decimal? CostPerImage { get; set; } = 0.0404m;

    /// <summary>The error code of a failed task (e.g. a content-moderation code).</summary>
    public string FailureCode { get; set; } = "inferenceFailed";

    /// <summary>When true, an accepted imageInference task becomes known (to getResponse, and to the duplicate check) only
    /// when its submit is answered, after <see cref="SimulatorBehavior.SubmitHang"/> for a
    /// <see cref="SubmitFault.TimeoutAfterAccept"/>, even when the client has gone (crashed or gave up) by then: a lookup
    /// made meanwhile finds nothing, although the task will run.</summary>
    public bool RegisterTasksOnAnswer { get; set; }

    /// <summary>The JSON array of the last request that carried an accepted imageInference task.</summary>
    public string? LastSubmittedBody => Volatile.Read(ref _lastSubmittedBody);

    /// <summary>taskUUIDs of the accepted imageInference tasks.</summary>
    public IReadOnlyCollection<string> TaskUuids => [.. _tasks.Keys];

    /// <summary>Waits until every webhook scheduled so far (after its JobDuration) has been delivered.</summary>
    public async Task ScheduledWebhooksDeliveredAsync()
    {
        Task[] scheduled;
        lock (_scheduledWebhooks) scheduled = [.. _scheduledWebhooks];
        await Task.WhenAll(scheduled);
        await WebhooksDeliveredAsync();
    }

    protected override void MapRoutes(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/v1", HandleAsync);
    }

    async Task HandleAsync(HttpContext context)
    {
        if (!string.Equals(context.Request.Headers.Authorization.ToString(), $"Bearer {ApiKey}", StringComparison.Ordinal))
        {
            await WriteErrorsAsync(context, StatusCodes.Status401Unauthorized,
                Error("invalidApiKey", "Invalid API key. Get one at https://my.runware.ai/signup", "apiKey", "authentication", null));
            return;
        }
        if (await AnswerScriptedRateLimitAsync(context, headers => headers.RetryAfter = RetryAfterSeconds(atLeast: 1),
                Errors(Error("tooManyRequests", "Too many requests; please slow down.", null, null, null))))
        {
            return;
        }

        var tasks = await ReadJsonAsync(context) as JsonArray;
        if (tasks is null || tasks.Count == 0 || tasks.Any(t => t is not JsonObject))
        {
            await WriteErrorsAsync(context, StatusCodes.Status400BadRequest,
                Error("invalidPayload", "The request body must be a JSON array of task objects.", null, null, null));
            return;
        }

        var isSubmit = tasks.Any(t => TextOf(t, "taskType") == ImageInference);
        if (isSubmit && await RefusedSubmitAsync(context)) return;
        if (!isSubmit)
        {
            CountStatus();
            if (await AnswerScriptedServerErrorAsync(context, StatusCodes.Status503ServiceUnavailable,
                    Errors(Error("serviceUnavailable", "The service is temporarily unavailable.", null, null, null))))
            {
                return;
            }
        }

        var data = new JsonArray();
        var errors = new JsonArray();
        var accepted = 0;
        var registerOnAnswer = new List<JsonObject>();
        foreach (var task in tasks.Cast<JsonObject>())
        {
            var taskUuid = TextOf(task, "taskUUID");
            switch (TextOf(task, "taskType"))
            {
                case ImageInference:
                    if (ValidateInference(task) is { } problem)
                    {
                        errors.Add(problem);
                        break;
                    }
                    if (RegisterTasksOnAnswer) registerOnAnswer.Add(task);
                    else Accept(task);
                    accepted++;
                    data.Add(new JsonObject { ["taskType"] = ImageInference, ["taskUUID"] = taskUuid });
                    break;
                case GetResponse:
                    AppendResponse(taskUuid, data, errors);
                    break;
                default:
                    errors.Add(Error("unsupportedTaskType", $"Unsupported taskType '{TextOf(task, "taskType")}'.", "taskType", TextOf(task, "taskType"), taskUuid));
                    break;
            }
        }

        if (accepted > 0)
        {
            Volatile.Write(ref _lastSubmittedBody, tasks.ToJsonString());
            for (var i = 0; i < accepted; i++) CountSubmit();
            if (Behavior.SubmitFault == SubmitFault.TimeoutAfterAccept && registerOnAnswer.Count > 0)
            {
                // The answer is prepared whether or not anyone still waits for it.
                await Task.Delay(Behavior.SubmitHang, CancellationToken.None);
                registerOnAnswer.ForEach(Accept);
                if (context.RequestAborted.IsCancellationRequested) return;
            }
            else if (Behavior.SubmitFault == SubmitFault.TimeoutAfterAccept)
            {
                if (!await HoldAcceptedAnswerAsync(context)) return;
            }
            else if (Behavior.SubmitFault == SubmitFault.ServerErrorAfterAccept)
            {
                registerOnAnswer.ForEach(Accept);
                await WriteErrorsAsync(context, StatusCodes.Status500InternalServerError,
                    Error("internalServerError", "Internal server error.", null, ImageInference, null));
                return;
            }
        }

        registerOnAnswer.Where(task => !_tasks.ContainsKey(TextOf(task, "taskUUID")!)).ToList().ForEach(Accept);

        var reply = new JsonObject();
        if (data.Count > 0) reply["data"] = data;
        if (errors.Count > 0) reply["errors"] = errors;
        if (data.Count == 0 && errors.Count == 0) reply["data"] = data;
        await WriteJsonAsync(context, errors.Count > 0 && data.Count == 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK, reply);
    }

    /// <summary>Scripted refusals of a submit (nothing is created).</summary>
    async Task<bool> RefusedSubmitAsync(HttpContext context)
    {
        switch (Behavior.SubmitFault)
        {
            case SubmitFault.BadRequest:
                await WriteErrorsAsync(context, StatusCodes.Status400BadRequest,
                    Error("invalidPositivePrompt", "Invalid value for positivePrompt parameter.", "positivePrompt", ImageInference, null));
                return true;
            case SubmitFault.Unauthorized:
                await WriteErrorsAsync(context, StatusCodes.Status401Unauthorized,
                    Error("invalidApiKey", "Invalid API key. Get one at https://my.runware.ai/signup", "apiKey", "authentication", null));
                return true;
            case SubmitFault.InsufficientCredits:
                await WriteErrorsAsync(context, StatusCodes.Status402PaymentRequired,
                    Error("insufficientCredits", "Insufficient credits to perform this task. Top up at https://my.runware.ai/wallet", null, ImageInference, null));
                return true;
            default:
                return false;
        }
    }

    void Accept(JsonObject task)
    {
        var taskUuid = TextOf(task, "taskUUID")!;
        var numberResults = IntOf(task, "numberResults") ?? 1;
        var seed = IntOf(task, "seed");
        var results = new List<SimulatedResult>(numberResults);
        for (var i = 0; i < numberResults; i++)
        {
            var imageUuid = Guid.NewGuid().ToString("D");
            var resultSeed = seed is { } s ? s + i : Random.Shared.Next(1, int.MaxValue);
            results.Add(new SimulatedResult(imageUuid, CreateOutputFile($"{imageUuid}.png", resultSeed), resultSeed));
        }
        var webhook = TextOf(task, "webhookURL") is { } url && Uri.TryCreate(url, UriKind.Absolute, out var webhookUri) ? webhookUri : null;
        var includeCost = task["includeCost"] is JsonValue flag && flag.TryGetValue<bool>(out var include) && include;
        var simulated = new SimulatedTask(taskUuid, TextOf(task, "model")!, DateTimeOffset.UtcNow, results, webhook, includeCost);
        _tasks[taskUuid] = simulated;
        RecordJobFinish(taskUuid, simulated.CreatedAt + Behavior.JobDuration);

        if (webhook is not null && Behavior.SendWebhooks)
        {
            var finishesAt = simulated.CreatedAt + Behavior.JobDuration;
            var delivery = Task.Run(async () =>
            {
                // A timer may fire a little before the wall clock reaches the finish, and getResponse goes by the clock:
                // the webhook must not announce a job that a status read made right after it still finds processing.
                for (var wait = Behavior.JobDuration; wait > TimeSpan.Zero; wait = finishesAt - DateTimeOffset.UtcNow) await Task.Delay(wait);
                await DeliverResultsAsync(simulated, webhook);
            });
            lock (_scheduledWebhooks) _scheduledWebhooks.Add(delivery);
        }
    }

    /// <summary>One POST per result (each repeated <see cref="SimulatorBehavior.WebhookDeliveries"/> times), or one error delivery.</summary>
    async Task DeliverResultsAsync(SimulatedTask task, Uri webhook)
    {
        if (Behavior.FailJobsWith is { } failure)
        {
            var body = ErrorShape == RunwareErrorShape.TopLevelErrors
                ? new JsonObject { ["errors"] = new JsonArray(Error(FailureCode, failure, null, ImageInference, task.Uuid)) }
                : new JsonObject { ["data"] = new JsonArray(ErrorItem(task.Uuid, failure)) };
            await DeliverWebhookAsync(webhook, body.ToJsonString());
            return;
        }
        foreach (var result in task.Results)
            await DeliverWebhookAsync(webhook, new JsonObject { ["data"] = new JsonArray(SuccessItem(task, result)) }.ToJsonString());
    }

    void AppendResponse(string? taskUuid, JsonArray data, JsonArray errors)
    {
        if (Behavior.ResultsExpired || taskUuid is null || !_tasks.TryGetValue(taskUuid, out var task))
        {
            errors.Add(Error("taskNotFound", $"No task found with taskUUID '{taskUuid}'. It may have expired or was never received.",
                "taskUUID", GetResponse, taskUuid));
            return;
        }

        if (DateTimeOffset.UtcNow - task.CreatedAt < Behavior.JobDuration)
        {
            foreach (var _ in task.Results)
                data.Add(new JsonObject { ["taskType"] = ImageInference, ["taskUUID"] = task.Uuid, ["status"] = "processing" });
            return;
        }
        if (Behavior.FailJobsWith is { } failure)
        {
            if (ErrorShape == RunwareErrorShape.TopLevelErrors)
                errors.Add(Error(FailureCode, failure, null, ImageInference, task.Uuid));
            else
                data.Add(ErrorItem(task.Uuid, failure));
            return;
        }
        foreach (var result in task.Results) data.Add(SuccessItem(task, result));
    }

    JsonObject ErrorItem(string taskUuid, string message) => ErrorShape == RunwareErrorShape.ItemErrorFields
        ? new JsonObject { ["taskType"] = ImageInference, ["taskUUID"] = taskUuid, ["status"] = "error", ["code"] = FailureCode, ["message"] = message }
        : new JsonObject
        {
            ["taskType"] = ImageInference, ["taskUUID"] = taskUuid, ["status"] = "error",
            ["error"] = new JsonObject { ["code"] = FailureCode, ["message"] = message },
        };

    JsonObject SuccessItem(SimulatedTask task, SimulatedResult result)
    {
        var item = new JsonObject
        {
            ["taskType"] = ImageInference,
            ["taskUUID"] = task.Uuid,
            ["status"] = "success",
            ["imageUUID"] = result.ImageUuid,
            ["imageURL"] = result.Url.AbsoluteUri,
            ["seed"] = result.Seed,
        };
        if (task.IncludeCost && CostPerImage is { } cost) item["cost"] = cost;
        return item;
    }

    /// <summary>The documented imageInference rules for luma:uni@1; null when the task is acceptable.</summary>
    JsonObject? ValidateInference(JsonObject task)
    {
        var taskUuid = TextOf(task, "taskUUID");
        JsonObject Fail(string code, string message, string parameter) => Error(code, message, parameter, ImageInference, taskUuid);

        if (taskUuid is null || !Guid.TryParse(taskUuid, out var parsed) || parsed.Version != 4)
            return Fail("invalidTaskUUID", "taskUUID must be a UUID v4.", "taskUUID");
        if (_tasks.ContainsKey(taskUuid))
            return Fail("duplicateTaskUUID", $"A task with taskUUID '{taskUuid}' already exists.", "taskUUID");
        if (TextOf(task, "model") is not { } model || !KnownModels.Contains(model, StringComparer.Ordinal))
            return Fail("invalidModel", "Unknown model.", "model");
        if (TextOf(task, "positivePrompt") is not { Length: >= 2 and <= 6000 })
            return Fail("invalidPositivePrompt", "positivePrompt must be 2 to 6000 characters.", "positivePrompt");
        if (!AllowedSizes.Contains((IntOf(task, "width") ?? 0, IntOf(task, "height") ?? 0)))
            return Fail("invalidDimensions", "This width×height is not supported by luma:uni@1.", "width");
        if (TextOf(task, "deliveryMethod") != "async")
            return Fail("unsupportedDeliveryMethod", "The simulator serves deliveryMethod 'async' only.", "deliveryMethod");
        if (TextOf(task, "outputType") is { } outputType && outputType != "URL")
            return Fail("invalidOutputType", "The simulator serves outputType 'URL' only.", "outputType");
        if (TextOf(task, "outputFormat") is { } format && format is not ("JPG" or "PNG" or "WEBP"))
            return Fail("invalidOutputFormat", "outputFormat must be JPG, PNG or WEBP.", "outputFormat");
        if (IntOf(task, "numberResults") is { } count && count is < 1 or > 20)
            return Fail("invalidNumberResults", "numberResults must be 1 to 20.", "numberResults");
        if (IntOf(task, "ttl") is { } ttl && ttl < 60)
            return Fail("invalidTtl", "ttl must be at least 60.", "ttl");

        var inputs = task["inputs"] as JsonObject;
        var hasSeedImage = inputs?["seedImage"] is not null;
        if (inputs?["referenceImages"] is { } references)
        {
            var max = hasSeedImage ? 8 : 9;
            if (references is not JsonArray array || array.Count < 1 || array.Count > max)
                return Fail("invalidReferenceImages", $"referenceImages takes 1 to {max} images{(hasSeedImage ? " with a seedImage" : "")}.", "inputs.referenceImages");
        }
        if (task["settings"] is JsonObject settings)
        {
            if (hasSeedImage && settings["style"] is not null)
                return Fail("invalidParameterCombination", "settings.style is not allowed with inputs.seedImage.", "settings.style");
            if (hasSeedImage && settings["search"] is not null)
                return Fail("invalidParameterCombination", "settings.search is not allowed with inputs.seedImage.", "settings.search");
            if (TextOf(settings, "style") is { } style && style is not ("auto" or "manga"))
                return Fail("invalidStyle", "settings.style must be auto or manga.", "settings.style");
        }
        return null;
    }

    static string? TextOf(JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    static int? IntOf(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;

    static JsonObject Error(string code, string message, string? parameter, string? taskType, string? taskUuid)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (parameter is not null) error["parameter"] = parameter;
        if (taskType is not null) error["taskType"] = taskType;
        if (taskUuid is not null) error["taskUUID"] = taskUuid;
        return error;
    }

    static JsonObject Errors(JsonObject error) => new() { ["errors"] = new JsonArray(error) };

    static Task WriteErrorsAsync(HttpContext context, int statusCode, JsonObject error) => WriteJsonAsync(context, statusCode, Errors(error));

    sealed record SimulatedResult(string ImageUuid, Uri Url, int Seed);

    sealed record SimulatedTask(string Uuid, string Model, DateTimeOffset CreatedAt, IReadOnlyList<SimulatedResult> Results, Uri? WebhookUrl, bool IncludeCost);
}
