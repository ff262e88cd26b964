using System.Collections.Concurrent;
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
public sealed class GmiCloudSimulator : RequestQueueSimulator
{
    const string Prefix = "/api/v1/ie/requestqueue/apikey";
    static readonly string[] AspectRatios = ["16:9", "1:1", "1:2", "1:3", "2:1", "2:3", "3:1", "3:2", "9:16"];

    readonly ConcurrentDictionary<string, bool> _models = new(StringComparer.Ordinal) { ["luma-uni-1.1"] = true };

    /// <summary>The key the simulator expects as <c>Authorization: Bearer</c>.</summary>
    public string ApiKey { get; set; } = "gmicloud-test-key";

    /// <summary>When true (the default), a job submitted while <see cref="SimulatorBehavior.JobDuration"/> is zero is
    /// finished at once and the submit reply already says <c>success</c> with <c>outcome.media_urls</c> (or
    /// <c>failed</c>); when false the reply always says <c>queued</c> and the outcome is only seen by polling.</summary>
    public bool CompleteInstantJobsInSubmitReply { get; set; } = true;

    /// <summary>The API root to configure a client with (the base URL plus the request-queue path).</summary>
    public Uri ApiBaseUrl => new(BaseUrl, Prefix.TrimStart('/') + "/");

    protected override void MapRoutes(WebApplication app)
    {
        app.MapPost($"{Prefix}/requests", SubmitAsync);
        app.MapGet($"{Prefix}/requests/{{requestId}}", (HttpContext context, string requestId) => ReadAsync(context, requestId));
    }

    async Task SubmitAsync(HttpContext context)
    {
        if (await AnswerScriptedSubmitAsync(context)) return;
        if (await RefusedAsync(context)) return;

        if (await ReadJsonAsync(context) is not JsonObject body)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "invalid JSON body");
            return;
        }
        if (Invalid(body) is { } problem)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, problem);
            return;
        }

        QueuedJob? job = null;
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
                if (!await HoldAcceptedAnswerAsync(context)) return;
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

    QueuedJob Accept(JsonObject body) => Accept(Guid.NewGuid().ToString("D"), body["model"]!.GetValue<string>(), body);

    async Task ReadAsync(HttpContext context, string requestId)
    {
        if (await AnswerScriptedQueryAsync(context)) return;
        if (await RefusedAsync(context)) return;
        CountStatus();
        if (await AnswerScriptedServerErrorAsync(context, StatusCodes.Status503ServiceUnavailable, Error("service temporarily unavailable"))) return;
        if (Behavior.ResultsExpired || !TryGetJob(requestId, out var job))
        {
            await WriteErrorAsync(context, StatusCodes.Status404NotFound, $"request {requestId} not found");
            return;
        }
        await WriteJsonAsync(context, StatusCodes.Status200OK, Describe(job, Resolve(job)));
    }

    static JsonObject Describe(QueuedJob job, QueuedJobOutcome? outcome)
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

    async Task<bool> RefusedAsync(HttpContext context)
    {
        // GMI Cloud documents no rate-limit headers; the standard Retry-After (whole seconds) is assumed.
        if (await AnswerScriptedRateLimitAsync(context, headers => headers.RetryAfter = RetryAfterSeconds(atLeast: 1), Error("rate limit exceeded")))
            return true;
        if (!string.Equals(context.Request.Headers.Authorization.ToString(), $"Bearer {ApiKey}", StringComparison.Ordinal))
        {
            await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "unauthorized: invalid or missing API key");
            return true;
        }
        return false;
    }

    static JsonObject Error(string message) => new() { ["error"] = message };

    static Task WriteErrorAsync(HttpContext context, int statusCode, string message) => WriteJsonAsync(context, statusCode, Error(message));
}
