using System.Net;
using System.Net.Http.Headers;
using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Testing.Simulators;
using ImagePipeline.Validation;

namespace ImagePipeline.Tests.Providers.Segmind;

public sealed class SegmindClientTests : IAsyncLifetime
{
    const string SourceImage = "https://segmind-resources.s3.amazonaws.com/input/luma-uni-1-max-source.jpg";
    SegmindTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SegmindTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task TextToImage_RoundTrip_PollsUntilCompletedAndDownloadsTheSimulatorsPng()
    {
        _host.Simulator.Behavior.JobDuration = TimeSpan.FromMilliseconds(200);

        var submission = await _host.Client.SubmitAsync(SegmindTestHost.JobRequest(new GenerationRequest { Prompt = "a lighthouse at dawn", AspectRatio = "16:9" }));
        var status = await _host.WaitForTerminalAsync(SegmindTestHost.Handle(submission));

        Assert.Equal(ProviderJobState.Queued, submission.Status?.State);
        Assert.Equal("QUEUED", submission.Status?.ProviderStatus);
        Assert.Equal(ProviderJobState.Succeeded, status.State);
        Assert.Equal("COMPLETED", status.ProviderStatus);
        var output = Assert.Single(status.Outputs);
        Assert.Equal($"{submission.JobId}.png", output.Id);
        Assert.Equal("image/png", output.ContentType);
        var bytes = await ProviderTestKit.ReadAllAsync(await _host.Client.DownloadAsync(output));
        Assert.Equal(_host.Simulator.GetOutputBytes(submission.JobId), bytes);
        Assert.Equal("luma-uni-1-max", _host.Simulator.LastSubmitModel);
        Assert.Equal("""{"prompt":"a lighthouse at dawn","aspect_ratio":"16:9"}""", _host.Simulator.LastSubmitBody!.ToJsonString());
    }

    [Fact]
    public async Task Edit_SendsTheFlatBodyWithImageUrlAspectRatioAndStyle_AndReturnsTheEditedImage()
    {
        var request = new GenerationRequest { Prompt = "make the sky a sunset", Image = SourceImage, AspectRatio = "16:9", Style = "manga" };

        var submission = await _host.Client.SubmitAsync(SegmindTestHost.JobRequest(request, "luma-uni-1"));
        var status = await _host.WaitForTerminalAsync(SegmindTestHost.Handle(submission, "luma-uni-1"));

        Assert.Equal("luma-uni-1", _host.Simulator.LastSubmitModel);
        Assert.Equal($$"""{"prompt":"make the sky a sunset","image":"{{SourceImage}}","aspect_ratio":"16:9","style":"manga"}""",
            _host.Simulator.LastSubmitBody!.ToJsonString());
        var bytes = await ProviderTestKit.ReadAllAsync(await _host.Client.DownloadAsync(Assert.Single(status.Outputs)));
        Assert.Equal(_host.Simulator.GetOutputBytes(submission.JobId), bytes);
    }

    [Fact]
    public async Task Photon_PostsToItsOwnModelRoute_WithAPhotonOnlyAspectRatio()
    {
        var submission = await _host.Client.SubmitAsync(
            SegmindTestHost.JobRequest(new GenerationRequest { Prompt = "a train at night", AspectRatio = "21:9" }, "luma-photon-txt-2-img"));
        var status = await _host.WaitForTerminalAsync(SegmindTestHost.Handle(submission, "luma-photon-txt-2-img"));

        Assert.Equal("luma-photon-txt-2-img", _host.Simulator.LastSubmitModel);
        Assert.Equal(ProviderJobState.Succeeded, status.State);
    }

    [Fact]
    public async Task Result_WithoutImagesArray_TakesTheOutputUrl()
    {
        _host.Simulator.IncludeImagesInResult = false;

        var submission = await _host.Client.SubmitAsync(SegmindTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" }));
        var status = await _host.WaitForTerminalAsync(SegmindTestHost.Handle(submission));

        var output = Assert.Single(status.Outputs);
        Assert.Equal($"{submission.JobId}-0", output.Id);
        Assert.Equal(_host.Simulator.GetOutputBytes(submission.JobId), await ProviderTestKit.ReadAllAsync(await _host.Client.DownloadAsync(output)));
    }

    [Fact]
    public async Task FailedJob_Served422_IsAFailedStatusWithTheProvidersMessage_NotARetriedError()
    {
        _host.Simulator.Behavior.FailJobsWith = "Inference failed: worker crashed";
        var submission = await _host.Client.SubmitAsync(SegmindTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" }));

        var status = await _host.Client.GetStatusAsync(SegmindTestHost.Handle(submission));

        Assert.Equal(ProviderJobState.Failed, status.State);
        Assert.Equal("FAILED", status.ProviderStatus);
        Assert.Equal(ProviderErrorCodes.ProviderFailed, status.Error?.Code);
        Assert.Equal("Inference failed: worker crashed", status.Error?.Message);
        Assert.Equal(1, _host.Simulator.StatusCount);
    }

    [Fact]
    public async Task FailedResult_Served422_AfterCompletedStatus_IsAFailedStatus()
    {
        _host.Simulator.ReplyToNextQuery(HttpStatusCode.OK, """{"status":"COMPLETED","request_id":"r1","metrics":{}}""");
        _host.Simulator.ReplyToNextQuery(HttpStatusCode.UnprocessableEntity, """{"status":"FAILED","error":"Output upload failed","metrics":{}}""");

        var status = await _host.Client.GetStatusAsync(new ProviderJobHandle("r1", "luma-uni-1-max"));

        Assert.Equal(ProviderJobState.Failed, status.State);
        Assert.Equal("Output upload failed", status.Error?.Message);
    }

    [Theory]
    [InlineData("Content blocked by RAI safety filter")]
    [InlineData("NSFW content detected in the output")]
    [InlineData("Your prompt was flagged by our moderation system")]
    public async Task SafetyBlock_ReportedAsFailed_BecomesContentBlocked(string message)
    {
        _host.Simulator.Behavior.FailJobsWith = message;
        var submission = await _host.Client.SubmitAsync(SegmindTestHost.JobRequest(new GenerationRequest { Prompt = "something" }));

        var status = await _host.Client.GetStatusAsync(SegmindTestHost.Handle(submission));

        Assert.Equal(ProviderJobState.Failed, status.State);
        Assert.Equal(ProviderErrorCodes.ContentBlocked, status.Error?.Code);
        Assert.Equal(message, status.Error?.Message);
    }

    [Fact]
    public async Task UnknownRequestId_Is404_AndThrowsResultExpired()
    {
        var error = await Assert.ThrowsAsync<ProviderResultExpiredException>(
            () => _host.Client.GetStatusAsync(new ProviderJobHandle("no-such-request", "luma-uni-1-max")));

        Assert.Equal(ProviderErrorCodes.ResultExpired, error.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("Request no-such-request not found", error.ProviderMessage);
    }

    [Fact]
    public async Task ExpiredRecord_AfterSubmit_ThrowsResultExpired()
    {
        var submission = await _host.Client.SubmitAsync(SegmindTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" }));
        _host.Simulator.Behavior.ResultsExpired = true;

        var error = await Assert.ThrowsAsync<ProviderResultExpiredException>(() => _host.Client.GetStatusAsync(SegmindTestHost.Handle(submission)));

        Assert.Equal(ProviderErrorCodes.ResultExpired, error.ErrorCode);
    }

    [Fact]
    public async Task ExpiredOutputLink_ThrowsResultExpiredOnDownload()
    {
        var submission = await _host.Client.SubmitAsync(SegmindTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" }));
        var status = await _host.WaitForTerminalAsync(SegmindTestHost.Handle(submission));
        _host.Simulator.Behavior.ResultsExpired = true;

        var error = await Assert.ThrowsAsync<ProviderResultExpiredException>(() => _host.Client.DownloadAsync(status.Outputs[0]));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Fact]
    public async Task RateLimitedStatusReads_AreRetriedAfterTheResetHeader_ThenSucceed()
    {
        var submission = await _host.Client.SubmitAsync(SegmindTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" }));
        _host.Simulator.Behavior.RateLimitNextRequests = 2;

        var status = await _host.Client.GetStatusAsync(SegmindTestHost.Handle(submission));

        Assert.Equal(ProviderJobState.Succeeded, status.State);
        Assert.Equal(0, _host.Simulator.Behavior.RateLimitNextRequests);
    }

    [Fact]
    public async Task PersistentRateLimit_ThrowsRateLimitedWithTheWaitFromTheResetHeader()
    {
        var submission = await _host.Client.SubmitAsync(SegmindTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" }));
        _host.Simulator.Behavior.RateLimitNextRequests = 100;
        _host.Simulator.Behavior.RateLimitWait = TimeSpan.FromMilliseconds(300);

        var error = await Assert.ThrowsAsync<ProviderRateLimitedException>(() => _host.Client.GetStatusAsync(SegmindTestHost.Handle(submission)));

        Assert.Equal(ProviderErrorCodes.RateLimited, error.ErrorCode);
        Assert.NotNull(error.RetryAfter);
        Assert.InRange(error.RetryAfter.Value, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Equal(100 - 5, _host.Simulator.Behavior.RateLimitNextRequests);
    }

    [Fact]
    public async Task RateLimitedSubmit_WasRefused_SoItIsResentAndCreatesOneJob()
    {
        _host.Simulator.Behavior.RateLimitNextRequests = 1;

        var submission = await _host.Client.SubmitAsync(SegmindTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" }));

        Assert.False(string.IsNullOrEmpty(submission.JobId));
        Assert.Equal(1, _host.Simulator.SubmitCount);
        Assert.Single(_host.Simulator.JobIds);
    }

    [Fact]
    public async Task ServerErrorsOnStatusReads_AreRetried()
    {
        var submission = await _host.Client.SubmitAsync(SegmindTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" }));
        _host.Simulator.Behavior.ServerErrorNextQueries = 3;

        var status = await _host.Client.GetStatusAsync(SegmindTestHost.Handle(submission));

        Assert.Equal(ProviderJobState.Succeeded, status.State);
        Assert.Equal(0, _host.Simulator.Behavior.ServerErrorNextQueries);
    }

    [Fact]
    public async Task WrongApiKey_Is401_ProviderUnauthorized_AndNothingIsCreated()
    {
        var client = _host.CreateClient(apiKey: "not-the-key");

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.SubmitAsync(SegmindTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" })));

        Assert.Equal(ProviderErrorCodes.ProviderUnauthorized, error.ErrorCode);
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal(0, _host.Simulator.SubmitCount);
    }

    [Fact]
    public async Task Simulator_RejectsABearerToken_With401()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_host.Simulator.BaseUrl, "v2/luma-uni-1-max"))
        {
            Content = new StringContent("""{"prompt":"a cat"}""", new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _host.Simulator.ApiKey);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, _host.Simulator.SubmitCount);
    }

    [Fact]
    public async Task Simulator_RateLimits_WithTheResetAtHeader_AndNoRetryAfter()
    {
        _host.Simulator.Behavior.RateLimitNextRequests = 1;
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_host.Simulator.BaseUrl, "v2/requests/r1/status"));
        request.Headers.Add("x-api-key", _host.Simulator.ApiKey);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Null(response.Headers.RetryAfter);
        Assert.True(response.Headers.TryGetValues("x-rate-limit-reset-at-utc", out var resetAt));
        Assert.True(DateTimeOffset.TryParse(Assert.Single(resetAt), System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    [Fact]
    public async Task SubmitThatTimesOutAfterBeingAccepted_ThrowsSubmitOutcomeUnknown_AndIsNotResent()
    {
        var resilience = ProviderTestKit.FastResilience();
        // 3 s: on a loaded machine the simulator must have read the submit before the client gives up; still far below its hang.
        resilience.AttemptTimeout = TimeSpan.FromSeconds(3);
        var client = _host.CreateClient(resilience: resilience);
        _host.Simulator.Behavior.SubmitFault = SubmitFault.TimeoutAfterAccept;

        var error = await Assert.ThrowsAsync<SubmitOutcomeUnknownException>(
            () => client.SubmitAsync(SegmindTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" })));

        Assert.Equal(ProviderErrorCodes.SubmitOutcomeUnknown, error.ErrorCode);
        Assert.Equal(1, await _host.Simulator.SettledSubmitCountAsync());
    }

    [Fact]
    public async Task SubmitAnswered500AfterBeingAccepted_ThrowsSubmitOutcomeUnknown_AndIsNotResent()
    {
        _host.Simulator.Behavior.SubmitFault = SubmitFault.ServerErrorAfterAccept;

        var error = await Assert.ThrowsAsync<SubmitOutcomeUnknownException>(
            () => _host.Client.SubmitAsync(SegmindTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" })));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal(1, _host.Simulator.SubmitCount);
    }

    [Fact]
    public async Task InsufficientCredits_Is406_MappedToInsufficientCredits()
    {
        _host.Simulator.Behavior.SubmitFault = SubmitFault.InsufficientCredits;

        var error = await Assert.ThrowsAsync<ProviderException>(() => _host.Client.SubmitAsync(SegmindTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" })));

        Assert.Equal(ProviderErrorCodes.InsufficientCredits, error.ErrorCode);
        Assert.Equal(HttpStatusCode.NotAcceptable, error.StatusCode);
        Assert.Contains("Insufficient credits", error.ProviderMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongContentType_Is406_MappedToRejected_NotToCredits()
    {
        _host.Simulator.ReplyToNextSubmit(HttpStatusCode.NotAcceptable, """{"error":"Unsupported content type: send application/json."}""");

        var error = await Assert.ThrowsAsync<ProviderException>(() => _host.Client.SubmitAsync(SegmindTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" })));

        Assert.Equal(ProviderErrorCodes.ProviderRejected, error.ErrorCode);
        Assert.Contains("content type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetiredModel_Is410_Rejected()
    {
        _host.Simulator.RetireModel("luma-uni-1");

        var error = await Assert.ThrowsAsync<ProviderException>(
            () => _host.Client.SubmitAsync(SegmindTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" }, "luma-uni-1")));

        Assert.Equal(ProviderErrorCodes.ProviderRejected, error.ErrorCode);
        Assert.Equal(HttpStatusCode.Gone, error.StatusCode);
        Assert.Contains("retired", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownModel_Is404OnSubmit_RejectedRatherThanExpired()
    {
        var error = await Assert.ThrowsAsync<ProviderException>(
            () => _host.Client.SubmitAsync(SegmindTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" }, "luma-uni-9")));

        Assert.IsNotType<ProviderResultExpiredException>(error);
        Assert.Equal(ProviderErrorCodes.ProviderRejected, error.ErrorCode);
        Assert.Equal("Model luma-uni-9 not found.", error.ProviderMessage);
    }

    [Fact]
    public async Task MethodNotAllowed_AnswersHtml_ReportedAsReadableRejection()
    {
        _host.Simulator.ReplyToNextSubmit(HttpStatusCode.MethodNotAllowed,
            "<html><head><title>405 Not Allowed</title></head><body><center><h1>405 Not Allowed</h1></center></body></html>", "text/html");

        var error = await Assert.ThrowsAsync<ProviderException>(() => _host.Client.SubmitAsync(SegmindTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" })));

        Assert.Equal(ProviderErrorCodes.ProviderRejected, error.ErrorCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, error.StatusCode);
        Assert.StartsWith("405 Not Allowed", error.ProviderMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("<", error.ProviderMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, """{"error":"aspect_ratio must be one of 16:9, 1:1"}""", ProviderErrorCodes.ProviderRejected)]
    [InlineData(HttpStatusCode.Forbidden, """{"error":"Forbidden: insufficient permissions"}""", ProviderErrorCodes.ProviderUnauthorized)]
    public async Task SubmitRefusals_AreTypedWithTheProvidersMessage(HttpStatusCode statusCode, string body, string expectedCode)
    {
        _host.Simulator.ReplyToNextSubmit(statusCode, body);

        var error = await Assert.ThrowsAsync<ProviderException>(() => _host.Client.SubmitAsync(SegmindTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" })));

        Assert.Equal(expectedCode, error.ErrorCode);
        Assert.Equal(statusCode, error.StatusCode);
        Assert.Contains(error.ProviderMessage!, body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"status":"QUEUED","status_url":"https://api.segmind.com/v2/requests/x/status","response_url":"https://api.segmind.com/v2/requests/x"}""")]
    [InlineData("""{"request_id":"x","status":"QUEUED","response_url":"https://api.segmind.com/v2/requests/x"}""")]
    [InlineData("""{"request_id":"x","status":"QUEUED","status_url":"https://api.segmind.com/v2/requests/x/status"}""")]
    [InlineData("""<html>OK</html>""")]
    public async Task SuccessfulSubmitReply_WithoutRequestIdOrUrls_IsAnErrorThatIsNotResent(string body)
    {
        _host.Simulator.ReplyToNextSubmit(HttpStatusCode.OK, body);

        await Assert.ThrowsAsync<SubmitOutcomeUnknownException>(() => _host.Client.SubmitAsync(SegmindTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" })));

        Assert.Equal(0, _host.Simulator.SubmitCount);
    }

    [Theory]
    [InlineData("""{"status":"PROCESSING","request_id":"r1"}""", ProviderJobState.Running, "PROCESSING")]
    [InlineData("""{"status":"QUEUED","request_id":"r1","metrics":{}}""", ProviderJobState.Queued, "QUEUED")]
    [InlineData("""{"status":"WARMING_UP","request_id":"r1","extra":{"a":1}}""", ProviderJobState.Running, "WARMING_UP")]
    public async Task RunningStatusWords_IncludingUnknownOnes_MeanStillRunning(string body, ProviderJobState expected, string word)
    {
        _host.Simulator.ReplyToNextQuery(HttpStatusCode.OK, body);

        var status = await _host.Client.GetStatusAsync(new ProviderJobHandle("r1", "luma-uni-1-max"));

        Assert.Equal(expected, status.State);
        Assert.Equal(word, status.ProviderStatus);
        Assert.Empty(status.Outputs);
    }

    [Fact]
    public async Task CompletedResultWithoutAnyOutput_IsAProviderError()
    {
        _host.Simulator.ReplyToNextQuery(HttpStatusCode.OK, """{"status":"COMPLETED","request_id":"r1"}""");
        _host.Simulator.ReplyToNextQuery(HttpStatusCode.OK, """{"status":"COMPLETED","request_id":"r1","metrics":{"cost":0.1}}""");

        var error = await Assert.ThrowsAsync<ProviderException>(() => _host.Client.GetStatusAsync(new ProviderJobHandle("r1", "luma-uni-1-max")));

        Assert.Equal(ProviderErrorCodes.ProviderFailed, error.ErrorCode);
    }

    [Fact]
    public async Task DataUriSourceImage_IsRefusedBeforeAnythingIsSent()
    {
        var request = new GenerationRequest { Prompt = "edit", Image = "data:image/png;base64,iVBORw0KGgo=" };

        var error = await Assert.ThrowsAsync<ProviderException>(() => _host.Client.SubmitAsync(SegmindTestHost.JobRequest(request)));

        Assert.Equal(ProviderErrorCodes.InvalidInput, error.ErrorCode);
        Assert.Equal(0, _host.Simulator.SubmitCount);
    }

    [Fact]
    public async Task Segmind_HasNoWebhooksNoCancelAndNoLookupBySubmission()
    {
        var client = _host.Client;
        var request = SegmindTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" });

        Assert.Equal(ProviderNames.Segmind, client.Name);
        Assert.Same(ProviderCapabilityTable.Segmind, client.Capabilities);
        Assert.False(client.SupportsCallbacks);
        Assert.Throws<NotSupportedException>(() => client.ParseCallback("{}"u8));
        await Assert.ThrowsAsync<NotSupportedException>(() => client.FindSubmittedJobAsync(request));
        Assert.False(await client.CancelAsync(new ProviderJobHandle("r1", "luma-uni-1-max")));
    }
}
