using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImagePipeline.Generation;
using ImagePipeline.Testing.Simulators.Segmind;

namespace ImagePipeline.Standalone.Tests;

/// <summary>The HTTP API's contract: idempotent starts, validation problems, cancel, callback tokens, health.</summary>
public sealed class HttpContractTests : IAsyncLifetime
{
    readonly SegmindSimulator _segmind = new();
    PipelineHost _host = null!;

    public async Task InitializeAsync()
    {
        await _segmind.StartAsync();
        _segmind.Behavior.JobDuration = TimeSpan.FromMinutes(5); // stays running unless a test ends it
        _host = await PipelineHost.StartAsync(SimulatorSettings.For(_segmind, firstPoll: TimeSpan.FromMilliseconds(200), interval: TimeSpan.FromMilliseconds(200)));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _segmind.DisposeAsync();
    }

    [Fact]
    public async Task The_same_idempotency_key_returns_the_same_generation_and_submits_once()
    {
        var body = new { prompt = "a red fox in snow", aspectRatio = "1:1" };
        var first = await _host.StartAndGetIdAsync(body, idempotencyKey: "order-1234");
        var second = await _host.StartAndGetIdAsync(body, idempotencyKey: "order-1234");

        Assert.Equal(first, second);
        await _host.WaitForAsync(first, s => s.Status is GenerationStatus.Submitted or GenerationStatus.Running);
        Assert.Equal(1, _segmind.SubmitCount);

        using var conflict = await _host.StartGenerationAsync(new { prompt = "something else" }, idempotencyKey: "order-1234");
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(1, _segmind.SubmitCount);
    }

    [Fact]
    public async Task An_invalid_request_is_refused_with_a_problem_naming_the_field_and_nothing_is_submitted()
    {
        using var response = await _host.StartGenerationAsync(new { prompt = "a fox", aspectRatio = "4:5", referenceImages = new[] { "https://example.com/a.png" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("aspectRatio", out _), problem.ToString());
        Assert.True(errors.TryGetProperty("referenceImages", out _), problem.ToString());
        Assert.Equal(0, _segmind.SubmitCount);
    }

    [Fact]
    public async Task A_provider_without_a_configured_key_is_refused_up_front()
    {
        using var response = await _host.StartGenerationAsync(new { prompt = "a fox", provider = "runware" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var message = problem.GetProperty("errors").GetProperty("provider")[0].GetString();
        Assert.Contains("Providers__Runware__ApiKey", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_is_a_bad_request()
    {
        using var content = new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json");
        using var response = await _host.Http.PostAsync("api/generations", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, _segmind.SubmitCount);
    }

    [Fact]
    public async Task Cancel_while_waiting_ends_canceled()
    {
        var id = await _host.StartAndGetIdAsync(new { prompt = "a slow painting" });
        await _host.WaitForAsync(id, s => s.Status is GenerationStatus.Submitted or GenerationStatus.Running);

        using var cancel = await _host.Http.PostAsync($"api/generations/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);

        var done = await _host.WaitForTerminalAsync(id);
        Assert.Equal(GenerationStatus.Canceled, done.Status);
        Assert.Equal("canceled", done.Error?.Code);
        Assert.Equal(1, _segmind.SubmitCount);
        // Ended by the caller: done, and no stale provider word from before the cancel.
        Assert.Equal((100, (string?)null), (done.Progress.Percent, done.Progress.ProviderStatus));

        using var again = await _host.Http.PostAsync($"api/generations/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Retry_of_an_ended_generation_starts_one_linked_new_generation_per_key()
    {
        var id = await _host.StartAndGetIdAsync(new { prompt = "a slow painting" });
        await _host.WaitForAsync(id, s => s.Status is GenerationStatus.Submitted or GenerationStatus.Running);
        using var early = await _host.Http.PostAsync($"api/generations/{id}/retry", null);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode); // still running: cancel it first
        using (await _host.Http.PostAsync($"api/generations/{id}/cancel", null)) { }
        await _host.WaitForTerminalAsync(id);

        using var retry = await _host.Http.PostAsync($"api/generations/{id}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        var retryId = JsonDocument.Parse(await retry.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        Assert.Equal($"/api/generations/{retryId}", retry.Headers.Location?.OriginalString);
        using var repeated = await _host.Http.PostAsync($"api/generations/{id}/retry", null);
        Assert.Equal(retryId, JsonDocument.Parse(await repeated.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString());
        using var keyed = new HttpRequestMessage(HttpMethod.Post, $"api/generations/{id}/retry") { Headers = { { "Idempotency-Key", "second-try" } } };
        using var another = await _host.Http.SendAsync(keyed);
        var anotherId = JsonDocument.Parse(await another.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        Assert.NotEqual(retryId, anotherId);
        await _host.WaitForAsync(anotherId, s => s.Status is GenerationStatus.Submitted or GenerationStatus.Running);

        var retried = await _host.WaitForAsync(retryId, s => s.Status is GenerationStatus.Submitted or GenerationStatus.Running);
        Assert.Equal(id, retried.RetryOf);
        Assert.Null(retried.Warning); // the first was canceled after its submit was answered: nothing unknown to warn of
        Assert.Equal(3, _segmind.SubmitCount);
        using var missing = await _host.Http.PostAsync("api/generations/gen_doesnotexist/retry", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_callback_with_a_bad_token_is_refused_and_changes_nothing()
    {
        var id = await _host.StartAndGetIdAsync(new { prompt = "a fox" });
        var before = await _host.WaitForAsync(id, s => s.Status is GenerationStatus.Submitted or GenerationStatus.Running);

        using var body = JsonContent.Create(new { data = new[] { new { taskType = "imageInference", taskUUID = "x", status = "success", imageURL = "http://127.0.0.1:1/x.png" } } });
        using var wrong = await _host.Http.PostAsync($"api/callbacks/runware/{id}?token=forged", body);
        using var missing = await _host.Http.PostAsync($"api/callbacks/runware/{id}", body);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        var after = await _host.GetStatusAsync(id);
        Assert.False(after.Status.IsTerminal());
        Assert.Equal(before.ProviderJobId, after.ProviderJobId);
        Assert.Empty(after.Outputs);
    }

    [Fact]
    public async Task Unknown_generation_is_404_and_health_answers()
    {
        using var missing = await _host.Http.GetAsync("api/generations/gen_doesnotexist");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var cancel = await _host.Http.PostAsync("api/generations/gen_doesnotexist/cancel", null);
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);

        using var health = await _host.Http.GetAsync("api/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("segmind", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
