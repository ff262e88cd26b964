using System.Net;
using System.Text.Json;
using ImagePipeline.Generation;
using ImagePipeline.Notifications;
using ImagePipeline.Testing.Webhooks;

namespace ImagePipeline.Standalone.Tests;

/// <summary>
/// <c>webhookEvents</c>: started, progress and completed deliveries to the caller's webhook, each signed like the
/// completion. The mock provider runs 2 s and is read every 200 ms, so its progress changes at every status check (about
/// nine of them): a storm that the progress throttle must thin out.
/// </summary>
public sealed class WebhookEventTests
{
    static readonly string[] AllEvents = ["started", "progress", "completed"];

    static Dictionary<string, string?> StormSettings(TimeSpan progressInterval) => new()
    {
        ["Providers:Mock:Delay"] = "00:00:02",
        ["Pipeline:Polling:mock:FirstPollAfter"] = "00:00:00.200",
        ["Pipeline:Polling:mock:Interval"] = "00:00:00.200",
        ["Pipeline:ProgressWebhookInterval"] = progressInterval.ToString("c"),
    };

    static string EventOf(ReceivedWebhook delivery) =>
        JsonDocument.Parse(delivery.BodyText).RootElement.TryGetProperty("event", out var name) ? name.GetString() ?? "" : "(none)";

    [Fact]
    public async Task Started_progress_and_completed_arrive_in_order_each_signed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await PipelineHost.StartAsync(StormSettings(TimeSpan.Zero));

        var id = await host.StartAndGetIdAsync(new { prompt = "a fox", provider = "mock", callbackUrl = receiver.Url.ToString(), webhookEvents = AllEvents });
        var done = await host.WaitForTerminalAsync(id);

        Assert.Equal(GenerationStatus.Completed, done.Status);
        var deliveries = receiver.Deliveries;
        var events = deliveries.Select(EventOf).ToList();
        Assert.Equal("started", events[0]);
        Assert.Equal("completed", events[^1]);
        Assert.All(events.Skip(1).SkipLast(1), name => Assert.Equal("progress", name));
        // The storm the throttle test thins out: without a throttle interval every changed reading is reported.
        Assert.True(events.Count(name => name == "progress") >= 3, string.Join(", ", events));

        var signer = new StandardWebhookSigner(PipelineHost.WebhookSecret);
        Assert.All(deliveries, delivery => Assert.True(signer.Verify(delivery.Header("webhook-id"), delivery.Header("webhook-timestamp"),
            delivery.Header("webhook-signature"), delivery.Body, DateTimeOffset.UtcNow), delivery.BodyText));
        Assert.Equal(deliveries.Count, deliveries.Select(d => d.Header("webhook-id")).Distinct().Count());

        var started = JsonDocument.Parse(deliveries[0].BodyText).RootElement;
        Assert.Equal(id, started.GetProperty("id").GetString());
        Assert.Equal("Submitted", started.GetProperty("status").GetString());
        Assert.Equal(done.ProviderJobId, started.GetProperty("providerJobId").GetString());
        var progress = JsonDocument.Parse(deliveries[1].BodyText).RootElement;
        Assert.Equal("Running", progress.GetProperty("status").GetString());
        Assert.InRange(progress.GetProperty("progress").GetProperty("percent").GetInt32(), 10, 90);
        var completed = JsonDocument.Parse(deliveries[^1].BodyText).RootElement;
        Assert.Equal("Completed", completed.GetProperty("status").GetString());
        Assert.Single(completed.GetProperty("outputs").EnumerateArray());
    }

    [Fact]
    public async Task A_progress_storm_is_throttled_to_one_event_per_interval()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await PipelineHost.StartAsync(StormSettings(TimeSpan.FromHours(1)));

        var id = await host.StartAndGetIdAsync(new { prompt = "a fox", provider = "mock", callbackUrl = receiver.Url.ToString(), webhookEvents = AllEvents });
        var done = await host.WaitForTerminalAsync(id);

        Assert.Equal(GenerationStatus.Completed, done.Status);
        Assert.Equal(["started", "progress", "completed"], receiver.Deliveries.Select(EventOf));
    }

    [Fact]
    public async Task Without_webhook_events_only_the_completion_is_delivered_and_it_names_its_event()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await PipelineHost.StartAsync(StormSettings(TimeSpan.Zero));

        var id = await host.StartAndGetIdAsync(new { prompt = "a fox", provider = "mock", callbackUrl = receiver.Url.ToString() });
        var done = await host.WaitForTerminalAsync(id);

        Assert.Equal(GenerationStatus.Completed, done.Status);
        var delivery = Assert.Single(receiver.Deliveries);
        Assert.Equal("completed", EventOf(delivery));
        Assert.Equal(id, JsonDocument.Parse(delivery.BodyText).RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_receiver_that_never_answers_started_or_progress_does_not_hold_up_the_generation()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.RespondWith(delivery => EventOf(delivery) == "completed" ? WebhookReceiverResponse.Ok : WebhookReceiverResponse.Hang);
        var settings = StormSettings(TimeSpan.Zero);
        // Sent from inside the steps, two 30 s attempts for "started" alone would outlast the 20 s this test waits.
        settings["Notifications:WebhookAttemptTimeout"] = "00:00:30";
        await using var host = await PipelineHost.StartAsync(settings);

        var id = await host.StartAndGetIdAsync(new { prompt = "a fox", provider = "mock", callbackUrl = receiver.Url.ToString(), webhookEvents = AllEvents });
        var done = await host.WaitForTerminalAsync(id, TimeSpan.FromSeconds(20));

        Assert.Equal(GenerationStatus.Completed, done.Status);
        Assert.True(done.Notification?.Delivered);
        Assert.Equal("started", EventOf(receiver.Deliveries[0]));
    }

    [Fact]
    public async Task Unknown_events_and_events_without_a_callback_url_are_refused_naming_the_field()
    {
        await using var host = await PipelineHost.StartAsync(new Dictionary<string, string?>());

        foreach (var body in new object[]
        {
            new { prompt = "a fox", provider = "mock", callbackUrl = "http://127.0.0.1:9/hook", webhookEvents = new[] { "started", "finished" } },
            new { prompt = "a fox", provider = "mock", webhookEvents = new[] { "progress" } },
        })
        {
            using var response = await host.StartGenerationAsync(body);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.True(problem.GetProperty("errors").TryGetProperty("webhookEvents", out _), problem.ToString());
        }
    }
}
