using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ImagePipeline.Testing.Webhooks;

/// <summary>
/// A caller's webhook endpoint for tests: Kestrel on 127.0.0.1 with an ephemeral port that records every POST (headers and
/// raw body) and answers as scripted: 200 by default, or failing the first N, or never answering.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    readonly Lock _gate = new();
    readonly List<ReceivedWebhook> _deliveries = [];
    readonly List<(int Number, TaskCompletionSource<ReceivedWebhook> Waiter)> _waiters = [];
    readonly CancellationTokenSource _stopping = new();
    WebApplication? _app;
    Func<ReceivedWebhook, WebhookReceiverResponse> _respond = _ => WebhookReceiverResponse.Ok;

    WebhookReceiver()
    {
    }

    /// <summary>The endpoint to give as a callback URL, e.g. <c>http://127.0.0.1:41234/webhook</c>. Any path on the port is recorded.</summary>
    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Deliveries so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedWebhook> Deliveries
    {
        get
        {
            lock (_gate) return [.. _deliveries];
        }
    }

    public int DeliveryCount
    {
        get
        {
            lock (_gate) return _deliveries.Count;
        }
    }

    public static async Task<WebhookReceiver> StartAsync(CancellationToken cancellationToken = default)
    {
        var receiver = new WebhookReceiver();
        await receiver.StartServerAsync(cancellationToken);
        return receiver;
    }

    /// <summary>Scripts every answer from the delivery (its <see cref="ReceivedWebhook.Number"/>, path, body…).</summary>
    public WebhookReceiver RespondWith(Func<ReceivedWebhook, WebhookReceiverResponse> respond)
    {
        ArgumentNullException.ThrowIfNull(respond);
        lock (_gate) _respond = respond;
        return this;
    }

    /// <summary>Answers the first <paramref name="count"/> deliveries with <paramref name="statusCode"/>, then 200.</summary>
    public WebhookReceiver FailFirst(int count, int statusCode = 500) =>
        RespondWith(delivery => delivery.Number <= count ? WebhookReceiverResponse.Status(statusCode) : WebhookReceiverResponse.Ok);

    public WebhookReceiver AlwaysRespond(int statusCode) => RespondWith(_ => WebhookReceiverResponse.Status(statusCode));

    /// <summary>Holds every request open until the sender times out.</summary>
    public WebhookReceiver NeverAnswer() => RespondWith(_ => WebhookReceiverResponse.Hang);

    /// <summary>Completes with the <paramref name="number"/>-th delivery (from 1) once it has arrived.</summary>
    public async Task<ReceivedWebhook> WaitForDeliveryAsync(int number, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        TaskCompletionSource<ReceivedWebhook> waiter;
        lock (_gate)
        {
            if (_deliveries.Count >= number) return _deliveries[number - 1];
            waiter = new TaskCompletionSource<ReceivedWebhook>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((number, waiter));
        }
        try
        {
            return await waiter.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Delivery {number} did not arrive within {timeout}; {DeliveryCount} arrived.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync(); // releases requests held open by NeverAnswer
        if (_app is not null)
        {
            using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(stopTimeout.Token);
            await _app.DisposeAsync();
        }
        _stopping.Dispose();
    }

    async Task StartServerAsync(CancellationToken cancellationToken)
    {
        (_app, BaseUrl) = await LoopbackWebApplication.StartAsync(app => app.Run(HandleAsync), cancellationToken);
        Url = new Uri(BaseUrl, "webhook");
    }

    async Task HandleAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }
        using var body = new MemoryStream();
        try
        {
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The sender gave up mid-request (its attempt timed out): the delivery attempt still arrived, so record it.
        }
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);

        ReceivedWebhook delivery;
        Func<ReceivedWebhook, WebhookReceiverResponse> respond;
        List<(TaskCompletionSource<ReceivedWebhook> Waiter, ReceivedWebhook Delivery)> ready = [];
        lock (_gate)
        {
            delivery = new ReceivedWebhook(_deliveries.Count + 1, context.Request.Path.Value ?? "/", context.Request.QueryString.Value ?? "",
                headers, body.ToArray(), DateTimeOffset.UtcNow);
            _deliveries.Add(delivery);
            respond = _respond;
            foreach (var (number, waiter) in _waiters)
            {
                if (number <= _deliveries.Count) ready.Add((waiter, _deliveries[number - 1]));
            }
            _waiters.RemoveAll(w => w.Number <= _deliveries.Count);
        }
        // Completed outside the lock: a waiter's continuation may read the receiver again.
        foreach (var (waiter, arrived) in ready) waiter.TrySetResult(arrived);

        var response = respond(delivery);
        if (response.NeverAnswer)
        {
            using var hold = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            try
            {
                await Task.Delay(Timeout.Infinite, hold.Token);
            }
            catch (OperationCanceledException)
            {
                // The sender gave up, or the receiver is shutting down.
            }
            return;
        }
        context.Response.StatusCode = response.StatusCode;
        if (response.RetryAfter is not null) context.Response.Headers.RetryAfter = response.RetryAfter;
    }
}
