using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ImagePipeline.Testing.Simulators.GmiCloud;

/// <summary>
/// GMI Cloud's request queue on loopback, under <c>/api/v1/ie/requestqueue/apikey</c> (use <see cref="ApiBaseUrl"/>):
/// <c>POST /requests</c> with <c>{"model","payload":{"prompt","aspect_ratio"?,"image"?}}</c> and
/// <c>GET /requests/{request_id}</c> → <c>queued|dispatched|processing|success|failed</c> with <c>outcome.media_urls[{id,url}]</c>.
/// Auth is <c>Authorization: Bearer</c>. With <see cref="CompleteInstantJobsInSubmitReply"/> a job of zero duration is
/// answered <c>success</c> with its outcome in the submit reply itself.
/// </summary>
public sealed class GmiCloudSimulator : ProviderSimulator
{
    const string Prefix = "/api/v1/ie/requestqueue/apikey";
    static readonly string[] AspectRatios = ["16:9", "1:1", "1:2", "1:3", "2:1", "2:3", "3:1", "3:2", "9:16"];

    readonly ConcurrentDictionary<string, Job> _jobs = new();
    readonly ConcurrentDictionary<string, bool> _models = new(StringComparer.Ordinal) { ["luma-uni-1.1"] = true };
    readonly ConcurrentQueue<ScriptedReply> _submitReplies = new();
    readonly ConcurrentQueue<ScriptedReply> _queryReplies = new();
    readonly Lock _submitFaultGate = new();
    int _jobSequence;

    /// <summary>The key the simulator expects as <c>Authorization: Bearer</c>.</summary>
    public string ApiKey { get; set; } = "gmicloud-test-key";

    /// <summary>When true (the default), a job submitted while <see cref="SimulatorBehavior.JobDuration"/> is zero is
    /// finished at once and the submit reply already says <c>success</c> with <c>outcome.media_urls</c> (or
    /// <c>failed</c>); when false the reply always says <c>queued</c> and the outcome is only seen by polling.</summary>
    public bool CompleteInstantJobsInSubmitReply { get; set; } = true;

    /// <summary>The API root to configure a client with (the base URL plus the request-queue path).</summary>
    public Uri ApiBaseUrl => new(BaseUrl, Prefix.TrimStart('/') + "/");

    /// <summary>The JSON body of the last accepted submit, exactly as received.</summary>
    public JsonObject? LastSubmitBody { get; private set; }

    /// <summary>Ids of every job created, in no particular order.</summary>
    public IReadOnlyCollection<string> JobIds => [.. _jobs.Keys];

    /// <summary>The next submit gets exactly this reply (before any other check), for wire shapes the script cannot make.</summary>
    public void ReplyToNextSubmit(HttpStatusCode statusCode, string body, string contentType = "application/json") =>
        _submitReplies.Enqueue(new ScriptedReply((int)statusCode, body, contentType));

    /// <summary>The next status read gets exactly this reply (before any other check).</summary>
    public void ReplyToNextQuery(HttpStatusCode statusCode, string body, string contentType = "application/json") =>
        _queryReplies.Enqueue(new ScriptedReply((int)statusCode, body, contentType));

    /// <summary>The PNG served for a job's output, to compare with what a client downloaded.</summary>
    public byte[]? GetOutputBytes(string requestId) => GetFile(OutputFileName(requestId));

    protected override void MapRoutes(WebApplication app)
    {
        app.MapPost($"{Prefix}/requests", SubmitAsync);
        app.MapGet($"{Prefix}/requests/{{requestId}}", (HttpContext context, string requestId) => ReadAsync(context, requestId));
    }

    async Task SubmitAsync(HttpContext context)
    {
        if (_submitReplies.TryDequeue(out var scripted))
        {
            await WriteAsync(context, scripted);
            return;
        }
        if (await RefusedAsync(context)) return;

        JsonObject body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject
                ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "invalid JSON body");
            return;
        }
        if (Invalid(body) is { } problem)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, problem);
            return;
        }

        Job? job = null;
        switch (TakeSubmitFault())
        {
            case SubmitFault.BadRequest:
                await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "invalid request parameters");
                return;
            case SubmitFault.Unauthorized:
                await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "invalid API key");
                return;
            case SubmitFault.InsufficientCredits:
                await WriteErrorAsync(context, StatusCodes.Status402PaymentRequired, "insufficient balance, please recharge your account");
                return;
            case SubmitFault.TimeoutAfterAccept:
                job = Accept(body);
                try
                {
                    await Task.Delay(Behavior.SubmitHang, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return; // the client gave up; the job runs anyway, as on the real service
                }
                break;
            case SubmitFault.ServerErrorAfterAccept:
                Accept(body);
                await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, "internal server error");
                return;
            default:
                break;
        }

        job ??= Accept(body);
        var reply = CompleteInstantJobsInSubmitReply && job.Duration <= TimeSpan.Zero
            ? Describe(job, Resolve(job))
            : new JsonObject { ["request_id"] = job.Id, ["status"] = "queued", ["model"] = job.Model };
        await WriteJsonAsync(context, StatusCodes.Status200OK, reply);
    }

    string? Invalid(JsonObject body)
    {
        var model = body["model"] is JsonValue m && m.TryGetValue<string>(out var name) ? name : null;
        if (model is null || !_models.ContainsKey(model)) return $"model '{model}' not found";
        if (body["payload"] is not JsonObject payload) return "payload is required";
        if (payload["prompt"] is not JsonValue prompt || !prompt.TryGetValue<string>(out var text) || string.IsNullOrWhiteSpace(text))
            return "payload.prompt is required";
        if (payload["aspect_ratio"] is { } ratio && !AspectRatios.Contains(ratio.GetValueKind() == JsonValueKind.String ? ratio.GetValue<string>() : ""))
            return $"payload.aspect_ratio must be one of {string.Join(", ", AspectRatios)}";
        if (payload["image"] is { } image
            && (image.GetValueKind() != JsonValueKind.String || !Uri.TryCreate(image.GetValue<string>(), UriKind.Absolute, out var url)
                || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            return "payload.image must be a reachable URL";
        }
        return null;
    }

    Job Accept(JsonObject body)
    {
        var sequence = Interlocked.Increment(ref _jobSequence);
        var job = new Job(Guid.NewGuid().ToString("D"), body["model"]!.GetValue<string>(), DateTimeOffset.UtcNow, Behavior.JobDuration, sequence);
        _jobs[job.Id] = job;
        LastSubmitBody = body;
        CountSubmit();
        return job;
    }

    SubmitFault TakeSubmitFault()
    {
        lock (_submitFaultGate)
        {
            var fault = Behavior.SubmitFault;
            Behavior.SubmitFault = SubmitFault.None;
            return fault;
        }
    }

    async Task ReadAsync(HttpContext context, string requestId)
    {
        if (_queryReplies.TryDequeue(out var scripted))
        {
            await WriteAsync(context, scripted);
            return;
        }
        if (await RefusedAsync(context)) return;
        CountStatus();
        if (TakeServerError())
        {
            await WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "service temporarily unavailable");
            return;
        }
        if (Behavior.ResultsExpired || !_jobs.TryGetValue(requestId, out var job))
        {
            await WriteErrorAsync(context, StatusCodes.Status404NotFound, $"request {requestId} not found");
            return;
        }
        await WriteJsonAsync(context, StatusCodes.Status200OK, Describe(job, Resolve(job)));
    }

    JsonObject Describe(Job job, JobOutcome? outcome)
    {
        var reply = new JsonObject
        {
            ["request_id"] = job.Id,
            ["model"] = job.Model,
            ["created_at"] = job.SubmittedAt.ToUnixTimeSeconds(),
        };
        if (outcome is { FailureMessage: { } failure })
        {
            reply["status"] = "failed";
            reply["error"] = failure;
        }
        else if (outcome is { OutputUrl: { } url })
        {
            reply["status"] = "success";
            reply["outcome"] = new JsonObject
            {
                ["media_urls"] = new JsonArray(new JsonObject { ["id"] = $"media-{job.Id}", ["url"] = url.AbsoluteUri }),
            };
        }
        else
        {
            var progress = job.Duration <= TimeSpan.Zero ? 1 : (DateTimeOffset.UtcNow - job.SubmittedAt) / job.Duration;
            reply["status"] = progress < 0.2 ? "queued" : progress < 0.4 ? "dispatched" : "processing";
        }
        return reply;
    }

    /// <summary>Settles a job once it has run its duration: failed when the script says so, otherwise with a real PNG.</summary>
    JobOutcome? Resolve(Job job)
    {
        lock (job)
        {
            if (job.Outcome is not null || DateTimeOffset.UtcNow - job.SubmittedAt < job.Duration) return job.Outcome;
            job.Outcome = Behavior.FailJobsWith is { } message
                ? new JobOutcome(null, message)
                : new JobOutcome(CreateOutputFile(OutputFileName(job.Id), job.Sequence), null);
            return job.Outcome;
        }
    }

    async Task<bool> RefusedAsync(HttpContext context)
    {
        if (TakeRateLimit())
        {
            // GMI Cloud documents no rate-limit headers; the standard Retry-After (whole seconds) is assumed.
            var seconds = Math.Max(1, (int)Math.Ceiling(Behavior.RateLimitWait.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await WriteErrorAsync(context, StatusCodes.Status429TooManyRequests, "rate limit exceeded");
            return true;
        }
        if (!string.Equals(context.Request.Headers.Authorization.ToString(), $"Bearer {ApiKey}", StringComparison.Ordinal))
        {
            await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "unauthorized: invalid or missing API key");
            return true;
        }
        return false;
    }

    static string OutputFileName(string requestId) => $"{requestId}.png";

    static Task WriteErrorAsync(HttpContext context, int statusCode, string message) =>
        WriteJsonAsync(context, statusCode, new JsonObject { ["error"] = message });

    static Task WriteJsonAsync(HttpContext context, int statusCode, JsonObject body) =>
        WriteAsync(context, new ScriptedReply(statusCode, body.ToJsonString(), "application/json"));

    static async Task WriteAsync(HttpContext context, ScriptedReply reply)
    {
        context.Response.StatusCode = reply.StatusCode;
        context.Response.ContentType = reply.ContentType;
        await context.Response.WriteAsync(reply.Body, Encoding.UTF8, context.RequestAborted);
    }

    sealed record ScriptedReply(int StatusCode, string Body, string ContentType);

    sealed record JobOutcome(Uri? OutputUrl, string? FailureMessage);

    sealed class Job(string id, string model, DateTimeOffset submittedAt, TimeSpan duration, int sequence)
    {
        public string Id { get; } = id;
        public string Model { get; } = model;
        public DateTimeOffset SubmittedAt { get; } = submittedAt;
        public TimeSpan Duration { get; } = duration;
        public int Sequence { get; } = sequence;
        public JobOutcome? Outcome { get; set; }
    }
}
