using System.Net;
using System.Text.Json.Nodes;
using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Providers.Mock;
using ImagePipeline.Testing.Simulators;
using ImagePipeline.Validation;

namespace ImagePipeline.Tests.Providers.Scenario;

public sealed class ScenarioClientTests
{
    static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public async Task Text_to_image_round_trip_downloads_the_generated_png()
    {
        await using var harness = await ScenarioTestHarness.StartAsync();
        var request = ScenarioTestHarness.Request(new GenerationRequest
        {
            Prompt = "A lighthouse at dusk", AspectRatio = "16:9", OutputFormat = "png", WebSearch = true,
        });

        var submission = await harness.Client.SubmitAsync(request);
        var status = await harness.WaitForTerminalAsync(new ProviderJobHandle(submission.JobId, request.Model));

        Assert.StartsWith("job_", submission.JobId, StringComparison.Ordinal);
        Assert.Equal(ProviderJobState.Queued, submission.Status?.State);
        Assert.Equal(ProviderJobState.Succeeded, status.State);
        Assert.Equal("success", status.ProviderStatus);
        var output = Assert.Single(status.Outputs);
        Assert.StartsWith("asset_", output.Id, StringComparison.Ordinal);
        var bytes = await harness.DownloadAsync(output);
        Assert.Equal(harness.ServedFile(output), bytes);
        Assert.Equal(PngSignature, bytes[..8]);

        var body = JsonNode.Parse(harness.Simulator.LastSubmittedBody!)!.AsObject();
        Assert.Equal("A lighthouse at dusk", (string?)body["prompt"]);
        Assert.Equal("16:9", (string?)body["aspectRatio"]);
        Assert.Equal("png", (string?)body["outputFormat"]);
        Assert.True((bool?)body["webSearch"]);
        Assert.False(body.ContainsKey("source"));
        Assert.False(body.ContainsKey("imageRef"));
        Assert.Empty(harness.Simulator.UploadedAssets);
    }

    [Fact]
    public async Task Edit_uploads_source_and_references_as_assets_before_generate_and_sends_their_ids()
    {
        await using var harness = await ScenarioTestHarness.StartAsync();
        var source = ScenarioTestHarness.PngDataUri(1);
        var firstReference = ScenarioTestHarness.PngDataUri(2);
        var secondReferenceBytes = PngImageEncoder.CreateGradient(20, 10, 3);
        var secondReference = harness.Simulator.AddInputFile("reference.png", secondReferenceBytes);
        var request = ScenarioTestHarness.Request(new GenerationRequest
        {
            Prompt = "Make the sky stormy", Image = source, ReferenceImages = [firstReference, secondReference.AbsoluteUri],
        });

        var submission = await harness.Client.SubmitAsync(request);

        Assert.Equal(
            ["POST /v1/assets", "POST /v1/assets", "POST /v1/assets", $"POST /v1/generate/custom/{ScenarioTestHarness.Model}"],
            harness.Simulator.RequestLog);
        var uploads = harness.Simulator.UploadedAssets;
        Assert.Equal(3, uploads.Count);
        Assert.True(DataUri.TryParse(source, out var sourceData));
        Assert.Equal(sourceData.GetBytes(), uploads[0].Content);
        Assert.True(DataUri.TryParse(firstReference, out var referenceData));
        Assert.Equal(referenceData.GetBytes(), uploads[1].Content);
        Assert.Equal(secondReferenceBytes, uploads[2].Content);

        var body = JsonNode.Parse(harness.Simulator.LastSubmittedBody!)!.AsObject();
        Assert.Equal(uploads[0].Id, (string?)body["source"]);
        Assert.Equal([uploads[1].Id, uploads[2].Id], body["imageRef"]!.AsArray().Select(n => (string?)n));

        var status = await harness.WaitForTerminalAsync(new ProviderJobHandle(submission.JobId, request.Model));
        Assert.Equal(ProviderJobState.Succeeded, status.State);
    }

    [Fact]
    public async Task Unknown_status_word_keeps_the_job_running_until_a_documented_terminal_status()
    {
        await using var harness = await ScenarioTestHarness.StartAsync();
        var request = ScenarioTestHarness.Request(new GenerationRequest { Prompt = "A cat" });
        var submission = await harness.Client.SubmitAsync(request);
        var job = new ProviderJobHandle(submission.JobId, request.Model);

        // "failed" is not Scenario's word ("failure" is): Scenario's own plugin once looped forever on it.
        harness.Simulator.ForcedJobStatus = "failed";
        var undocumented = await harness.Client.GetStatusAsync(job);
        harness.Simulator.ForcedJobStatus = null;
        var finished = await harness.WaitForTerminalAsync(job);

        Assert.Equal(ProviderJobState.Running, undocumented.State);
        Assert.Equal("failed", undocumented.ProviderStatus);
        Assert.Null(undocumented.Error);
        Assert.Equal(ProviderJobState.Succeeded, finished.State);
    }

    [Fact]
    public async Task Running_job_shows_scenarios_own_status_word_and_progress()
    {
        await using var harness = await ScenarioTestHarness.StartAsync();
        harness.Simulator.Behavior.JobDuration = TimeSpan.FromMinutes(5);
        var request = ScenarioTestHarness.Request(new GenerationRequest { Prompt = "A cat" });
        var submission = await harness.Client.SubmitAsync(request);

        var status = await harness.Client.GetStatusAsync(new ProviderJobHandle(submission.JobId, request.Model));

        Assert.Equal(ProviderJobState.Queued, status.State);
        Assert.Equal("warming-up", status.ProviderStatus);
        Assert.InRange(status.Progress!.Value, 0, 0.2);
        Assert.Empty(status.Outputs);
    }

    [Fact]
    public async Task Failed_job_reports_provider_failed_with_scenarios_message()
    {
        await using var harness = await ScenarioTestHarness.StartAsync();
        harness.Simulator.Behavior.FailJobsWith = "Generation failed: the worker ran out of memory";
        var request = ScenarioTestHarness.Request(new GenerationRequest { Prompt = "A cat" });
        var submission = await harness.Client.SubmitAsync(request);

        var status = await harness.WaitForTerminalAsync(new ProviderJobHandle(submission.JobId, request.Model));

        Assert.Equal(ProviderJobState.Failed, status.State);
        Assert.Equal("failure", status.ProviderStatus);
        Assert.Equal(ProviderErrorCodes.ProviderFailed, status.Error?.Code);
        Assert.Equal("Generation failed: the worker ran out of memory", status.Error?.Message);
    }

    [Fact]
    public async Task Content_safety_failure_reports_content_blocked()
    {
        await using var harness = await ScenarioTestHarness.StartAsync();
        harness.Simulator.Behavior.FailJobsWith = "The prompt was flagged as NSFW content";
        var request = ScenarioTestHarness.Request(new GenerationRequest { Prompt = "A cat" });
        var submission = await harness.Client.SubmitAsync(request);

        var status = await harness.WaitForTerminalAsync(new ProviderJobHandle(submission.JobId, request.Model));

        Assert.Equal(ProviderJobState.Failed, status.State);
        Assert.Equal(ProviderErrorCodes.ContentBlocked, status.Error?.Code);
        Assert.Contains("NSFW", status.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expired_job_record_is_result_expired()
    {
        await using var harness = await ScenarioTestHarness.StartAsync();
        var request = ScenarioTestHarness.Request(new GenerationRequest { Prompt = "A cat" });
        var submission = await harness.Client.SubmitAsync(request);
        harness.Simulator.Behavior.ResultsExpired = true;

        var error = await Assert.ThrowsAsync<ProviderResultExpiredException>(
            () => harness.Client.GetStatusAsync(new ProviderJobHandle(submission.JobId, request.Model)));

        Assert.Equal(ProviderErrorCodes.ResultExpired, error.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Expired_output_link_is_result_expired_on_download()
    {
        await using var harness = await ScenarioTestHarness.StartAsync();
        var request = ScenarioTestHarness.Request(new GenerationRequest { Prompt = "A cat" });
        var submission = await harness.Client.SubmitAsync(request);
        var status = await harness.WaitForTerminalAsync(new ProviderJobHandle(submission.JobId, request.Model));
        harness.Simulator.Behavior.ResultsExpired = true;

        var error = await Assert.ThrowsAsync<ProviderResultExpiredException>(() => harness.Client.DownloadAsync(status.Outputs[0]));

        Assert.Equal(ProviderErrorCodes.ResultExpired, error.ErrorCode);
    }

    [Fact]
    public async Task Rate_limited_status_reads_are_retried_until_they_succeed()
    {
        await using var harness = await ScenarioTestHarness.StartAsync();
        var request = ScenarioTestHarness.Request(new GenerationRequest { Prompt = "A cat" });
        var submission = await harness.Client.SubmitAsync(request);
        harness.Simulator.Behavior.RateLimitNextRequests = 2;

        var status = await harness.Client.GetStatusAsync(new ProviderJobHandle(submission.JobId, request.Model));

        Assert.Equal(ProviderJobState.Succeeded, status.State);
        Assert.Equal(0, harness.Simulator.Behavior.RateLimitNextRequests);
    }

    [Fact]
    public async Task Persistent_429_is_rate_limited_naming_scenarios_concurrency_ceiling_and_submits_nothing()
    {
        await using var harness = await ScenarioTestHarness.StartAsync();
        harness.Simulator.ConcurrencyLimit = 3;
        harness.Simulator.Behavior.RateLimitNextRequests = 100;
        var request = ScenarioTestHarness.Request(new GenerationRequest { Prompt = "A cat" });

        var error = await Assert.ThrowsAsync<ProviderRateLimitedException>(() => harness.Client.SubmitAsync(request));

        Assert.Equal(ProviderErrorCodes.RateLimited, error.ErrorCode);
        Assert.Contains("at most 3 concurrent 'generate' jobs", error.Message, StringComparison.Ordinal);
        Assert.Null(error.RetryAfter); // no Retry-After: the pipeline's backoff applies
        Assert.Equal(0, harness.Simulator.SubmitCount);
    }

    [Fact]
    public async Task Server_errors_on_status_reads_are_retried()
    {
        await using var harness = await ScenarioTestHarness.StartAsync();
        var request = ScenarioTestHarness.Request(new GenerationRequest { Prompt = "A cat" });
        var submission = await harness.Client.SubmitAsync(request);
        harness.Simulator.Behavior.ServerErrorNextQueries = 3;

        var status = await harness.Client.GetStatusAsync(new ProviderJobHandle(submission.JobId, request.Model));

        Assert.Equal(ProviderJobState.Succeeded, status.State);
        Assert.True(harness.Simulator.StatusCount >= 3);
    }

    [Fact]
    public async Task Wrong_secret_is_provider_unauthorized_and_nothing_runs()
    {
        await using var harness = await ScenarioTestHarness.StartAsync(configureClient: o => o.ApiSecret = "not-the-secret");
        var request = ScenarioTestHarness.Request(new GenerationRequest { Prompt = "A cat" });

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Client.SubmitAsync(request));

        Assert.Equal(ProviderErrorCodes.ProviderUnauthorized, error.ErrorCode);
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal(0, harness.Simulator.SubmitCount);
    }

    [Fact]
    public async Task Missing_credentials_are_refused_before_anything_is_sent()
    {
        await using var harness = await ScenarioTestHarness.StartAsync(configureClient: o => o.ApiSecret = null);
        var request = ScenarioTestHarness.Request(new GenerationRequest { Prompt = "A cat" });

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Client.SubmitAsync(request));

        Assert.Equal(ProviderErrorCodes.ProviderUnauthorized, error.ErrorCode);
        Assert.Empty(harness.Simulator.RequestLog);
    }

    [Theory]
    [InlineData(SubmitFault.InsufficientCredits, ProviderErrorCodes.InsufficientCredits, "Not enough Creative Units")]
    [InlineData(SubmitFault.BadRequest, ProviderErrorCodes.ProviderRejected, "prompt is not allowed to be empty")]
    public async Task Refused_submit_maps_to_the_right_error(SubmitFault fault, string expectedCode, string expectedText)
    {
        await using var harness = await ScenarioTestHarness.StartAsync();
        harness.Simulator.Behavior.SubmitFault = fault;
        var request = ScenarioTestHarness.Request(new GenerationRequest { Prompt = "A cat" });

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Client.SubmitAsync(request));

        Assert.Equal(expectedCode, error.ErrorCode);
        Assert.Contains(expectedText, error.ProviderMessage, StringComparison.Ordinal);
        Assert.Equal(0, harness.Simulator.SubmitCount);
    }

    [Theory]
    [InlineData(SubmitFault.TimeoutAfterAccept)]
    [InlineData(SubmitFault.ServerErrorAfterAccept)]
    public async Task Ambiguous_submit_is_not_resent(SubmitFault fault)
    {
        // 3 s: on a loaded machine the simulator must have read the submit before the client gives up; still far below its hang.
        await using var harness = await ScenarioTestHarness.StartAsync(o => o.AttemptTimeout = TimeSpan.FromSeconds(3));
        harness.Simulator.Behavior.SubmitFault = fault;
        harness.Simulator.Behavior.SubmitHang = TimeSpan.FromSeconds(10);
        var request = ScenarioTestHarness.Request(new GenerationRequest { Prompt = "A cat" });

        var error = await Assert.ThrowsAsync<SubmitOutcomeUnknownException>(() => harness.Client.SubmitAsync(request));

        Assert.Equal(ProviderErrorCodes.SubmitOutcomeUnknown, error.ErrorCode);
        Assert.Equal(1, await harness.Simulator.SettledSubmitCountAsync());
        Assert.Single(harness.Simulator.JobIds);
    }

    [Fact]
    public async Task Source_image_over_6_MB_is_refused_before_anything_is_sent()
    {
        await using var harness = await ScenarioTestHarness.StartAsync();
        var tooLarge = "data:image/png;base64," + Convert.ToBase64String(new byte[6_000_001]);
        var request = ScenarioTestHarness.Request(new GenerationRequest { Prompt = "Make it blue", Image = tooLarge });

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Client.SubmitAsync(request));

        Assert.Equal(ProviderErrorCodes.InvalidInput, error.ErrorCode);
        Assert.StartsWith("image is too large for Scenario", error.Message, StringComparison.Ordinal);
        Assert.Contains("6 MB", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Simulator.RequestLog);
    }

    [Fact]
    public async Task Reference_url_over_6_MB_is_refused_and_nothing_is_uploaded_or_generated()
    {
        await using var harness = await ScenarioTestHarness.StartAsync();
        var huge = harness.Simulator.AddInputFile("huge.png", new byte[7_000_000]);
        var request = ScenarioTestHarness.Request(new GenerationRequest
        {
            Prompt = "A cat", ReferenceImages = [ScenarioTestHarness.PngDataUri(1), huge.AbsoluteUri],
        });

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Client.SubmitAsync(request));

        Assert.Equal(ProviderErrorCodes.InvalidInput, error.ErrorCode);
        Assert.StartsWith("referenceImages[1] is too large for Scenario", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Simulator.UploadedAssets);
        Assert.Equal(0, harness.Simulator.SubmitCount);
    }

    [Fact]
    public async Task Unreachable_input_url_is_invalid_input()
    {
        await using var harness = await ScenarioTestHarness.StartAsync();
        var missing = new Uri(harness.Simulator.BaseUrl, "inputs/missing.png");
        var request = ScenarioTestHarness.Request(new GenerationRequest { Prompt = "Make it blue", Image = missing.AbsoluteUri });

        var error = await Assert.ThrowsAsync<ProviderException>(() => harness.Client.SubmitAsync(request));

        Assert.Equal(ProviderErrorCodes.InvalidInput, error.ErrorCode);
        Assert.StartsWith("image could not be downloaded", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, harness.Simulator.SubmitCount);
    }

    [Fact]
    public async Task Scenario_offers_no_webhooks_cancel_or_lookup_of_an_unknown_submit()
    {
        await using var harness = await ScenarioTestHarness.StartAsync();
        var request = ScenarioTestHarness.Request(new GenerationRequest { Prompt = "A cat" });
        var submission = await harness.Client.SubmitAsync(request);

        var canceled = await harness.Client.CancelAsync(new ProviderJobHandle(submission.JobId, request.Model));

        Assert.False(canceled);
        Assert.False(harness.Client.SupportsCallbacks);
        Assert.Equal(ProviderNames.Scenario, harness.Client.Name);
        Assert.Same(ProviderCapabilityTable.Scenario, harness.Client.Capabilities);
        await Assert.ThrowsAsync<NotSupportedException>(() => harness.Client.FindSubmittedJobAsync(request));
        Assert.DoesNotContain(harness.Simulator.RequestLog, line => line.Contains("/action", StringComparison.Ordinal));
    }
}
