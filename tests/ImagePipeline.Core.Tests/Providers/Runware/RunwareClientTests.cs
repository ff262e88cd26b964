using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Providers.Resilience;
using ImagePipeline.Providers.Runware;
using ImagePipeline.Testing.Simulators;
using ImagePipeline.Testing.Simulators.Runware;
using ImagePipeline.Testing.Webhooks;
using ImagePipeline.Validation;

namespace ImagePipeline.Tests.Providers.Runware;

public sealed class RunwareClientTests
{
    static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public async Task Text_to_image_round_trip_sends_one_async_imageInference_task_and_downloads_the_png()
    {
        await using var harness = await RunwareTestHarness.StartAsync();
        var request = RunwareTestHarness.Request(new GenerationRequest
        {
            Prompt = "A red fox in fresh snow", AspectRatio = "16:9", OutputFormat = "png", Seed = 42, Style = "manga", WebSearch = true,
        });

        var submission = await harness.Client.SubmitAsync(request);
        var status = await harness.WaitForTerminalAsync(new ProviderJobHandle(submission.JobId, request.Model));

        Assert.Equal(RunwareTestHarness.TaskUuidOf(request), submission.JobId);
        Assert.Equal(ProviderJobState.Succeeded, status.State);
        Assert.Equal("success", status.ProviderStatus);
        var output = Assert.Single(status.Outputs);
        Assert.True(Guid.TryParse(output.Id, out _));
        var bytes = await harness.DownloadAsync(output);
        Assert.Equal(harness.ServedFile(output), bytes);
        Assert.Equal(PngSignature, bytes[..8]);

        var task = harness.LastSubmittedTask();
        Assert.Equal("imageInference", (string?)task["taskType"]);
        Assert.Equal(submission.JobId, (string?)task["taskUUID"]);
        Assert.Equal("luma:uni@1", (string?)task["model"]);
        Assert.Equal("A red fox in fresh snow", (string?)task["positivePrompt"]);
        Assert.Equal(2784, (int?)task["width"]);
        Assert.Equal(1504, (int?)task["height"]);
        Assert.Equal("URL", (string?)task["outputType"]);
        Assert.Equal("PNG", (string?)task["outputFormat"]);
        Assert.Equal("async", (string?)task["deliveryMethod"]);
        Assert.True((bool?)task["includeCost"]);
        Assert.Equal(3600, (int?)task["ttl"]);
        Assert.Equal(1, (int?)task["numberResults"]);
        Assert.Equal(42, (int?)task["seed"]);
        Assert.Equal("manga", (string?)task["settings"]?["style"]);
        Assert.True((bool?)task["settings"]?["search"]);
        Assert.False(task.ContainsKey("inputs"));
        Assert.False(task.ContainsKey("webhookURL"));
    }

    [Fact]
    public async Task Edit_passes_the_seed_image_and_references_through_without_an_upload()
    {
        await using var harness = await RunwareTestHarness.StartAsync();
        var source = RunwareTestHarness.PngDataUri(1);
        var references = new[] { "https://images.example.com/ref-1.png", RunwareTestHarness.PngDataUri(2) };
        var request = RunwareTestHarness.Request(new GenerationRequest
        {
            Prompt = "Give it a winter coat", Image = source, ReferenceImages = references, OutputFormat = "jpeg",
        });

        var submission = await harness.Client.SubmitAsync(request);
        var status = await harness.WaitForTerminalAsync(new ProviderJobHandle(submission.JobId, request.Model));

        var task = harness.LastSubmittedTask();
        Assert.Equal(source, (string?)task["inputs"]?["seedImage"]);
        Assert.Equal(references, task["inputs"]!["referenceImages"]!.AsArray().Select(n => (string?)n));
        Assert.Equal("JPG", (string?)task["outputFormat"]);
        Assert.False(task.ContainsKey("settings"));
        Assert.Equal(ProviderJobState.Succeeded, status.State);
    }

    [Fact]
    public async Task Edit_with_web_search_off_sends_no_settings_because_runware_refuses_them_next_to_a_seed_image()
    {
        await using var harness = await RunwareTestHarness.StartAsync();
        var request = RunwareTestHarness.Request(new GenerationRequest
        {
            Prompt = "Give it a winter coat", Image = RunwareTestHarness.PngDataUri(1), WebSearch = false,
        });

        var submission = await harness.Client.SubmitAsync(request);
        var status = await harness.WaitForTerminalAsync(new ProviderJobHandle(submission.JobId, request.Model));

        Assert.False(harness.LastSubmittedTask().ContainsKey("settings"));
        Assert.Equal(ProviderJobState.Succeeded, status.State);
    }

    [Theory]
    [InlineData("3:1", 3360, 1248)]
    [InlineData("2:1", 2912, 1440)]
    [InlineData("16:9", 2784, 1504)]
    [InlineData("3:2", 2464, 1696)]
    [InlineData("1:1", 2048, 2048)]
    [InlineData("2:3", 1696, 2464)]
    [InlineData("9:16", 1504, 2784)]
    [InlineData("1:2", 1440, 2912)]
    [InlineData("1:3", 1248, 3360)]
    public async Task Aspect_ratio_is_sent_as_runwares_allowed_width_and_height(string aspectRatio, int width, int height)
    {
        await using var harness = await RunwareTestHarness.StartAsync();
        var request = RunwareTestHarness.Request(new GenerationRequest { Prompt = "A lighthouse", AspectRatio = aspectRatio });

        await harness.Client.SubmitAsync(request);

        var task = harness.LastSubmittedTask();
        Assert.Equal(width, (int?)task["width"]);
        Assert.Equal(height, (int?)task["height"]);
    }

    [Fact]
    public async Task Missing_aspect_ratio_is_sent_as_square()
    {
        await using var harness = await RunwareTestHarness.StartAsync();

        await harness.Client.SubmitAsync(RunwareTestHarness.Request(new GenerationRequest { Prompt = "A lighthouse" }));

        var task = harness.LastSubmittedTask();
        Assert.Equal(2048, (int?)task["width"]);
        Assert.Equal(2048, (int?)task["height"]);
    }

    [Fact]
    public async Task Task_succeeds_only_once_all_expected_results_are_present()
    {
        await using var harness = await RunwareTestHarness.StartAsync();
        var request = RunwareTestHarness.Request(new GenerationRequest { Prompt = "Three foxes", NumberOfImages = 3 });
        var submission = await harness.Client.SubmitAsync(request);

        var complete = await harness.WaitForTerminalAsync(new ProviderJobHandle(submission.JobId, request.Model, ExpectedOutputs: 3));
        var waitingForMore = await harness.Client.GetStatusAsync(new ProviderJobHandle(submission.JobId, request.Model, ExpectedOutputs: 4));

        Assert.Equal(3, (int?)harness.LastSubmittedTask()["numberResults"]);
        Assert.Equal(ProviderJobState.Succeeded, complete.State);
        Assert.Equal(3, complete.Outputs.Select(o => o.Id).Distinct().Count());
        foreach (var output in complete.Outputs) Assert.Equal(harness.ServedFile(output), await harness.DownloadAsync(output));
        Assert.Equal(ProviderJobState.Running, waitingForMore.State);
        Assert.Equal(0.75, waitingForMore.Progress);
    }

    [Fact]
    public async Task Webhook_delivers_one_result_per_post_and_duplicates_dedupe_by_imageUUID()
    {
        await using var harness = await RunwareTestHarness.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var callbackUrl = new Uri(receiver.BaseUrl, "api/callbacks/runware/gen-1?token=unguessable");
        harness.Simulator.Behavior.WebhookDeliveries = 2; // Runware retries, so every result may arrive twice
        var request = RunwareTestHarness.Request(new GenerationRequest { Prompt = "Three foxes", NumberOfImages = 3 }, callbackUrl);

        var submission = await harness.Client.SubmitAsync(request);
        await harness.Simulator.ScheduledWebhooksDeliveredAsync();
        var callbacks = receiver.Deliveries.Select(delivery => harness.Client.ParseCallback(delivery.Body)).ToList();

        Assert.True(harness.Client.SupportsCallbacks);
        Assert.Equal(callbackUrl.AbsoluteUri, (string?)harness.LastSubmittedTask()["webhookURL"]);
        Assert.Equal(6, callbacks.Count);
        Assert.All(callbacks, callback =>
        {
            Assert.Equal(submission.JobId, callback.JobId);
            Assert.Equal(ProviderJobState.Succeeded, callback.Status.State);
            Assert.Single(callback.Status.Outputs);
        });
        var distinct = callbacks.SelectMany(c => c.Status.Outputs).DistinctBy(o => o.Id).ToList();
        Assert.Equal(3, distinct.Count);
        foreach (var output in distinct) Assert.Equal(harness.ServedFile(output), await harness.DownloadAsync(output));
    }

    [Fact]
    public async Task Webhook_body_in_runwares_documented_shape_parses_into_one_output()
    {
        await using var harness = await RunwareTestHarness.StartAsync();
        const string body = """
            {"data":[{"taskType":"imageInference","taskUUID":"9f2a3c1e-5b7d-4e8f-a1b2-c3d4e5f60718",
              "imageUUID":"0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9","imageURL":"https://im.runware.ai/image/ws/2/ii/0b1c2d3e.png",
              "seed":1234,"cost":0.0404,"someFutureField":{"x":1}}]}
            """;

        var callback = harness.Client.ParseCallback(Encoding.UTF8.GetBytes(body));

        Assert.Equal("9f2a3c1e-5b7d-4e8f-a1b2-c3d4e5f60718", callback.JobId);
        Assert.Equal(ProviderJobState.Succeeded, callback.Status.State);
        var output = Assert.Single(callback.Status.Outputs);
        Assert.Equal("0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9", output.Id);
        Assert.Equal("https://im.runware.ai/image/ws/2/ii/0b1c2d3e.png", output.Url);
        Assert.Equal("image/png", output.ContentType);
    }

    [Theory]
    [InlineData(RunwareErrorShape.TopLevelErrors)]
    [InlineData(RunwareErrorShape.ItemErrorObject)]
    [InlineData(RunwareErrorShape.ItemErrorFields)]
    public async Task Failed_task_reports_failed_with_runwares_message_in_every_error_shape(RunwareErrorShape shape)
    {
        await using var harness = await RunwareTestHarness.StartAsync();
        harness.Simulator.ErrorShape = shape;
        harness.Simulator.Behavior.FailJobsWith = "Inference failed on the provider side";
        var request = RunwareTestHarness.Request(new GenerationRequest { Prompt = "A fox" });
        var submission = await harness.Client.SubmitAsync(request);

        var status = await harness.WaitForTerminalAsync(new ProviderJobHandle(submission.JobId, request.Model));

        Assert.Equal(ProviderJobState.Failed, status.State);
        Assert.Equal("error", status.ProviderStatus);
        Assert.Equal(ProviderErrorCodes.ProviderFailed, status.Error?.Code);
        Assert.Contains("Inference failed on the provider side", status.Error?.Message, StringComparison.Ordinal);
        Assert.Contains("inferenceFailed", status.Error?.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RunwareErrorShape.TopLevelErrors)]
    [InlineData(RunwareErrorShape.ItemErrorObject)]
    [InlineData(RunwareErrorShape.ItemErrorFields)]
    public async Task Error_webhook_parses_as_failed_in_every_error_shape(RunwareErrorShape shape)
    {
        await using var harness = await RunwareTestHarness.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var callbackUrl = new Uri(receiver.BaseUrl, "api/callbacks/runware/gen-1?token=unguessable");
        harness.Simulator.ErrorShape = shape;
        harness.Simulator.Behavior.FailJobsWith = "Inference failed on the provider side";
        var request = RunwareTestHarness.Request(new GenerationRequest { Prompt = "A fox" }, callbackUrl);

        var submission = await harness.Client.SubmitAsync(request);
        await harness.Simulator.ScheduledWebhooksDeliveredAsync();
        var callback = harness.Client.ParseCallback(Assert.Single(receiver.Deliveries).Body);

        Assert.Equal(submission.JobId, callback.JobId);
        Assert.Equal(ProviderJobState.Failed, callback.Status.State);
        Assert.Equal(ProviderErrorCodes.ProviderFailed, callback.Status.Error?.Code);
        Assert.Contains("Inference failed on the provider side", callback.Status.Error?.Message, StringComparison.Ordinal);
        Assert.Empty(callback.Status.Outputs);
    }

    [Fact]
    public async Task Content_moderation_failure_reports_content_blocked()
    {
        await using var harness = await RunwareTestHarness.StartAsync();
        harness.Simulator.FailureCode = "contentModerationFailed";
        harness.Simulator.Behavior.FailJobsWith = "The image was rejected.";
        var request = RunwareTestHarness.Request(new GenerationRequest { Prompt = "A fox" });
        var submission = await harness.Client.SubmitAsync(request);

        var status = await harness.WaitForTerminalAsync(new ProviderJobHandle(submission.JobId, request.Model));

        Assert.Equal(ProviderJobState.Failed, status.State);
        Assert.Equal(ProviderErrorCodes.ContentBlocked, status.Error?.Code);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"data\":[]}")]
    [InlineData("[1,2,3]")]
    public async Task Malformed_webhook_body_is_a_provider_exception(string body)
    {
        await using var harness = await RunwareTestHarness.StartAsync();

        Assert.Throws<ProviderException>(() => harness.Client.ParseCallback(Encoding.UTF8.GetBytes(body)));
    }

    [Theory]
    [InlineData(SubmitFault.TimeoutAfterAccept)]
    [InlineData(SubmitFault.ServerErrorAfterAccept)]
    public async Task Ambiguous_submit_is_found_by_its_derived_taskUUID_without_being_resent(SubmitFault fault)
    {
        // 3 s: on a loaded machine the simulator must have read the submit before the client gives up; still far below its hang.
        await using var harness = await RunwareTestHarness.StartAsync(o => o.AttemptTimeout = TimeSpan.FromSeconds(3));
        harness.Simulator.Behavior.SubmitFault = fault;
        harness.Simulator.Behavior.SubmitHang = TimeSpan.FromSeconds(10);
        var request = RunwareTestHarness.Request(new GenerationRequest { Prompt = "A fox" });

        var error = await Assert.ThrowsAsync<SubmitOutcomeUnknownException>(() => harness.Client.SubmitAsync(request));
        harness.Simulator.Behavior.SubmitFault = SubmitFault.None;
        var found = await harness.Client.FindSubmittedJobAsync(request);

        Assert.Equal(ProviderErrorCodes.SubmitOutcomeUnknown, error.ErrorCode);
        Assert.NotNull(found);
        Assert.Equal(RunwareTestHarness.TaskUuidOf(request), found.JobId);
        Assert.Equal(ProviderJobState.Succeeded, found.State);
        Assert.Single(found.Outputs);
        Assert.Equal(1, await harness.Simulator.SettledSubmitCountAsync());
        Assert.Equal([found.JobId], harness.Simulator.TaskUuids);
    }

    [Fact]
    public async Task Lookup_of_a_task_runware_never_received_is_null()
    {
        await using var harness = await RunwareTestHarness.StartAsync();
        var request = RunwareTestHarness.Request(new GenerationRequest { Prompt = "A fox" });

        var found = await harness.Client.FindSubmittedJobAsync(request);

        Assert.Null(found);
        Assert.Equal(0, harness.Simulator.SubmitCount);
    }

    [Fact]
    public async Task Expired_task_is_result_expired()
    {
        await using var harness = await RunwareTestHarness.StartAsync();
        var request = RunwareTestHarness.Request(new GenerationRequest { Prompt = "A fox" });
        var submission = await harness.Client.SubmitAsync(request);
        harness.Simulator.Behavior.ResultsExpired = true;

        var error = await Assert.ThrowsAsync<ProviderResultExpiredException>(
            () => harness.Client.GetStatusAsync(new ProviderJobHandle(submission.JobId, request.Model)));

        Assert.Equal(ProviderErrorCodes.ResultExpired, error.ErrorCode);
    }

    [Fact]
    public async Task Expired_output_link_is_result_expired_on_download()
    {
        await using var harness = await RunwareTestHarness.StartAsync();
        var request = RunwareTestHarness.Request(new GenerationRequest { Prompt = "A fox" });
        var submission = await harness.Client.SubmitAsync(request);
        var status = await harness.WaitForTerminalAsync(new ProviderJobHandle(submission.JobId, request.Model));
        harness.Simulator.Behavior.ResultsExpired = true;

        var error = await Assert.ThrowsAsync<ProviderResultExpiredException>(() => harness.Client.DownloadAsync(status.Outputs[0]));

        Assert.Equal(ProviderErrorCodes.ResultExpired, error.ErrorCode);
    }

    [Fact]
    public async Task Rate_limited_status_reads_are_retried_until_they_succeed()
    {
        await using var harness = await RunwareTestHarness.StartAsync();
        var request = RunwareTestHarness.Request(new GenerationRequest { Prompt = "A fox" });
        var submission = await harness.Client.SubmitAsync(request);
        harness.Simulator.Behavior.RateLimitNextRequests = 2;

        var status = await harness.Client.GetStatusAsync(new ProviderJobHandle(submission.JobId, request.Model));

        Assert.Equal(ProviderJobState.Succeeded, status.State);
        Assert.Equal(0, harness.Simulator.Behavior.RateLimitNextRequests);
    }

    [Fact]
    public async Task Persistent_429_on_submit_is_rate_limited_with_the_retry_after_wait_and_submits_nothing()
    {
        await using var harness = await RunwareTestHarness.StartAsync();
        harness.Simulator.Behavior.RateLimitNextRequests = 100;
        harness.Simulator.Behavior.RateLimitWait = TimeSpan.FromSeconds(2);
        var request = RunwareTestHarness.Request(new GenerationRequest { Prompt = "A fox" });

        var error = await Assert.ThrowsAsync<ProviderRateLimitedException>(() => harness.Client.SubmitAsync(request));

        Assert.Equal(ProviderErrorCodes.RateLimited, error.ErrorCode);
        Assert.Equal(TimeSpan.FromSeconds(2), error.RetryAfter);
        Assert.Contains("Too many requests", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, harness.Simulator.SubmitCount);
    }

    [Fact]
    public async Task Server_errors_on_getResponse_are_retried()
    {
        await using var harness = await RunwareTestHarness.StartAsync();
        var request = RunwareTestHarness.Request(new GenerationRequest { Prompt = "A fox" });
        var submission = await harness.Client.SubmitAsync(request);
        harness.Simulator.Behavior.ServerErrorNextQueries = 3;

        var status = await harness.Client.GetStatusAsync(new ProviderJobHandle(submission.JobId, request.Model));

        Assert.Equal(ProviderJobState.Succeeded, status.State);
        Assert.True(harness.Simulator.StatusCount >= 4);
    }

    [Theory]
    [InlineData(SubmitFault.Unauthorized, ProviderErrorCodes.ProviderUnauthorized, HttpStatusCode.Unauthorized, "Invalid API key")]
    [InlineData(SubmitFault.InsufficientCredits, ProviderErrorCodes.InsufficientCredits, HttpStatusCode.PaymentRequired, "Insufficient credits")]
    [InlineData(SubmitFault.BadRequest, ProviderErrorCodes.ProviderRejected, HttpStatusCode.BadRequest, "parameter positivePrompt")]
    public async Task Refused_submit_maps_runwares_errors_array_to_the_right_error(SubmitFault fault, string expectedCode, HttpStatusCode expectedStatus, string expectedText)
    {
        await using var harness = await RunwareTestHarness.StartAsync();
        harness.Simulator.Behavior.SubmitFault = fault;
        var request = RunwareTestHarness.Request(new GenerationRequest { Prompt = "A fox" });

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Client.SubmitAsync(request));

        Assert.Equal(expectedCode, error.ErrorCode);
        Assert.Equal(expectedStatus, error.StatusCode);
        Assert.Contains(expectedText, error.ProviderMessage, StringComparison.Ordinal);
        Assert.Equal(0, harness.Simulator.SubmitCount);
    }

    [Fact]
    public async Task Wrong_api_key_on_status_is_provider_unauthorized()
    {
        await using var harness = await RunwareTestHarness.StartAsync(configureClient: o => o.ApiKey = "wrong-key");

        var error = await Assert.ThrowsAsync<ProviderException>(
            () => harness.Client.GetStatusAsync(new ProviderJobHandle(Guid.NewGuid().ToString(), RunwareTestHarness.Model)));

        Assert.Equal(ProviderErrorCodes.ProviderUnauthorized, error.ErrorCode);
        Assert.Contains("invalidApiKey", error.ProviderMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_character_prompt_is_refused_before_anything_is_sent()
    {
        await using var harness = await RunwareTestHarness.StartAsync();
        var request = RunwareTestHarness.Request(new GenerationRequest { Prompt = "x" });

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Client.SubmitAsync(request));

        Assert.Equal(ProviderErrorCodes.InvalidRequest, error.ErrorCode);
        Assert.StartsWith("prompt:", error.Message, StringComparison.Ordinal);
        Assert.Null(harness.Simulator.LastSubmittedBody);
    }

    [Fact]
    public async Task Runware_has_no_cancel_and_exposes_its_capabilities()
    {
        await using var harness = await RunwareTestHarness.StartAsync();
        var request = RunwareTestHarness.Request(new GenerationRequest { Prompt = "A fox" });
        var submission = await harness.Client.SubmitAsync(request);

        var canceled = await harness.Client.CancelAsync(new ProviderJobHandle(submission.JobId, request.Model));

        Assert.False(canceled);
        Assert.Equal(ProviderNames.Runware, harness.Client.Name);
        Assert.Same(ProviderCapabilityTable.Runware, harness.Client.Capabilities);
    }

    [Fact]
    public void Task_uuid_is_a_stable_v4_uuid_per_generation()
    {
        var first = RunwareTaskIds.FromGenerationId("gen-123");
        var again = RunwareTaskIds.FromGenerationId("gen-123");
        var other = RunwareTaskIds.FromGenerationId("gen-124");

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(4, first.Version);
        Assert.Contains(first.ToString("D")[19], "89ab");
    }

    [Fact]
    public void Ttl_below_runwares_minimum_is_refused_at_construction()
    {
        using var httpClient = new HttpClient();
        var pipelines = ProviderResiliencePipelines.CreateRegistry(new ProviderResilienceOptions());

        Assert.Throws<ArgumentOutOfRangeException>(() => new RunwareClient(httpClient,
            new RunwareClientOptions { ApiKey = "k", TimeToLiveSeconds = 30 }, pipelines,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<RunwareClient>.Instance));
    }
}
