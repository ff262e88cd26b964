using System.Net;
using System.Text;
using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Providers.Luma;
using ImagePipeline.Testing.Simulators.Luma;
using ImagePipeline.Testing.Webhooks;

namespace ImagePipeline.Tests.Providers.Luma;

/// <summary>Photon on Luma's Dream Machine API, against the simulator: polling, callbacks, cancel.</summary>
public sealed class LumaPhotonClientTests : IAsyncLifetime
{
    LumaTestContext _context = null!;

    LumaSimulator Simulator => _context.Simulator;
    LumaClient Client => _context.Client;

    public async Task InitializeAsync() => _context = await LumaTestContext.StartAsync();

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task Photon_text_to_image_through_polling_returns_the_simulators_png()
    {
        Simulator.Behavior.JobDuration = TimeSpan.FromMilliseconds(300);
        var job = LumaTestContext.Job(LumaModels.Photon1, new GenerationRequest { Prompt = "A red fox", AspectRatio = "4:3", OutputFormat = "jpeg" });

        var submission = await Client.SubmitAsync(job);
        var status = await _context.WaitForTerminalAsync(new ProviderJobHandle(submission.JobId, job.Model));

        var body = Simulator.LastDreamMachineRequest!.Value;
        Assert.Equal("photon-1", body.GetProperty("model").GetString());
        Assert.Equal("A red fox", body.GetProperty("prompt").GetString());
        Assert.Equal("4:3", body.GetProperty("aspect_ratio").GetString());
        Assert.Equal("jpg", body.GetProperty("format").GetString());
        Assert.False(body.TryGetProperty("callback_url", out _));
        Assert.False(body.TryGetProperty("image_ref", out _));
        Assert.False(body.TryGetProperty("modify_image_ref", out _));
        Assert.Null(Simulator.LastAgentsRequest);

        Assert.Equal(ProviderJobState.Succeeded, status.State);
        Assert.Equal("completed", status.ProviderStatus);
        var output = Assert.Single(status.Outputs);
        Assert.Equal(submission.JobId, output.Id);
        Assert.Equal(Simulator.GetOutput(submission.JobId), await ProviderTestKit.ReadAllAsync(await Client.DownloadAsync(output)));
    }

    [Fact]
    public async Task Photon_defaults_ratio_and_format_when_the_request_leaves_them_out()
    {
        await Client.SubmitAsync(LumaTestContext.Job(LumaModels.PhotonFlash1, new GenerationRequest { Prompt = "A red fox" }));

        var body = Simulator.LastDreamMachineRequest!.Value;
        Assert.Equal("photon-flash-1", body.GetProperty("model").GetString());
        Assert.Equal("16:9", body.GetProperty("aspect_ratio").GetString());
        Assert.Equal("png", body.GetProperty("format").GetString());
    }

    [Fact]
    public async Task Photon_edit_sends_the_source_as_modify_image_ref_and_references_as_weighted_urls()
    {
        var job = LumaTestContext.Job(LumaModels.Photon1, new GenerationRequest
        {
            Prompt = "Make it winter",
            Image = "https://images.example/source.jpg",
            ReferenceImages = ["https://images.example/a.png", "https://images.example/b.png"],
        });

        var submission = await Client.SubmitAsync(job);
        var status = await _context.WaitForTerminalAsync(new ProviderJobHandle(submission.JobId, job.Model));

        var body = Simulator.LastDreamMachineRequest!.Value;
        var modify = body.GetProperty("modify_image_ref");
        Assert.Equal("https://images.example/source.jpg", modify.GetProperty("url").GetString());
        Assert.Equal(1.0, modify.GetProperty("weight").GetDouble());
        var references = body.GetProperty("image_ref").EnumerateArray().ToList();
        Assert.Equal(["https://images.example/a.png", "https://images.example/b.png"], references.Select(r => r.GetProperty("url").GetString()));
        Assert.All(references, r => Assert.Equal(0.85, r.GetProperty("weight").GetDouble()));
        Assert.False(body.TryGetProperty("style_ref", out _));
        Assert.Equal(ProviderJobState.Succeeded, status.State);
    }

    [Fact]
    public async Task Photon_data_uri_is_refused_before_anything_is_sent()
    {
        var job = LumaTestContext.Job(LumaModels.Photon1, new GenerationRequest
        {
            Prompt = "A red fox", ReferenceImages = ["https://images.example/a.png", LumaTestContext.PngDataUri()],
        });

        var error = await Assert.ThrowsAsync<ProviderException>(() => Client.SubmitAsync(job));

        Assert.Equal(ProviderErrorCodes.InvalidInput, error.ErrorCode);
        Assert.Contains("referenceImages[1]", error.Message, StringComparison.Ordinal);
        Assert.Empty(Simulator.Requests);
    }

    [Fact]
    public async Task Photon_through_callbacks_reports_queued_dreaming_completed_and_duplicates_are_harmless()
    {
        await using var receiver = await StartCallbackRouteAsync();
        Simulator.Behavior.JobDuration = TimeSpan.FromMilliseconds(200);
        Simulator.Behavior.WebhookDeliveries = 2;
        var job = LumaTestContext.Job(LumaModels.Photon1, new GenerationRequest { Prompt = "A red fox" }, CallbackUrl(receiver));

        var submission = await Client.SubmitAsync(job);
        await Simulator.WebhooksDeliveredAsync();

        Assert.Equal(CallbackUrl(receiver).AbsoluteUri, Simulator.LastDreamMachineRequest!.Value.GetProperty("callback_url").GetString());
        var callbacks = receiver.Deliveries.Select(delivery => Client.ParseCallback(delivery.Body)).ToList();
        Assert.All(callbacks, c => Assert.Equal(submission.JobId, c.JobId));
        Assert.Equal(
            [ProviderJobState.Queued, ProviderJobState.Queued, ProviderJobState.Running, ProviderJobState.Running, ProviderJobState.Succeeded, ProviderJobState.Succeeded],
            callbacks.Select(c => c.Status.State));
        Assert.Equal(["queued", "queued", "dreaming", "dreaming", "completed", "completed"], callbacks.Select(c => c.Status.ProviderStatus));

        // Merged by output id, as the workflow does, the duplicate completion adds nothing.
        var outputs = callbacks.SelectMany(c => c.Status.Outputs).DistinctBy(o => o.Id).ToList();
        var output = Assert.Single(outputs);
        Assert.Equal(Simulator.GetOutput(submission.JobId), await ProviderTestKit.ReadAllAsync(await Client.DownloadAsync(output)));
        Assert.Equal(0, Simulator.StatusCount);
    }

    [Fact]
    public async Task Photon_callback_refused_by_our_endpoint_is_delivered_again()
    {
        await using var receiver = await StartCallbackRouteAsync(refuseFirst: 2);
        var job = LumaTestContext.Job(LumaModels.Photon1, new GenerationRequest { Prompt = "A red fox" }, CallbackUrl(receiver));

        await Client.SubmitAsync(job);
        await Simulator.WebhooksDeliveredAsync();

        var queued = Simulator.CallbackDeliveries.Where(d => d.State == "queued").ToList();
        Assert.Equal([1, 2, 3], queued.Select(d => d.Attempt));
        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.NoContent], queued.Select(d => d.StatusCode));
        var accepted = receiver.Deliveries.Where(delivery => delivery.Number > 2);
        Assert.Equal(["queued", "dreaming", "completed"], accepted.Select(delivery => Client.ParseCallback(delivery.Body).Status.ProviderStatus));
    }

    [Theory]
    [InlineData("queued", ProviderJobState.Queued)]
    [InlineData("dreaming", ProviderJobState.Running)]
    [InlineData("some_future_state", ProviderJobState.Running)]
    public void ParseCallback_reads_a_running_generation(string state, ProviderJobState expected)
    {
        var body = $$$"""{"id":"3b8f0c1e-1111-2222-3333-444455556666","generation_type":"image","state":"{{{state}}}","failure_reason":null,"assets":null,"created_at":"2026-11-21T10:00:00Z","request":{"prompt":"x"}}""";

        var callback = Client.ParseCallback(Encoding.UTF8.GetBytes(body));

        Assert.Equal("3b8f0c1e-1111-2222-3333-444455556666", callback.JobId);
        Assert.Equal(expected, callback.Status.State);
        Assert.Equal(state, callback.Status.ProviderStatus);
        Assert.Empty(callback.Status.Outputs);
    }

    [Fact]
    public void ParseCallback_reads_a_completed_generation_with_its_image()
    {
        const string body = """{"id":"gen-1","state":"completed","assets":{"image":"https://storage.example/gen-1.png","progress_video":null},"version":"v2"}""";

        var callback = Client.ParseCallback(Encoding.UTF8.GetBytes(body));

        Assert.Equal(ProviderJobState.Succeeded, callback.Status.State);
        Assert.Equal(new ProviderOutput("https://storage.example/gen-1.png", "gen-1"), Assert.Single(callback.Status.Outputs));
    }

    [Theory]
    [InlineData("Internal error while dreaming", ProviderErrorCodes.ProviderFailed)]
    [InlineData("400: prompt not allowed because advanced moderation failed", ProviderErrorCodes.ContentBlocked)]
    public void ParseCallback_reads_a_failed_generation(string reason, string expectedCode)
    {
        var body = $$"""{"id":"gen-2","state":"failed","failure_reason":"{{reason}}","assets":null}""";

        var callback = Client.ParseCallback(Encoding.UTF8.GetBytes(body));

        Assert.Equal(ProviderJobState.Failed, callback.Status.State);
        Assert.Equal(expectedCode, callback.Status.Error!.Code);
        Assert.Equal(reason, callback.Status.Error.Message);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"state":"completed"}""")]
    public void ParseCallback_refuses_a_body_that_is_not_a_generation(string body)
    {
        var error = Assert.Throws<ProviderException>(() => Client.ParseCallback(Encoding.UTF8.GetBytes(body)));

        Assert.Equal("luma", error.Provider);
    }

    [Fact]
    public async Task Photon_failed_generation_reports_Lumas_reason()
    {
        Simulator.Behavior.FailJobsWith = "Internal error while dreaming";
        var submission = await Client.SubmitAsync(LumaTestContext.Job(LumaModels.Photon1, new GenerationRequest { Prompt = "A red fox" }));

        var status = await Client.GetStatusAsync(new ProviderJobHandle(submission.JobId, LumaModels.Photon1));

        Assert.Equal(ProviderJobState.Failed, status.State);
        Assert.Equal(ProviderErrorCodes.ProviderFailed, status.Error!.Code);
        Assert.Equal("Internal error while dreaming", status.Error.Message);
    }

    [Fact]
    public async Task Photon_moderation_failure_is_content_blocked()
    {
        Simulator.Behavior.FailJobsWith = "400: prompt not allowed because advanced moderation failed";
        var submission = await Client.SubmitAsync(LumaTestContext.Job(LumaModels.Photon1, new GenerationRequest { Prompt = "A red fox" }));

        var status = await Client.GetStatusAsync(new ProviderJobHandle(submission.JobId, LumaModels.Photon1));

        Assert.Equal(ProviderErrorCodes.ContentBlocked, status.Error!.Code);
    }

    [Fact]
    public async Task Photon_job_can_be_cancelled_and_is_then_gone()
    {
        Simulator.Behavior.JobDuration = TimeSpan.FromMinutes(5);
        var submission = await Client.SubmitAsync(LumaTestContext.Job(LumaModels.Photon1, new GenerationRequest { Prompt = "A red fox" }));
        var handle = new ProviderJobHandle(submission.JobId, LumaModels.Photon1);

        var cancelled = await Client.CancelAsync(handle);
        var again = await Client.CancelAsync(handle);

        Assert.True(cancelled);
        Assert.True(Simulator.IsCanceled(submission.JobId));
        Assert.False(again);
        await Assert.ThrowsAsync<ProviderResultExpiredException>(() => Client.GetStatusAsync(handle));
    }

    [Fact]
    public async Task Photon_status_read_from_the_wrong_api_is_not_found()
    {
        var submission = await Client.SubmitAsync(LumaTestContext.Job(LumaModels.Photon1, new GenerationRequest { Prompt = "A red fox" }));

        // The handle's model routes the read: a Uni-1 handle asks the Agents API, which never saw this job.
        await Assert.ThrowsAsync<ProviderResultExpiredException>(() => Client.GetStatusAsync(new ProviderJobHandle(submission.JobId, LumaModels.Uni1)));
        var status = await Client.GetStatusAsync(new ProviderJobHandle(submission.JobId, LumaModels.Photon1));
        Assert.Equal(ProviderJobState.Succeeded, status.State);
    }

    /// <summary>Our side of the callback: answers 204, after refusing the first <paramref name="refuseFirst"/>
    /// deliveries with 500 to see Luma retry.</summary>
    static async Task<WebhookReceiver> StartCallbackRouteAsync(int refuseFirst = 0)
    {
        var receiver = await WebhookReceiver.StartAsync();
        receiver.RespondWith(delivery => WebhookReceiverResponse.Status(delivery.Number <= refuseFirst ? 500 : 204));
        return receiver;
    }

    static Uri CallbackUrl(WebhookReceiver receiver) => new(receiver.BaseUrl, "callbacks/luma?token=callback-token-123");
}
