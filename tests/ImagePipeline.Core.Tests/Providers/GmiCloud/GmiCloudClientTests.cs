using System.Net;
using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Testing.Simulators;
using ImagePipeline.Validation;

namespace ImagePipeline.Tests.Providers.GmiCloud;

public sealed class GmiCloudClientTests : IAsyncLifetime
{
    const string SourceImage = "https://example.com/inputs/kitchen.jpg";
    GmiCloudTestHost _host = null!;

    public async Task InitializeAsync() => _host = await GmiCloudTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task InstantJob_SubmitReplyAlreadySaysSuccess_WithOutputs_SoNoPollIsNeeded()
    {
        var submission = await _host.Client.SubmitAsync(GmiCloudTestHost.JobRequest(new GenerationRequest { Prompt = "iced coffee on marble", AspectRatio = "16:9" }));

        Assert.NotNull(submission.Status);
        Assert.Equal(ProviderJobState.Succeeded, submission.Status.State);
        Assert.Equal("success", submission.Status.ProviderStatus);
        var output = Assert.Single(submission.Status.Outputs);
        Assert.Equal($"media-{submission.JobId}", output.Id);
        var bytes = await ProviderTestKit.ReadAllAsync(await _host.Client.DownloadAsync(output));
        Assert.Equal(_host.Simulator.GetOutputBytes(submission.JobId), bytes);
        Assert.Equal(0, _host.Simulator.StatusCount);
    }

    [Fact]
    public async Task TextToImage_RoundTrip_PollsThroughQueuedAndProcessing_AndDownloadsTheSimulatorsPng()
    {
        _host.Simulator.Behavior.JobDuration = TimeSpan.FromMilliseconds(300);

        var submission = await _host.Client.SubmitAsync(GmiCloudTestHost.JobRequest(new GenerationRequest { Prompt = "iced coffee on marble", AspectRatio = "16:9" }));
        var status = await _host.WaitForTerminalAsync(GmiCloudTestHost.Handle(submission));

        Assert.Equal(ProviderJobState.Queued, submission.Status?.State);
        Assert.Equal("queued", submission.Status?.ProviderStatus);
        Assert.Equal(ProviderJobState.Succeeded, status.State);
        var output = Assert.Single(status.Outputs);
        var bytes = await ProviderTestKit.ReadAllAsync(await _host.Client.DownloadAsync(output));
        Assert.Equal(_host.Simulator.GetOutputBytes(submission.JobId), bytes);
        Assert.Equal("""{"model":"luma-uni-1.1","payload":{"prompt":"iced coffee on marble","aspect_ratio":"16:9"}}""",
            _host.Simulator.LastSubmitBody!.ToJsonString());
    }

    [Fact]
    public async Task InstantJob_WithSubmitOutcomeSwitchedOff_IsQueuedAtSubmitAndFoundByPolling()
    {
        _host.Simulator.CompleteInstantJobsInSubmitReply = false;

        var submission = await _host.Client.SubmitAsync(GmiCloudTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" }));
        var status = await _host.Client.GetStatusAsync(GmiCloudTestHost.Handle(submission));

        Assert.Equal(ProviderJobState.Queued, submission.Status?.State);
        Assert.Equal(ProviderJobState.Succeeded, status.State);
        Assert.Single(status.Outputs);
    }

    [Fact]
    public async Task Edit_SendsModelAndPayloadWithTheImageUrl_AndReturnsTheEditedImage()
    {
        var request = new GenerationRequest { Prompt = "swap the background for a beach", Image = SourceImage, AspectRatio = "3:2" };

        var submission = await _host.Client.SubmitAsync(GmiCloudTestHost.JobRequest(request));

        Assert.Equal($$$"""{"model":"luma-uni-1.1","payload":{"prompt":"swap the background for a beach","aspect_ratio":"3:2","image":"{{{SourceImage}}}"}}""",
            _host.Simulator.LastSubmitBody!.ToJsonString());
        var bytes = await ProviderTestKit.ReadAllAsync(await _host.Client.DownloadAsync(Assert.Single(submission.Status!.Outputs)));
        Assert.Equal(_host.Simulator.GetOutputBytes(submission.JobId), bytes);
    }

    [Fact]
    public async Task FailedJob_IsAFailedStatusWithTheProvidersMessage()
    {
        _host.Simulator.Behavior.JobDuration = TimeSpan.FromMilliseconds(50);
        _host.Simulator.Behavior.FailJobsWith = "generation failed: upstream timeout";

        var submission = await _host.Client.SubmitAsync(GmiCloudTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" }));
        var status = await _host.WaitForTerminalAsync(GmiCloudTestHost.Handle(submission));

        Assert.Equal(ProviderJobState.Failed, status.State);
        Assert.Equal("failed", status.ProviderStatus);
        Assert.Equal(ProviderErrorCodes.ProviderFailed, status.Error?.Code);
        Assert.Equal("generation failed: upstream timeout", status.Error?.Message);
    }

    [Fact]
    public async Task InstantFailure_InTheSubmitReply_IsReturnedAsAFailedStatus()
    {
        _host.Simulator.Behavior.FailJobsWith = "generation failed";

        var submission = await _host.Client.SubmitAsync(GmiCloudTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" }));

        Assert.Equal(ProviderJobState.Failed, submission.Status?.State);
        Assert.Equal("generation failed", submission.Status?.Error?.Message);
    }

    [Theory]
    [InlineData("content moderation: the prompt violates the usage policy")]
    [InlineData("NSFW content detected")]
    public async Task SafetyBlock_BecomesContentBlocked(string message)
    {
        _host.Simulator.Behavior.FailJobsWith = message;
        _host.Simulator.CompleteInstantJobsInSubmitReply = false;

        var submission = await _host.Client.SubmitAsync(GmiCloudTestHost.JobRequest(new GenerationRequest { Prompt = "something" }));
        var status = await _host.Client.GetStatusAsync(GmiCloudTestHost.Handle(submission));

        Assert.Equal(ProviderJobState.Failed, status.State);
        Assert.Equal(ProviderErrorCodes.ContentBlocked, status.Error?.Code);
        Assert.Equal(message, status.Error?.Message);
    }

    [Fact]
    public async Task UnknownOrExpiredRequest_Is404_AndThrowsResultExpired()
    {
        var error = await Assert.ThrowsAsync<ProviderResultExpiredException>(
            () => _host.Client.GetStatusAsync(new ProviderJobHandle("no-such-request", "luma-uni-1.1")));

        Assert.Equal(ProviderErrorCodes.ResultExpired, error.ErrorCode);
        Assert.Equal(1, _host.Simulator.StatusCount);
    }

    [Fact]
    public async Task ExpiredMediaLink_ThrowsResultExpiredOnDownload()
    {
        var submission = await _host.Client.SubmitAsync(GmiCloudTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" }));
        _host.Simulator.Behavior.ResultsExpired = true;

        await Assert.ThrowsAsync<ProviderResultExpiredException>(() => _host.Client.DownloadAsync(submission.Status!.Outputs[0]));
    }

    [Fact]
    public async Task RateLimitedStatusReads_AreRetried_ThenSucceed()
    {
        _host.Simulator.CompleteInstantJobsInSubmitReply = false;
        var submission = await _host.Client.SubmitAsync(GmiCloudTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" }));
        _host.Simulator.Behavior.RateLimitNextRequests = 2;

        var status = await _host.Client.GetStatusAsync(GmiCloudTestHost.Handle(submission));

        Assert.Equal(ProviderJobState.Succeeded, status.State);
        Assert.Equal(0, _host.Simulator.Behavior.RateLimitNextRequests);
    }

    [Fact]
    public async Task PersistentRateLimit_ThrowsRateLimitedWithTheRetryAfterWait()
    {
        _host.Simulator.Behavior.RateLimitNextRequests = 100;

        var error = await Assert.ThrowsAsync<ProviderRateLimitedException>(
            () => _host.Client.GetStatusAsync(new ProviderJobHandle("any", "luma-uni-1.1")));

        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
        Assert.Equal(100 - 5, _host.Simulator.Behavior.RateLimitNextRequests);
    }

    [Fact]
    public async Task ServerErrorsOnStatusReads_AreRetried()
    {
        _host.Simulator.CompleteInstantJobsInSubmitReply = false;
        var submission = await _host.Client.SubmitAsync(GmiCloudTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" }));
        _host.Simulator.Behavior.ServerErrorNextQueries = 3;

        var status = await _host.Client.GetStatusAsync(GmiCloudTestHost.Handle(submission));

        Assert.Equal(ProviderJobState.Succeeded, status.State);
        Assert.Equal(4, _host.Simulator.StatusCount);
    }

    [Fact]
    public async Task WrongApiKey_Is401_ProviderUnauthorized()
    {
        var client = _host.CreateClient(apiKey: "not-the-key");

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.SubmitAsync(GmiCloudTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" })));

        Assert.Equal(ProviderErrorCodes.ProviderUnauthorized, error.ErrorCode);
        Assert.Equal(0, _host.Simulator.SubmitCount);
    }

    [Fact]
    public async Task InsufficientBalance_Is402_InsufficientCredits()
    {
        _host.Simulator.Behavior.SubmitFault = SubmitFault.InsufficientCredits;

        var error = await Assert.ThrowsAsync<ProviderException>(() => _host.Client.SubmitAsync(GmiCloudTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" })));

        Assert.Equal(ProviderErrorCodes.InsufficientCredits, error.ErrorCode);
        Assert.Equal(HttpStatusCode.PaymentRequired, error.StatusCode);
    }

    [Fact]
    public async Task BadRequest_IsRejectedWithTheProvidersMessage()
    {
        _host.Simulator.Behavior.SubmitFault = SubmitFault.BadRequest;

        var error = await Assert.ThrowsAsync<ProviderException>(() => _host.Client.SubmitAsync(GmiCloudTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" })));

        Assert.Equal(ProviderErrorCodes.ProviderRejected, error.ErrorCode);
        Assert.Equal("invalid request parameters", error.ProviderMessage);
    }

    [Fact]
    public async Task SubmitThatTimesOutAfterBeingAccepted_ThrowsSubmitOutcomeUnknown_AndIsNotResent()
    {
        var resilience = ProviderTestKit.FastResilience();
        // 3 s: on a loaded machine the simulator must have read the submit before the client gives up; still far below its hang.
        resilience.AttemptTimeout = TimeSpan.FromSeconds(3);
        var client = _host.CreateClient(resilience: resilience);
        _host.Simulator.Behavior.SubmitFault = SubmitFault.TimeoutAfterAccept;

        await Assert.ThrowsAsync<SubmitOutcomeUnknownException>(() => client.SubmitAsync(GmiCloudTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" })));

        Assert.Equal(1, await _host.Simulator.SettledSubmitCountAsync());
    }

    [Fact]
    public async Task SubmitAnswered500AfterBeingAccepted_ThrowsSubmitOutcomeUnknown_AndIsNotResent()
    {
        _host.Simulator.Behavior.SubmitFault = SubmitFault.ServerErrorAfterAccept;

        var error = await Assert.ThrowsAsync<SubmitOutcomeUnknownException>(
            () => _host.Client.SubmitAsync(GmiCloudTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" })));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal(1, _host.Simulator.SubmitCount);
    }

    [Fact]
    public async Task RateLimitedSubmit_WasRefused_SoItIsResentAndCreatesOneJob()
    {
        _host.Simulator.Behavior.RateLimitNextRequests = 1;
        _host.Simulator.Behavior.RateLimitWait = TimeSpan.FromMilliseconds(100);

        var submission = await _host.Client.SubmitAsync(GmiCloudTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" }));

        Assert.Equal(ProviderJobState.Succeeded, submission.Status?.State);
        Assert.Equal(1, _host.Simulator.SubmitCount);
    }

    [Theory]
    [InlineData("""{"status":"queued"}""")]
    [InlineData("""{"error":null}""")]
    [InlineData("""<html>ok</html>""")]
    public async Task SuccessfulSubmitReply_WithoutRequestId_IsAnErrorThatIsNotResent(string body)
    {
        _host.Simulator.ReplyToNextSubmit(HttpStatusCode.OK, body);

        await Assert.ThrowsAsync<SubmitOutcomeUnknownException>(() => _host.Client.SubmitAsync(GmiCloudTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" })));

        Assert.Equal(0, _host.Simulator.SubmitCount);
    }

    [Fact]
    public async Task SubmitReplySayingSuccessWithoutOutcome_LeavesTheWorkflowToPoll()
    {
        _host.Simulator.ReplyToNextSubmit(HttpStatusCode.OK, """{"request_id":"r1","status":"success"}""");

        var submission = await _host.Client.SubmitAsync(GmiCloudTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" }));

        Assert.Equal("r1", submission.JobId);
        Assert.Null(submission.Status);
    }

    [Theory]
    [InlineData("""{"request_id":"r1","status":"queued"}""", ProviderJobState.Queued, "queued")]
    [InlineData("""{"request_id":"r1","status":"dispatched"}""", ProviderJobState.Running, "dispatched")]
    [InlineData("""{"request_id":"r1","status":"processing","progress":0.4}""", ProviderJobState.Running, "processing")]
    [InlineData("""{"request_id":"r1","status":"warming_up"}""", ProviderJobState.Running, "warming_up")]
    [InlineData("""{"request_id":"r1"}""", ProviderJobState.Queued, null)]
    [InlineData("""{"request_id":"r1","status":"cancelled","outcome":null}""", ProviderJobState.Canceled, "cancelled")]
    public async Task StatusWords_AndMissingFields_AreTolerated(string body, ProviderJobState expected, string? word)
    {
        _host.Simulator.ReplyToNextQuery(HttpStatusCode.OK, body);

        var status = await _host.Client.GetStatusAsync(new ProviderJobHandle("r1", "luma-uni-1.1"));

        Assert.Equal(expected, status.State);
        Assert.Equal(word, status.ProviderStatus);
    }

    [Fact]
    public async Task SuccessWithPlainUrlList_IsTolerated()
    {
        _host.Simulator.ReplyToNextQuery(HttpStatusCode.OK, """{"status":"success","outcome":{"media_urls":["https://cdn.example.com/a.png"],"extra":1}}""");

        var status = await _host.Client.GetStatusAsync(new ProviderJobHandle("r1", "luma-uni-1.1"));

        Assert.Equal(ProviderJobState.Succeeded, status.State);
        Assert.Equal(new ProviderOutput("https://cdn.example.com/a.png", "r1-0"), Assert.Single(status.Outputs));
    }

    [Fact]
    public async Task FailedWithAnErrorObject_ReportsItsMessage()
    {
        _host.Simulator.ReplyToNextQuery(HttpStatusCode.OK, """{"request_id":"r1","status":"failed","error":{"code":"E500","message":"worker crashed"}}""");

        var status = await _host.Client.GetStatusAsync(new ProviderJobHandle("r1", "luma-uni-1.1"));

        Assert.Equal(ProviderJobState.Failed, status.State);
        Assert.Equal("worker crashed", status.Error?.Message);
    }

    [Fact]
    public async Task PolledSuccessWithoutMediaUrls_IsAProviderError()
    {
        _host.Simulator.ReplyToNextQuery(HttpStatusCode.OK, """{"request_id":"r1","status":"success","outcome":{}}""");

        var error = await Assert.ThrowsAsync<ProviderException>(() => _host.Client.GetStatusAsync(new ProviderJobHandle("r1", "luma-uni-1.1")));

        Assert.Equal(ProviderErrorCodes.ProviderFailed, error.ErrorCode);
    }

    [Fact]
    public async Task DataUriSourceImage_IsRefusedBeforeAnythingIsSent()
    {
        var request = new GenerationRequest { Prompt = "edit", Image = "data:image/png;base64,iVBORw0KGgo=" };

        var error = await Assert.ThrowsAsync<ProviderException>(() => _host.Client.SubmitAsync(GmiCloudTestHost.JobRequest(request)));

        Assert.Equal(ProviderErrorCodes.InvalidInput, error.ErrorCode);
        Assert.Equal(0, _host.Simulator.SubmitCount);
    }

    [Fact]
    public async Task GmiCloud_HasNoWebhooksNoCancelAndNoLookupBySubmission()
    {
        var client = _host.Client;

        Assert.Equal(ProviderNames.GmiCloud, client.Name);
        Assert.Same(ProviderCapabilityTable.GmiCloud, client.Capabilities);
        Assert.False(client.SupportsCallbacks);
        Assert.Throws<NotSupportedException>(() => client.ParseCallback("{}"u8));
        await Assert.ThrowsAsync<NotSupportedException>(() => client.FindSubmittedJobAsync(GmiCloudTestHost.JobRequest(new GenerationRequest { Prompt = "a cat" })));
        Assert.False(await client.CancelAsync(new ProviderJobHandle("r1", "luma-uni-1.1")));
    }
}
