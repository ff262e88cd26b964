using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImagePipeline.Notifications;

/// <summary>
/// Delivers <c>started</c> and <c>progress</c> events from a bounded in-memory queue with a few senders, so a slow or
/// dead receiver never holds up a workflow step: the step only enqueues. Best effort by design — a full queue drops the
/// event (logged), a process that stops loses what is queued, and each event gets at most <see cref="MaxAttempts"/>
/// attempts (a progress report retried for minutes would arrive stale). The signed completion webhook is not sent here:
/// it is a workflow step with the notifier's full retry policy and a recorded result.
/// </summary>
public sealed class BackgroundWebhookEventQueue : IWebhookEventQueue, IAsyncDisposable, IDisposable
{
    /// <summary>Events waiting at most; more are dropped.</summary>
    public const int Capacity = 1024;
    /// <summary>Deliveries in flight at most, so one hanging receiver does not stop the others.</summary>
    public const int Senders = 4;
    /// <summary>Requests per event, the first included.</summary>
    public const int MaxAttempts = 2;

    readonly Channel<WebhookEventDelivery> _queue = Channel.CreateBounded<WebhookEventDelivery>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait });
    readonly CancellationTokenSource _stopping = new();
    readonly ICallerWebhookNotifier _notifier;
    readonly ILogger _logger;
    readonly Lazy<Task[]> _senders;

    /// <param name="notifier">Signs and sends; built with <see cref="MaxAttempts"/> (see <see cref="OptionsFor"/>).</param>
    public BackgroundWebhookEventQueue(ICallerWebhookNotifier notifier, ILogger<BackgroundWebhookEventQueue>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        _notifier = notifier;
        _logger = logger ?? NullLogger<BackgroundWebhookEventQueue>.Instance;
        // Started on the first event: hosts and tests that never send one run no background work.
        _senders = new(() => [.. Enumerable.Range(0, Senders).Select(_ => Task.Run(SendQueuedAsync))]);
    }

    /// <summary>The completion webhook's options with fewer attempts: same secret, so events verify like the completion.</summary>
    public static CallerWebhookOptions OptionsFor(CallerWebhookOptions completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        return new CallerWebhookOptions
        {
            Secret = completion.Secret,
            AllowDevelopmentSecret = completion.AllowDevelopmentSecret,
            MaxAttempts = Math.Min(completion.MaxAttempts, MaxAttempts),
            FirstRetryDelay = completion.FirstRetryDelay,
            MaxRetryDelay = completion.MaxRetryDelay,
            AttemptTimeout = completion.AttemptTimeout,
        };
    }

    public bool TryEnqueue(WebhookEventDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (_stopping.IsCancellationRequested) return false;
        _ = _senders.Value;
        if (_queue.Writer.TryWrite(delivery)) return true;
        _logger.LogWarning("Webhook event {MessageId} of {GenerationId} dropped: {Capacity} events are already waiting", delivery.MessageId, delivery.GenerationId, Capacity);
        return false;
    }

    async Task SendQueuedAsync()
    {
        try
        {
            await foreach (var delivery in _queue.Reader.ReadAllAsync(_stopping.Token))
            {
                // The notifier records no failure here: it logs it, and never throws for the receiver's faults.
                await _notifier.NotifyAsync(delivery.CallbackUrl, delivery.MessageId, delivery.Payload, _stopping.Token);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down: what is still queued is lost, as documented.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        if (_senders.IsValueCreated) await Task.WhenAll(_senders.Value);
        _stopping.Dispose();
    }

    /// <summary>For containers disposed synchronously: stops the senders without waiting for them.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _stopping.Cancel();
    }
}
