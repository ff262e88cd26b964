using System.Text.Json;
using ImagePipeline.Notifications;
using ImagePipeline.Testing.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.Tests.Notifications;

/// <summary>Against a real HTTP endpoint (<see cref="WebhookReceiver"/>) on 127.0.0.1.</summary>
public sealed class CallerWebhookNotifierTests : IAsyncLifetime
{
    const string Secret = "whsec_dGVzdHMtb2YtdGhlLWNhbGxlci13ZWJob29rLW5vdGlmaWVy";

    WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    public enum TestStatus { Completed }

    public sealed record TestPayload(string Id, TestStatus Status, string? Error, IReadOnlyList<string> Outputs);

    static readonly TestPayload Payload = new("gen-42", TestStatus.Completed, null, ["https://store.example/0.png"]);

    [Fact]
    public async Task A_delivered_webhook_is_signed_so_the_caller_can_verify_it()
    {
        await using var services = Build();
        var notifier = services.GetRequiredService<ICallerWebhookNotifier>();

        var result = await notifier.NotifyAsync(_receiver.Url, "msg_gen-42_Completed", Payload);

        Assert.Equal(new WebhookDeliveryResult(true, 1, 200, null), result);
        var delivery = Assert.Single(_receiver.Deliveries);
        Assert.Equal("msg_gen-42_Completed", delivery.Header("webhook-id"));
        Assert.StartsWith("application/json", delivery.Header("content-type"), StringComparison.Ordinal);
        Assert.True(new StandardWebhookSigner(Secret).Verify(delivery.Header("webhook-id"), delivery.Header("webhook-timestamp"),
            delivery.Header("webhook-signature"), delivery.Body, DateTimeOffset.UtcNow));
        using var json = JsonDocument.Parse(delivery.Body);
        Assert.Equal("gen-42", json.RootElement.GetProperty("id").GetString());
        Assert.Equal("Completed", json.RootElement.GetProperty("status").GetString());
        Assert.False(json.RootElement.TryGetProperty("error", out _)); // nulls omitted, as everywhere in the API
    }

    [Fact]
    public async Task Server_errors_are_retried_with_the_same_webhook_id_until_delivered()
    {
        _receiver.FailFirst(2, statusCode: 500);
        await using var services = Build();

        var result = await services.GetRequiredService<ICallerWebhookNotifier>().NotifyAsync(_receiver.Url, "msg_gen-42_Completed", Payload);

        Assert.True(result.Delivered);
        Assert.Equal(3, result.Attempts);
        Assert.Equal(200, result.LastStatusCode);
        var deliveries = _receiver.Deliveries;
        Assert.Equal(3, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal("msg_gen-42_Completed", d.Header("webhook-id")));
        Assert.All(deliveries, d => Assert.Equal(deliveries[0].BodyText, d.BodyText));
        var signer = new StandardWebhookSigner(Secret);
        Assert.All(deliveries, d => Assert.True(signer.Verify(d.Header("webhook-id"), d.Header("webhook-timestamp"), d.Header("webhook-signature"), d.Body, DateTimeOffset.UtcNow)));
    }

    [Fact]
    public async Task A_caller_that_keeps_failing_gets_max_attempts_and_the_notifier_does_not_throw()
    {
        _receiver.AlwaysRespond(503);
        await using var services = Build(maxAttempts: 3);

        var result = await services.GetRequiredService<ICallerWebhookNotifier>().NotifyAsync(_receiver.Url, "msg_gen-42_Completed", Payload);

        Assert.False(result.Delivered);
        Assert.Equal(3, result.Attempts);
        Assert.Equal(503, result.LastStatusCode);
        Assert.Contains("503", result.Error, StringComparison.Ordinal);
        Assert.Equal(3, _receiver.DeliveryCount);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(410)]
    public async Task Client_errors_are_final_and_not_retried(int status)
    {
        _receiver.AlwaysRespond(status);
        await using var services = Build();

        var result = await services.GetRequiredService<ICallerWebhookNotifier>().NotifyAsync(_receiver.Url, "msg_gen-42_Completed", Payload);

        Assert.Equal(new WebhookDeliveryResult(false, 1, status, result.Error), result);
        Assert.Equal(1, _receiver.DeliveryCount);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    public async Task Timeouts_and_rate_limits_are_retried(int status)
    {
        _receiver.FailFirst(1, status);
        await using var services = Build();

        var result = await services.GetRequiredService<ICallerWebhookNotifier>().NotifyAsync(_receiver.Url, "msg_gen-42_Completed", Payload);

        Assert.True(result.Delivered);
        Assert.Equal(2, _receiver.DeliveryCount);
    }

    [Fact]
    public async Task A_caller_that_never_answers_is_reported_as_undelivered_not_thrown()
    {
        _receiver.NeverAnswer();
        await using var services = Build(maxAttempts: 2, attemptTimeout: "00:00:00.300");

        var result = await services.GetRequiredService<ICallerWebhookNotifier>().NotifyAsync(_receiver.Url, "msg_gen-42_Completed", Payload);

        Assert.False(result.Delivered);
        Assert.Equal(2, result.Attempts);
        Assert.Null(result.LastStatusCode);
        Assert.Contains("did not answer", result.Error, StringComparison.Ordinal);
        // The receiver records a request as it arrives, which can trail the client's give-up by a moment.
        await _receiver.WaitForDeliveryAsync(2, TimeSpan.FromSeconds(5));
        Assert.Equal(2, _receiver.DeliveryCount);
    }

    [Fact]
    public async Task A_caller_that_is_not_listening_is_reported_as_undelivered()
    {
        // The replacement starts before the old receiver stops, so it cannot be given the port that must stay closed.
        var closing = _receiver;
        var closed = closing.Url;
        _receiver = await WebhookReceiver.StartAsync(); // so DisposeAsync has something to dispose
        await closing.DisposeAsync();
        await using var services = Build(maxAttempts: 2);

        var result = await services.GetRequiredService<ICallerWebhookNotifier>().NotifyAsync(closed, "msg_gen-42_Completed", Payload);

        Assert.False(result.Delivered);
        Assert.Equal(2, result.Attempts);
        Assert.Null(result.LastStatusCode);
        Assert.NotNull(result.Error);
    }

    [Fact]
    public async Task Cancelling_the_caller_token_stops_delivery_with_cancellation()
    {
        _receiver.NeverAnswer();
        await using var services = Build(attemptTimeout: "00:01:00");
        using var cancel = new CancellationTokenSource();
        var notify = services.GetRequiredService<ICallerWebhookNotifier>().NotifyAsync(_receiver.Url, "msg_gen-42_Completed", Payload, cancel.Token);
        await _receiver.WaitForDeliveryAsync(1, TimeSpan.FromSeconds(30));

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => notify);
    }

    [Theory]
    [InlineData("http://127.0.0.1:{0}/hook")]
    [InlineData("https://127.0.0.1:{0}/hook")]
    [InlineData("https://localhost:{0}/hook")]
    public async Task A_callback_on_a_private_address_is_refused_once_and_the_caller_learns_nothing_more(string template)
    {
        await using var services = Build(allowPrivateNetwork: false);
        var url = new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, _receiver.Url.Port));

        var result = await services.GetRequiredService<ICallerWebhookNotifier>().NotifyAsync(url, "msg_gen-42_Completed", Payload);

        Assert.Equal(new WebhookDeliveryResult(false, 1, null, "The callback URL was refused by policy."), result);
        Assert.Equal(0, _receiver.DeliveryCount);
    }

    [Fact]
    public async Task An_unreachable_callback_is_recorded_without_the_socket_error()
    {
        await using var services = Build(maxAttempts: 2);
        var closedPort = new Uri($"http://127.0.0.1:{ImagePipeline.Testing.LoopbackPorts.Free()}/hook");

        var result = await services.GetRequiredService<ICallerWebhookNotifier>().NotifyAsync(closedPort, "msg_gen-42_Completed", Payload);

        Assert.Equal(new WebhookDeliveryResult(false, 2, null, "The callback was unreachable."), result);
    }

    ServiceProvider Build(int maxAttempts = 5, string attemptTimeout = "00:00:10", bool allowPrivateNetwork = true)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Notifications:WebhookSecret"] = Secret,
            // The receiver is on 127.0.0.1; production keeps this off.
            ["Security:AllowPrivateNetworkFetches"] = allowPrivateNetwork ? "true" : "false",
            ["Notifications:WebhookMaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Notifications:WebhookFirstRetryDelay"] = "00:00:00.010",
            ["Notifications:WebhookAttemptTimeout"] = attemptTimeout,
        }).Build();
        return new ServiceCollection().AddLogging().AddCallerWebhooks(configuration).BuildServiceProvider();
    }
}
