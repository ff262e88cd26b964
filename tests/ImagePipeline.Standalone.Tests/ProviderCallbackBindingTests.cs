using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ImagePipeline.Api;
using ImagePipeline.Generation;
using ImagePipeline.Security;
using ImagePipeline.Testing.Simulators.Luma;
using ImagePipeline.Testing.Simulators.Runware;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.Standalone.Tests;

/// <summary>A valid callback token opens one generation's callback route, not any job's result: the callback must come
/// on the generation's provider route, name the job it submitted, and fit in <see cref="GenerationApi.MaxCallbackBodyBytes"/>.
/// Over real HTTP; the first poll is an hour out, so only a callback can end a wait within a test.</summary>
public sealed class ProviderCallbackBindingTests
{
    static readonly TimeSpan RunningLongEnough = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Another_jobs_result_or_another_providers_route_is_refused_and_the_generation_completes_with_its_own_image()
    {
        await using var luma = await StartedLumaAsync(RunningLongEnough);
        await using var runware = new RunwareSimulator();
        await runware.StartAsync();
        await using var host = await PipelineHost.StartAsync(LumaAndRunware(luma, runware));
        var c = await host.StartAndGetIdAsync(new { prompt = "a glass of iced coffee", model = "photon-1" });
        var d = await host.StartAndGetIdAsync(new { prompt = "a cup of hot tea", model = "photon-1" });
        var cJob = (await WaitForJobIdAsync(host, c)).ProviderJobId!;
        var dJob = (await WaitForJobIdAsync(host, d)).ProviderJobId!;
        var before = await host.GetStatusAsync(c);
        var token = Token(host, c);

        // D's finished result, posted with C's token on C's route.
        using var otherJob = await PostAsync(host, $"api/callbacks/luma/{c}?token={token}", DreamMachineGeneration(dJob, "completed", OutputUrl(luma, dJob)));
        // A Runware result on the Runware route of a Luma generation.
        using var otherRoute = await PostAsync(host, $"api/callbacks/runware/{c}?token={token}", RunwareResult(cJob, OutputUrl(luma, dJob)));

        Assert.Equal(HttpStatusCode.Conflict, otherJob.StatusCode);
        Assert.Contains(dJob, (await otherJob.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, otherRoute.StatusCode);
        Assert.Equal("application/problem+json", otherRoute.Content.Headers.ContentType?.MediaType);
        var after = await host.GetStatusAsync(c);
        Assert.False(after.Status.IsTerminal(), $"A refused callback moved {c} to {after.Status}");
        Assert.Equal(before.ProviderJobId, after.ProviderJobId);
        Assert.Empty(after.Outputs);

        var done = await host.WaitForTerminalAsync(c);
        Assert.Equal(GenerationStatus.Completed, done.Status);
        var archived = await File.ReadAllBytesAsync(new Uri(Assert.Single(done.Outputs).Uri).LocalPath);
        Assert.Equal(luma.GetOutput(cJob), archived);
        Assert.NotEqual(luma.GetOutput(dJob), archived);
    }

    [Fact]
    public async Task A_callback_body_over_the_cap_is_413_and_changes_nothing()
    {
        await using var luma = await StartedLumaAsync(TimeSpan.FromHours(1));
        await using var host = await PipelineHost.StartAsync(SimulatorSettings.For(luma, SimulatorSettings.WebhookOnly));
        var id = await host.StartAndGetIdAsync(new { prompt = "a glass of iced coffee", model = "photon-1" });
        var job = (await WaitForJobIdAsync(host, id)).ProviderJobId!;
        var generation = DreamMachineGeneration(job, "completed", OutputUrl(luma, job));
        generation["padding"] = new string('x', 10 * 1024 * 1024);

        using var padded = await PostAsync(host, $"api/callbacks/luma/{id}?token={Token(host, id)}", generation);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, padded.StatusCode);
        Assert.Equal("application/problem+json", padded.Content.Headers.ContentType?.MediaType);
        var after = await host.GetStatusAsync(id);
        Assert.False(after.Status.IsTerminal(), $"An oversized callback moved {id} to {after.Status}");
        Assert.Empty(after.Outputs);
        Assert.Equal(0, luma.StatusCount);
    }

    static async Task<LumaSimulator> StartedLumaAsync(TimeSpan jobDuration)
    {
        var luma = new LumaSimulator();
        await luma.StartAsync();
        luma.Behavior.JobDuration = jobDuration;
        return luma;
    }

    static Dictionary<string, string?> LumaAndRunware(LumaSimulator luma, RunwareSimulator runware)
    {
        var settings = SimulatorSettings.For(luma, SimulatorSettings.WebhookOnly);
        foreach (var (key, value) in SimulatorSettings.For(runware, SimulatorSettings.WebhookOnly))
            settings.TryAdd(key, value);
        return settings;
    }

    static Task<GenerationStatusDocument> WaitForJobIdAsync(PipelineHost host, string id) =>
        host.WaitForAsync(id, s => s.ProviderJobId is not null);

    static string Token(PipelineHost host, string id) => host.Services.GetRequiredService<CallbackTokenService>().CreateToken(id);

    static string OutputUrl(LumaSimulator luma, string job) => new Uri(luma.BaseUrl, $"files/{LumaSimulator.OutputFileName(job)}").AbsoluteUri;

    static JsonObject DreamMachineGeneration(string job, string state, string imageUrl) => new()
    {
        ["id"] = job,
        ["generation_type"] = "image",
        ["state"] = state,
        ["assets"] = new JsonObject { ["image"] = imageUrl },
    };

    static JsonObject RunwareResult(string taskUuid, string imageUrl) => new()
    {
        ["data"] = new JsonArray(new JsonObject
        {
            ["taskType"] = "imageInference", ["taskUUID"] = taskUuid, ["status"] = "success",
            ["imageUUID"] = Guid.NewGuid().ToString("D"), ["imageURL"] = imageUrl,
        }),
    };

    static async Task<HttpResponseMessage> PostAsync(PipelineHost host, string path, JsonObject body)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        return await host.Http.PostAsync(path, content);
    }
}
