using System.Text.Json;
using ImagePipeline.Generation;
using ImagePipeline.Notifications;
using ImagePipeline.Testing.Simulators.Segmind;
using ImagePipeline.Testing.Webhooks;

namespace ImagePipeline.Standalone.Tests;

/// <summary>The caller's webhook receives the final status, signed the Standard Webhooks way.</summary>
public sealed class CallerWebhookTests
{
    [Fact]
    public async Task The_caller_webhook_receives_the_final_status_with_a_valid_signature()
    {
        await using var segmind = new SegmindSimulator();
        await segmind.StartAsync();
        segmind.Behavior.JobDuration = TimeSpan.FromMilliseconds(300);
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailFirst(1); // the first delivery fails; the retry carries the same webhook-id
        await using var host = await PipelineHost.StartAsync(SimulatorSettings.For(segmind, TimeSpan.FromMilliseconds(200)));

        var id = await host.StartAndGetIdAsync(new { prompt = "a fox", callbackUrl = receiver.Url.ToString() });
        var done = await host.WaitForTerminalAsync(id);
        var delivery = await receiver.WaitForDeliveryAsync(2, TimeSpan.FromSeconds(10));

        Assert.Equal(GenerationStatus.Completed, done.Status);
        var signer = new StandardWebhookSigner(PipelineHost.WebhookSecret);
        Assert.True(signer.Verify(delivery.Header("webhook-id"), delivery.Header("webhook-timestamp"), delivery.Header("webhook-signature"),
            delivery.Body, DateTimeOffset.UtcNow));
        Assert.Equal(receiver.Deliveries[0].Header("webhook-id"), delivery.Header("webhook-id"));
        var payload = JsonDocument.Parse(delivery.BodyText).RootElement;
        Assert.Equal(id, payload.GetProperty("id").GetString());
        Assert.Equal("Completed", payload.GetProperty("status").GetString());
        Assert.Single(payload.GetProperty("outputs").EnumerateArray());
        // What it cost, as Segmind reported it (metrics.cost), and where it ran.
        Assert.Equal(0.1m, payload.GetProperty("cost").GetProperty("usd").GetDecimal());
        Assert.Equal("reported", payload.GetProperty("cost").GetProperty("basis").GetString());
        Assert.Equal("segmind", payload.GetProperty("routing").GetProperty("chosen").GetString());
        Assert.Equal("succeeded", payload.GetProperty("attempts")[0].GetProperty("outcome").GetString());
        Assert.True(done.Notification?.Delivered);
        Assert.Equal(2, done.Notification?.Attempts);
    }

    [Fact]
    public async Task A_caller_that_never_answers_does_not_fail_the_generation()
    {
        await using var segmind = new SegmindSimulator();
        await segmind.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AlwaysRespond(503);
        var settings = SimulatorSettings.For(segmind, TimeSpan.FromMilliseconds(100));
        settings["Notifications:WebhookMaxAttempts"] = "3";
        await using var host = await PipelineHost.StartAsync(settings);

        var id = await host.StartAndGetIdAsync(new { prompt = "a fox", callbackUrl = receiver.Url.ToString() });
        var done = await host.WaitForTerminalAsync(id);

        Assert.Equal(GenerationStatus.Completed, done.Status);
        Assert.False(done.Notification?.Delivered);
        Assert.Equal(3, done.Notification?.Attempts);
        Assert.Equal(503, done.Notification?.LastStatusCode);
        Assert.Single(done.Outputs);
    }
}
