using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImagePipeline.Providers.Mock;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ImagePipeline.Testing.Simulators;

/// <summary>
/// Base of the provider simulators: an in-process Kestrel server on 127.0.0.1 with an ephemeral port that speaks one
/// provider's wire format. It counts submits (so tests can prove nothing was submitted twice), serves real PNG outputs
/// under <c>/files/{name}</c>, and delivers webhooks to loopback URLs only.
/// </summary>
public abstract class ProviderSimulator : IAsyncDisposable
{
    readonly ConcurrentDictionary<string, byte[]> _files = new();
    readonly HttpClient _webhookClient = new() { Timeout = TimeSpan.FromSeconds(10) };
    readonly List<Task> _webhookDeliveries = [];
    readonly Lock _gate = new();
    WebApplication? _app;
    int _submitCount;
    int _statusCount;
    int _downloadCount;
    int _requestsInFlight;

    readonly ConcurrentQueue<SimulatorRequest> _answered = new();

    public SimulatorBehavior Behavior { get; } = new();

    /// <summary>Every request answered so far, in order of answer: when it arrived, what it asked, what it got.</summary>
    public IReadOnlyList<SimulatorRequest> AnsweredRequests => [.. _answered.OrderBy(r => r.ReceivedAt)];

    /// <summary>The simulator's root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Submits received, counting those that were accepted and then timed out or answered 5xx.</summary>
    public int SubmitCount => Volatile.Read(ref _submitCount);
    public int StatusCount => Volatile.Read(ref _statusCount);
    public int DownloadCount => Volatile.Read(ref _downloadCount);

    /// <summary>Requests received and not yet answered: with <see cref="SimulatorBehavior.ResponseLatency"/>, proof that
    /// a client's step is in the middle of a call (e.g. to crash its host right then).</summary>
    public int RequestsInFlight => Volatile.Read(ref _requestsInFlight);

    public async Task StartAsync()
    {
        (_app, BaseUrl) = await LoopbackWebApplication.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                Interlocked.Increment(ref _requestsInFlight);
                var receivedAt = DateTimeOffset.UtcNow;
                try
                {
                    if (Behavior.ResponseLatency > TimeSpan.Zero) await Task.Delay(Behavior.ResponseLatency, context.RequestAborted);
                    await next(context);
                }
                finally
                {
                    Interlocked.Decrement(ref _requestsInFlight);
                    _answered.Enqueue(new SimulatorRequest(receivedAt, context.Request.Method, context.Request.Path, context.Response.StatusCode));
                }
            });
            app.MapGet("/files/{name}", ServeFile);
            MapRoutes(app);
        });
    }

    /// <summary>Maps the provider's own routes.</summary>
    protected abstract void MapRoutes(WebApplication app);

    protected void CountSubmit() => Interlocked.Increment(ref _submitCount);

    /// <summary>The submit count once the requests a client gave up on have arrived: a client-side timeout can beat the
    /// server to reading the request, so "sent exactly once" is checked after the count has had time to settle.</summary>
    public async Task<int> SettledSubmitCountAsync(int atLeast = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (SubmitCount < atLeast && DateTime.UtcNow < deadline) await Task.Delay(20);
        await Task.Delay(200); // a second, re-sent submit would land here
        return SubmitCount;
    }

    readonly ConcurrentDictionary<string, DateTimeOffset> _finishTimes = new();

    /// <summary>When each accepted job finishes (submit time + <see cref="SimulatorBehavior.JobDuration"/>), by job id:
    /// the reference point for measuring how soon the pipeline notices a finished job.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> JobFinishTimes => _finishTimes;

    protected void RecordJobFinish(string jobId, DateTimeOffset finishesAt) => _finishTimes[jobId] = finishesAt;
    protected void CountStatus() => Interlocked.Increment(ref _statusCount);

    /// <summary>Takes one from a "next N" counter of the behaviour (thread-safe enough for tests).</summary>
    protected bool TakeOne(Func<int> get, Action<int> set)
    {
        lock (_gate)
        {
            var value = get();
            if (value <= 0) return false;
            set(value - 1);
            return true;
        }
    }

    bool TakeRateLimit() => TakeOne(() => Behavior.RateLimitNextRequests, v => Behavior.RateLimitNextRequests = v);
    bool TakeServerError() => TakeOne(() => Behavior.ServerErrorNextQueries, v => Behavior.ServerErrorNextQueries = v);
    bool TakeDownloadError() => TakeOne(() => Behavior.ServerErrorNextDownloads, v => Behavior.ServerErrorNextDownloads = v);

    /// <summary>Takes the scripted <see cref="SimulatorBehavior.SubmitFault"/>, which applies to the next submit only.</summary>
    protected SubmitFault TakeSubmitFault()
    {
        lock (_gate)
        {
            var fault = Behavior.SubmitFault;
            Behavior.SubmitFault = SubmitFault.None;
            return fault;
        }
    }

    /// <summary>Answers a scripted 429 when one is due: the provider's own rate-limit headers (if any), then its error
    /// body. False when the request may go on.</summary>
    protected async Task<bool> AnswerScriptedRateLimitAsync(HttpContext context, Action<IHeaderDictionary>? setHeaders, JsonNode body)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!TakeRateLimit()) return false;
        setHeaders?.Invoke(context.Response.Headers);
        await WriteJsonAsync(context, StatusCodes.Status429TooManyRequests, body);
        return true;
    }

    /// <summary>The scripted rate-limit wait in whole seconds, rounded up, for a <c>Retry-After</c> header.</summary>
    protected string RetryAfterSeconds(int atLeast) =>
        Math.Max(atLeast, (int)Math.Ceiling(Behavior.RateLimitWait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>Answers a scripted transient server error to a status or result read when one is due, with the provider's
    /// own status code and body. False when the read may go on.</summary>
    protected async Task<bool> AnswerScriptedServerErrorAsync(HttpContext context, int statusCode, JsonNode body)
    {
        if (!TakeServerError()) return false;
        await WriteJsonAsync(context, statusCode, body);
        return true;
    }

    /// <summary>Holds the answer to an accepted submit for <see cref="SimulatorBehavior.SubmitHang"/>
    /// (<see cref="SubmitFault.TimeoutAfterAccept"/>). False when the client gave up first: the job runs anyway, as on
    /// the real service, and there is no one left to answer.</summary>
    protected async Task<bool> HoldAcceptedAnswerAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await Task.Delay(Behavior.SubmitHang, context.RequestAborted);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The request body as JSON, or null when it is not JSON.</summary>
    protected static async Task<JsonNode?> ReadJsonAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    protected static Task WriteJsonAsync(HttpContext context, int statusCode, JsonNode body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return WriteAsync(context, statusCode, body.ToJsonString(), "application/json");
    }

    protected static async Task WriteAsync(HttpContext context, int statusCode, string body, string contentType)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, Encoding.UTF8, context.RequestAborted);
    }

    /// <summary>Creates a real PNG for an output and returns its URL on this simulator.</summary>
    protected Uri CreateOutputFile(string name, int seed)
    {
        var png = PngPadding.Tag(PngImageEncoder.CreateGradient(Behavior.ImageWidth, Behavior.ImageHeight, seed), name);
        _files[name] = Behavior.OutputBytes is { } size ? PngPadding.PadTo(png, size, seed) : png;
        return new Uri(BaseUrl, $"files/{Uri.EscapeDataString(name)}");
    }

    /// <summary>The bytes served for an output, so tests can compare what was archived.</summary>
    public byte[]? GetFile(string name) => _files.TryGetValue(name, out var bytes) ? bytes : null;

    async Task ServeFile(HttpContext context, string name)
    {
        Interlocked.Increment(ref _downloadCount);
        if (TakeDownloadError())
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }
        if (Behavior.ResultsExpired || !_files.TryGetValue(name, out var bytes))
        {
            // Presigned storage links answer 403 once expired.
            context.Response.StatusCode = Behavior.ResultsExpired ? StatusCodes.Status403Forbidden : StatusCodes.Status404NotFound;
            return;
        }
        context.Response.ContentType = "image/png";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    /// <summary>POSTs a webhook body to a loopback URL (<see cref="SimulatorBehavior.WebhookDeliveries"/> times),
    /// in the background as a provider would. Returns the delivery task so tests can await it.</summary>
    protected Task DeliverWebhookAsync(Uri url, string json)
    {
        if (!url.IsLoopback) throw new InvalidOperationException($"Simulators deliver webhooks to loopback only, not {url.Host}.");
        if (!Behavior.SendWebhooks) return Task.CompletedTask;
        var deliveries = Behavior.WebhookDeliveries;
        var task = Task.Run(async () =>
        {
            for (var i = 0; i < deliveries; i++)
            {
                try
                {
                    using var content = new StringContent(json, Encoding.UTF8, "application/json");
                    using var response = await _webhookClient.PostAsync(url, content);
                    LastWebhookStatus = response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    LastWebhookStatus = null;
                }
            }
        });
        lock (_webhookDeliveries) _webhookDeliveries.Add(task);
        return task;
    }

    /// <summary>Registers a delivery a simulator runs itself (e.g. Luma's state-change sequence with its own retries),
    /// so <see cref="WebhooksDeliveredAsync"/> waits for it too.</summary>
    protected void TrackWebhookDelivery(Task delivery)
    {
        lock (_webhookDeliveries) _webhookDeliveries.Add(delivery);
    }

    /// <summary>The status code our callback route answered to the last webhook delivery.</summary>
    public HttpStatusCode? LastWebhookStatus { get; private set; }

    /// <summary>Waits for every webhook delivery started so far.</summary>
    public async Task WebhooksDeliveredAsync()
    {
        Task[] pending;
        lock (_webhookDeliveries) pending = [.. _webhookDeliveries];
        await Task.WhenAll(pending);
    }

    public async ValueTask DisposeAsync()
    {
        _webhookClient.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
