using System.Net;
using System.Text.Json;
using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Providers.Luma;
using ImagePipeline.Testing.Simulators;
using ImagePipeline.Testing.Simulators.Luma;

namespace ImagePipeline.Tests.Providers.Luma;

/// <summary>Uni-1 on Luma's Agents API, against the simulator.</summary>
public sealed class LumaClientTests : IAsyncLifetime
{
    LumaTestContext _context = null!;

    LumaSimulator Simulator => _context.Simulator;
    LumaClient Client => _context.Client;

    public async Task InitializeAsync() => _context = await LumaTestContext.StartAsync();

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task Uni1_text_to_image_round_trip_returns_the_simulators_png()
    {
        Simulator.Behavior.JobDuration = TimeSpan.FromMilliseconds(200);
        var job = LumaTestContext.Job(LumaModels.Uni1Max, new GenerationRequest
        {
            Prompt = "A lighthouse at dawn", AspectRatio = "16:9", Style = "manga", OutputFormat = "png", WebSearch = true,
        });

        var submission = await Client.SubmitAsync(job);
        var status = await _context.WaitForTerminalAsync(new ProviderJobHandle(submission.JobId, job.Model));

        var body = Simulator.LastAgentsRequest!.Value;
        Assert.Equal("A lighthouse at dawn", body.GetProperty("prompt").GetString());
        Assert.Equal("uni-1-max", body.GetProperty("model").GetString());
        Assert.Equal("image", body.GetProperty("type").GetString());
        Assert.Equal("16:9", body.GetProperty("aspect_ratio").GetString());
        Assert.Equal("manga", body.GetProperty("style").GetString());
        Assert.Equal("png", body.GetProperty("output_format").GetString());
        Assert.True(body.GetProperty("web_search").GetBoolean());
        Assert.False(body.TryGetProperty("source", out _));
        Assert.False(body.TryGetProperty("image_ref", out _));

        Assert.Equal(ProviderJobState.Queued, submission.Status!.State);
        Assert.Equal(ProviderJobState.Succeeded, status.State);
        Assert.Equal("completed", status.ProviderStatus);
        var output = Assert.Single(status.Outputs);
        Assert.Equal($"{submission.JobId}/0", output.Id);
        var bytes = await ProviderTestKit.ReadAllAsync(await Client.DownloadAsync(output));
        Assert.Equal(Simulator.GetOutput(submission.JobId), bytes);
        Assert.Equal(1, Simulator.SubmitCount);
    }

    [Fact]
    public async Task Uni1_edit_sends_source_and_references_as_url_or_inline_data_never_both()
    {
        var dataUri = LumaTestContext.PngDataUri();
        var job = LumaTestContext.Job(LumaModels.Uni1, new GenerationRequest
        {
            Prompt = "Make the sky purple",
            Image = "https://images.example/source.jpg",
            ReferenceImages = ["https://images.example/ref-1.png", dataUri],
        });

        var submission = await Client.SubmitAsync(job);
        var status = await _context.WaitForTerminalAsync(new ProviderJobHandle(submission.JobId, job.Model));

        var body = Simulator.LastAgentsRequest!.Value;
        Assert.Equal("image_edit", body.GetProperty("type").GetString());
        var source = body.GetProperty("source");
        Assert.Equal(["url"], PropertyNames(source));
        Assert.Equal("https://images.example/source.jpg", source.GetProperty("url").GetString());
        var references = body.GetProperty("image_ref").EnumerateArray().ToList();
        Assert.Equal(2, references.Count);
        Assert.Equal(["url"], PropertyNames(references[0]));
        Assert.Equal("https://images.example/ref-1.png", references[0].GetProperty("url").GetString());
        Assert.Equal(["data", "media_type"], PropertyNames(references[1]));
        Assert.Equal(dataUri["data:image/png;base64,".Length..], references[1].GetProperty("data").GetString());
        Assert.Equal("image/png", references[1].GetProperty("media_type").GetString());
        Assert.Equal(ProviderJobState.Succeeded, status.State);
    }

    [Fact]
    public async Task Uni1_edit_with_a_data_uri_source_sends_it_inline()
    {
        var dataUri = LumaTestContext.PngDataUri(seed: 7);
        var job = LumaTestContext.Job(LumaModels.Uni1, new GenerationRequest { Prompt = "Add a hat", Image = dataUri });

        await Client.SubmitAsync(job);

        var source = Simulator.LastAgentsRequest!.Value.GetProperty("source");
        Assert.Equal(["data", "media_type"], PropertyNames(source));
        Assert.Equal(Convert.FromBase64String(dataUri["data:image/png;base64,".Length..]), Convert.FromBase64String(source.GetProperty("data").GetString()!));
    }

    [Theory]
    [InlineData("generation_failed", ProviderErrorCodes.ProviderFailed, true)]
    [InlineData("output_not_found", ProviderErrorCodes.ProviderFailed, true)]
    [InlineData("content_moderated", ProviderErrorCodes.ContentBlocked, false)]
    [InlineData("budget_exhausted", ProviderErrorCodes.InsufficientCredits, false)]
    [InlineData("image_too_large", ProviderErrorCodes.InvalidInput, false)]
    [InlineData("unsupported_format", ProviderErrorCodes.InvalidInput, false)]
    [InlineData("corrupt_input", ProviderErrorCodes.InvalidInput, false)]
    [InlineData("invalid_request", ProviderErrorCodes.ProviderRejected, false)]
    [InlineData("something_new", ProviderErrorCodes.ProviderFailed, false)]
    public async Task Uni1_failed_generation_maps_its_failure_code(string failureCode, string expectedCode, bool retryable)
    {
        Simulator.FailureCode = failureCode;
        Simulator.Behavior.FailJobsWith = $"Luma says: {failureCode}";
        var job = LumaTestContext.Job(LumaModels.Uni1, new GenerationRequest { Prompt = "A cat" });

        var submission = await Client.SubmitAsync(job);
        var status = await _context.WaitForTerminalAsync(new ProviderJobHandle(submission.JobId, job.Model));

        Assert.Equal(ProviderJobState.Failed, status.State);
        Assert.Equal("failed", status.ProviderStatus);
        Assert.Equal(expectedCode, status.Error!.Code);
        Assert.Equal($"Luma says: {failureCode}", status.Error.Message);
        Assert.Equal(retryable, status.Error.Retryable);
        Assert.Empty(status.Outputs);
    }

    [Fact]
    public async Task Uni1_unknown_state_is_reported_as_still_running()
    {
        var submission = await Client.SubmitAsync(LumaTestContext.Job(LumaModels.Uni1, new GenerationRequest { Prompt = "A cat" }));
        Simulator.StateOverride = "upscaling";

        var status = await Client.GetStatusAsync(new ProviderJobHandle(submission.JobId, LumaModels.Uni1));

        Assert.Equal(ProviderJobState.Running, status.State);
        Assert.Equal("upscaling", status.ProviderStatus);
    }

    [Fact]
    public async Task Submit_refused_with_429_waits_the_announced_Retry_After_and_then_succeeds_once()
    {
        // MaxDelay above the announced second, so the wait comes from Retry-After and not from the 10 ms backoff.
        var resilience = LumaTestContext.FastResilience();
        resilience.MaxDelay = TimeSpan.FromSeconds(3);
        await using var patient = await LumaTestContext.StartAsync(resilience);
        patient.Simulator.Behavior.RateLimitWait = TimeSpan.FromSeconds(1);
        patient.Simulator.Behavior.RateLimitNextRequests = 1;

        var submission = await patient.Client.SubmitAsync(LumaTestContext.Job(LumaModels.Uni1, new GenerationRequest { Prompt = "A cat" }));

        var submits = patient.Simulator.Requests.Where(r => r.Method == "POST").OrderBy(r => r.ReceivedAt).ToList();
        Assert.Equal([429, 201], submits.Select(r => r.StatusCode));
        Assert.True(submits[1].ReceivedAt - submits[0].ReceivedAt >= TimeSpan.FromMilliseconds(900),
            $"The retry came {(submits[1].ReceivedAt - submits[0].ReceivedAt).TotalMilliseconds} ms after the 429, not after Retry-After: 1.");
        Assert.Equal(1, patient.Simulator.SubmitCount);
        Assert.False(string.IsNullOrEmpty(submission.JobId));
    }

    [Fact]
    public async Task Status_rate_limited_for_good_throws_ProviderRateLimitedException_with_the_Retry_After()
    {
        var submission = await Client.SubmitAsync(LumaTestContext.Job(LumaModels.Uni1, new GenerationRequest { Prompt = "A cat" }));
        Simulator.Behavior.RateLimitWait = TimeSpan.FromSeconds(1);
        Simulator.Behavior.RateLimitNextRequests = 100;

        var error = await Assert.ThrowsAsync<ProviderRateLimitedException>(() =>
            Client.GetStatusAsync(new ProviderJobHandle(submission.JobId, LumaModels.Uni1)));

        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
        Assert.Equal(ProviderErrorCodes.RateLimited, error.ErrorCode);
        Assert.Contains("rate limit", error.ProviderMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Status_server_errors_are_retried_until_the_generation_is_read()
    {
        var submission = await Client.SubmitAsync(LumaTestContext.Job(LumaModels.Uni1, new GenerationRequest { Prompt = "A cat" }));
        Simulator.Behavior.ServerErrorNextQueries = 2;

        var status = await Client.GetStatusAsync(new ProviderJobHandle(submission.JobId, LumaModels.Uni1));

        Assert.Equal(ProviderJobState.Succeeded, status.State);
        Assert.Equal(3, Simulator.StatusCount);
    }

    [Fact]
    public async Task Wrong_key_is_provider_unauthorized()
    {
        Simulator.ApiKey = "another-key";

        var error = await Assert.ThrowsAsync<ProviderException>(() =>
            Client.SubmitAsync(LumaTestContext.Job(LumaModels.Uni1, new GenerationRequest { Prompt = "A cat" })));

        Assert.Equal(ProviderErrorCodes.ProviderUnauthorized, error.ErrorCode);
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal("Invalid API key provided.", error.ProviderMessage);
        Assert.Equal(0, Simulator.SubmitCount);
    }

    [Fact]
    public async Task Missing_key_fails_before_anything_is_sent()
    {
        _context.Options.ApiKey = null;

        var error = await Assert.ThrowsAsync<ProviderException>(() =>
            Client.SubmitAsync(LumaTestContext.Job(LumaModels.Uni1, new GenerationRequest { Prompt = "A cat" })));

        Assert.Equal(ProviderErrorCodes.ProviderUnauthorized, error.ErrorCode);
        Assert.Empty(Simulator.Requests);
    }

    [Fact]
    public async Task Payment_required_is_insufficient_credits()
    {
        Simulator.Behavior.SubmitFault = SubmitFault.InsufficientCredits;

        var error = await Assert.ThrowsAsync<ProviderException>(() =>
            Client.SubmitAsync(LumaTestContext.Job(LumaModels.Uni1, new GenerationRequest { Prompt = "A cat" })));

        Assert.Equal(ProviderErrorCodes.InsufficientCredits, error.ErrorCode);
        Assert.Equal(HttpStatusCode.PaymentRequired, error.StatusCode);
        Assert.Contains("Insufficient balance", error.ProviderMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Media_over_the_size_limit_is_invalid_input()
    {
        Simulator.MaxMediaBytes = 16;
        var job = LumaTestContext.Job(LumaModels.Uni1, new GenerationRequest { Prompt = "A cat", ReferenceImages = [LumaTestContext.PngDataUri()] });

        var error = await Assert.ThrowsAsync<ProviderException>(() => Client.SubmitAsync(job));

        Assert.Equal(ProviderErrorCodes.InvalidInput, error.ErrorCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, error.StatusCode);
        Assert.Equal(0, Simulator.SubmitCount);
    }

    [Fact]
    public async Task Bad_parameter_combination_is_provider_rejected_with_Lumas_message()
    {
        // Nine references plus a source: validation would refuse it; here it reaches Luma to see its 422.
        var job = LumaTestContext.Job(LumaModels.Uni1, new GenerationRequest
        {
            Prompt = "A cat", Image = "https://images.example/source.jpg",
            ReferenceImages = [.. Enumerable.Range(0, 9).Select(i => $"https://images.example/{i}.png")],
        });

        var error = await Assert.ThrowsAsync<ProviderException>(() => Client.SubmitAsync(job));

        Assert.Equal(ProviderErrorCodes.ProviderRejected, error.ErrorCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.StatusCode);
        Assert.Equal("image_ref takes at most 8 images with a source.", error.ProviderMessage);
    }

    [Fact]
    public async Task Expired_generation_and_expired_output_link_are_ProviderResultExpiredException()
    {
        var submission = await Client.SubmitAsync(LumaTestContext.Job(LumaModels.Uni1, new GenerationRequest { Prompt = "A cat" }));
        var status = await Client.GetStatusAsync(new ProviderJobHandle(submission.JobId, LumaModels.Uni1));
        Simulator.Behavior.ResultsExpired = true;

        var gone = await Assert.ThrowsAsync<ProviderResultExpiredException>(() =>
            Client.GetStatusAsync(new ProviderJobHandle(submission.JobId, LumaModels.Uni1)));
        var expired = await Assert.ThrowsAsync<ProviderResultExpiredException>(() => Client.DownloadAsync(status.Outputs[0]));

        Assert.Equal(ProviderErrorCodes.ResultExpired, gone.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(ProviderErrorCodes.ResultExpired, expired.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
    }

    [Theory]
    [InlineData(SubmitFault.TimeoutAfterAccept)]
    [InlineData(SubmitFault.ServerErrorAfterAccept)]
    public async Task Submit_of_unknown_outcome_is_never_sent_twice(SubmitFault fault)
    {
        var resilience = LumaTestContext.FastResilience();
        // 3 s: on a loaded machine the simulator must have read the submit before the client gives up; still far below its hang.
        resilience.AttemptTimeout = TimeSpan.FromSeconds(3);
        await using var context = await LumaTestContext.StartAsync(resilience);
        context.Simulator.Behavior.SubmitHang = TimeSpan.FromSeconds(10);
        context.Simulator.Behavior.SubmitFault = fault;

        var error = await Assert.ThrowsAsync<SubmitOutcomeUnknownException>(() =>
            context.Client.SubmitAsync(LumaTestContext.Job(LumaModels.Uni1, new GenerationRequest { Prompt = "A cat" })));

        Assert.Equal(ProviderErrorCodes.SubmitOutcomeUnknown, error.ErrorCode);
        Assert.Equal(1, await context.Simulator.SettledSubmitCountAsync());
    }

    [Fact]
    public async Task Agents_jobs_ignore_the_callback_url_and_cannot_be_cancelled_or_looked_up()
    {
        var job = LumaTestContext.Job(LumaModels.Uni1, new GenerationRequest { Prompt = "A cat" }, new Uri("https://pipeline.example/callbacks/luma?token=t"));

        var submission = await Client.SubmitAsync(job);
        var requestsBeforeCancel = Simulator.Requests.Count;
        var cancelled = await Client.CancelAsync(new ProviderJobHandle(submission.JobId, LumaModels.Uni1));

        Assert.False(Simulator.LastAgentsRequest!.Value.TryGetProperty("callback_url", out _));
        Assert.False(cancelled);
        Assert.Equal(requestsBeforeCancel, Simulator.Requests.Count);
        await Assert.ThrowsAsync<NotSupportedException>(() => Client.FindSubmittedJobAsync(job));
    }

    [Fact]
    public void Client_describes_itself_from_the_capability_table()
    {
        Assert.Equal("luma", Client.Name);
        Assert.True(Client.SupportsCallbacks);
        Assert.Equal(["uni-1", "uni-1-max", "photon-1", "photon-flash-1"], Client.Capabilities.Models.Select(m => m.Model));
    }

    static string[] PropertyNames(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
}
