using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using ImagePipeline.Generation;
using ImagePipeline.Testing.Functions;

namespace ImagePipeline.Functions.EndToEnd;

/// <summary>The HTTP contract of design.md as the real Functions host serves it: function keys, idempotency, validation
/// problems, cancel and the HMAC-guarded provider callback route.</summary>
[Collection(FunctionsAppCollection.Name)]
public sealed class HttpContractTests
{
    readonly FunctionsAppFixture _app;

    public HttpContractTests(FunctionsAppFixture app)
    {
        _app = app;
        _app.ResetSimulators();
    }

    [Fact]
    public async Task The_same_idempotency_key_returns_the_same_generation_and_another_body_gets_409()
    {
        var key = $"order-{Guid.NewGuid():N}";
        var submitsBefore = _app.Segmind.SubmitCount;
        var body = new { prompt = "a red fox in snow", aspectRatio = "1:1" };

        var first = await _app.StartAndGetIdAsync(body, key);
        var second = await _app.StartAndGetIdAsync(body, key);
        Assert.Equal(first, second);
        using var conflict = await _app.StartGenerationAsync(new { prompt = "something else" }, key);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);

        var done = await _app.WaitForTerminalAsync(first);
        Assert.Equal(GenerationStatus.Completed, done.Status);
        Assert.Equal(submitsBefore + 1, await _app.Segmind.SettledSubmitCountAsync(submitsBefore + 1));
    }

    [Fact]
    public async Task An_invalid_request_is_a_400_problem_naming_the_field_and_starts_nothing()
    {
        var submitsBefore = _app.Segmind.SubmitCount;
        using var response = await _app.StartGenerationAsync(new { prompt = "a fox", aspectRatio = "4:5", numberOfImages = 9 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("aspectRatio", out _), problem.ToString());
        Assert.True(errors.TryGetProperty("numberOfImages", out _), problem.ToString());
        Assert.Equal(submitsBefore, _app.Segmind.SubmitCount);
    }

    [Fact]
    public async Task Oversized_or_non_json_bodies_are_refused_as_problems_naming_them_and_start_nothing()
    {
        var submitsBefore = _app.Segmind.SubmitCount;
        var filler = new byte[17 * 1024 * 1024]; // over the default 16 MiB
        filler.AsSpan().Fill((byte)' ');
        filler[0] = (byte)'{';
        foreach (var route in new[] { "api/generations", "api/events" })
        {
            using var oversized = new HttpRequestMessage(HttpMethod.Post, route) { Content = new ByteArrayContent(filler) };
            oversized.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            oversized.Headers.ExpectContinue = true;
            using var tooLarge = await _app.Http.SendAsync(oversized);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
            Assert.True(JsonDocument.Parse(await tooLarge.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("body", out _));
        }

        using var form = new StringContent("prompt=a+fox", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        using var unsupported = await _app.Http.PostAsync("api/generations", form);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported.StatusCode);
        Assert.True(JsonDocument.Parse(await unsupported.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("Content-Type", out _));
        Assert.Equal(submitsBefore, _app.Segmind.SubmitCount);
    }

    [Fact]
    public async Task Keyed_routes_refuse_a_missing_or_wrong_function_key_with_401()
    {
        if (!_app.FunctionKeysEnforced)
        {
            // Core Tools' func start turns authorization off locally; the stand-in CI runs enforces keys as Azure does.
            Assert.False(FunctionsHostLocator.Required, "The Functions host accepted a keyless request where keys must be enforced.");
            Console.WriteLine("This host does not enforce function keys (Core Tools disables authorization locally): nothing to check.");
            return;
        }
        using var noKey = await _app.Anonymous.PostAsJsonAsync("api/generations", new { prompt = "a fox" });
        using var wrongKey = new HttpRequestMessage(HttpMethod.Post, "api/generations") { Content = JsonContent.Create(new { prompt = "a fox" }) };
        wrongKey.Headers.Add("x-functions-key", "not-the-key");
        using var wrong = await _app.Anonymous.SendAsync(wrongKey);
        using var status = await _app.Anonymous.GetAsync("api/generations/gen_0123456789abcdef0123456789abcdef");
        using var cancel = await _app.Anonymous.PostAsync("api/generations/gen_0123456789abcdef0123456789abcdef/cancel?code=wrong", null);
        using var health = await _app.Anonymous.GetAsync("api/health");

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, status.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        // The key also works as ?code=, as Azure accepts it.
        using var byCode = await _app.Anonymous.GetAsync($"api/generations/gen_0123456789abcdef0123456789abcdef?code={FunctionsAppFixture.FunctionKey}");
        Assert.Equal(HttpStatusCode.NotFound, byCode.StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_is_served_without_a_key_and_is_the_core_s()
    {
        using var response = await _app.Anonymous.GetAsync("api/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var served = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(
            System.Text.Json.Nodes.JsonNode.Parse(ImagePipeline.Api.OpenApi.OpenApiDescription.Json.GetRawText()), served));
    }

    [Fact]
    public async Task Liveness_and_readiness_answer_without_a_key_naming_each_check()
    {
        using var live = await _app.Anonymous.GetAsync("api/health/live");
        using var ready = await _app.Anonymous.GetAsync("api/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var body = System.Text.Json.JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        var checks = body.RootElement.GetProperty("checks");
        Assert.Equal("healthy", checks.GetProperty("storage").GetProperty("status").GetString());
        Assert.Equal("healthy", checks.GetProperty("providers").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Cancel_while_waiting_ends_canceled_after_one_submit()
    {
        _app.Segmind.Behavior.JobDuration = TimeSpan.FromMinutes(5);
        var submitsBefore = _app.Segmind.SubmitCount;
        var id = await _app.StartAndGetIdAsync(new { prompt = "a slow painting", provider = "segmind" });
        await _app.WaitForAsync(id, s => s.Status is GenerationStatus.Submitted or GenerationStatus.Running);

        using var cancel = await _app.Http.PostAsync($"api/generations/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);

        var done = await _app.WaitForTerminalAsync(id);
        Assert.Equal(GenerationStatus.Canceled, done.Status);
        Assert.Equal("canceled", done.Error?.Code);
        Assert.Empty(done.Outputs);
        Assert.Equal(submitsBefore + 1, _app.Segmind.SubmitCount);
    }

    [Fact]
    public async Task A_forged_callback_token_is_401_and_changes_nothing()
    {
        _app.Runware.Behavior.SendWebhooks = false; // the real webhook must not end it first
        var id = await _app.StartAndGetIdAsync(new { prompt = "a fox", provider = "runware" });
        var before = await _app.WaitForAsync(id, s => s.Status is GenerationStatus.Submitted or GenerationStatus.Running);

        var forged = new { data = new[] { new { taskType = "imageInference", taskUUID = before.ProviderJobId, status = "success", imageURL = "http://127.0.0.1:1/x.png" } } };
        using var wrong = await _app.Anonymous.PostAsJsonAsync($"api/callbacks/runware/{id}?token=forged", forged);
        using var missing = await _app.Anonymous.PostAsJsonAsync($"api/callbacks/runware/{id}", forged);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(2)); // room for a wrongly raised event to be processed
        var after = await _app.FindStatusAsync(id);
        Assert.NotNull(after);
        Assert.False(after.Status.IsTerminal(), $"A forged callback moved {id} to {after.Status}");
        Assert.Equal(before.ProviderJobId, after.ProviderJobId);
        Assert.Empty(after.Outputs);

        using var cancel = await _app.Http.PostAsync($"api/generations/{id}/cancel", null);
        Assert.Equal(GenerationStatus.Canceled, (await _app.WaitForTerminalAsync(id)).Status);
    }
}
