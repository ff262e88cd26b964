using System.Net;
using System.Security.Cryptography;
using ImagePipeline.Generation;
using ImagePipeline.Providers.Mock;
using ImagePipeline.Testing.Simulators.Scenario;
using ImagePipeline.Workflow;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.Standalone.Tests.HostileInputs;

/// <summary>Data-URI inputs are stored once and travel as references: the journal and the status document stay the
/// same size whatever the input was, and the provider still gets the caller's exact bytes at submit.</summary>
public sealed class StoredInputTests : IAsyncLifetime
{
    readonly ScenarioSimulator _scenario = new();
    PipelineHost _host = null!;

    public async Task InitializeAsync()
    {
        await _scenario.StartAsync();
        _scenario.Behavior.JobDuration = TimeSpan.FromMinutes(5); // stays running: the test reads a live generation
        _host = await PipelineHost.StartAsync(SimulatorSettings.For(_scenario, firstPoll: TimeSpan.FromMilliseconds(200)));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _scenario.DisposeAsync();
    }

    [Fact]
    public async Task A_large_data_uri_input_is_stored_once_and_the_journal_and_status_hold_only_its_reference()
    {
        var large = PaddedPng(5_000_000, seed: 1);
        var small = PaddedPng(0, seed: 2);
        var largeBase64 = Convert.ToBase64String(large);
        var largeId = await _host.StartAndGetIdAsync(new { prompt = "edit this", image = $"data:image/png;base64,{largeBase64}" }, idempotencyKey: "large-1");
        var again = await _host.StartAndGetIdAsync(new { prompt = "edit this", image = $"data:image/png;base64,{largeBase64}" }, idempotencyKey: "large-1");
        var smallId = await _host.StartAndGetIdAsync(new { prompt = "edit this", image = $"data:image/png;base64,{Convert.ToBase64String(small)}" });
        Assert.Equal(largeId, again);

        // The provider gets the caller's bytes, resolved from the store at submit.
        await WaitUntilAsync(() => _scenario.UploadedAssets.Any(a => a.Content.AsSpan().SequenceEqual(large)), "the large image uploaded to Scenario");

        // The status document is as small as the small input's: no bytes echoed, the same cost to read.
        foreach (var id in new[] { largeId, smallId })
            await _host.WaitForAsync(id, s => s.Status == GenerationStatus.Running && s.ProviderJobId is not null);
        var largeStatus = await StatusTextAsync(largeId);
        var smallStatus = await StatusTextAsync(smallId);
        Assert.True(largeStatus.Length < 2048, largeStatus);
        Assert.InRange(largeStatus.Length, smallStatus.Length - 64, smallStatus.Length + 64);
        Assert.DoesNotContain(largeBase64[..64], largeStatus, StringComparison.Ordinal);

        // The instance record holds the reference, not the image.
        var instance = await _host.Services.GetRequiredService<IWorkflowClient>().GetAsync(largeId);
        Assert.NotNull(instance?.SerializedInput);
        Assert.Contains($"stored-input:upload/{Convert.ToHexStringLower(SHA256.HashData(large))}.png", instance.SerializedInput, StringComparison.Ordinal);
        Assert.True(instance.SerializedInput.Length < 2048, instance.SerializedInput);

        // Nothing in the journal folder carries the bytes; the input folder holds each image once, retry or not.
        var runtime = Path.Combine(_host.DataDirectory, "runtime");
        var journalBytes = Directory.EnumerateFiles(runtime, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.True(journalBytes < 256 * 1024, $"{journalBytes} bytes under runtime/");
        var stored = Directory.GetFiles(Path.Combine(_host.DataDirectory, "inputs"));
        Assert.Equal(2, stored.Length);
        Assert.Contains(stored, f => File.ReadAllBytes(f).AsSpan().SequenceEqual(large));
    }

    [Fact]
    public async Task The_mock_is_refused_where_a_real_provider_is_configured_unless_enabled()
    {
        // PipelineHost sets Providers:Mock:Enabled=true, so here the mock runs beside the simulator.
        using var enabled = await _host.StartGenerationAsync(new { prompt = "a fox", provider = "mock" });
        Assert.Equal(HttpStatusCode.Accepted, enabled.StatusCode);

        await using var production = await PipelineHost.StartAsync(new Dictionary<string, string?>(SimulatorSettings.For(_scenario, TimeSpan.FromSeconds(1)))
        {
            ["Providers:Mock:Enabled"] = null,
        });
        using var refused = await production.StartGenerationAsync(new { prompt = "a fox", provider = "mock" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Providers__Mock__Enabled=true", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_any_provider_key_the_mock_is_on_as_in_the_zero_config_run()
    {
        await using var zeroConfig = await PipelineHost.StartAsync(new Dictionary<string, string?> { ["Providers:Mock:Enabled"] = null });
        var id = await zeroConfig.StartAndGetIdAsync(new { prompt = "a red fox in fresh snow", provider = "mock" });
        Assert.Equal(GenerationStatus.Completed, (await zeroConfig.WaitForTerminalAsync(id)).Status);
    }

    async Task<string> StatusTextAsync(string id)
    {
        using var response = await _host.Http.GetAsync($"api/generations/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>A real PNG, padded with zeros to <paramref name="size"/> bytes (decoders stop at IEND; sniffers read the header).</summary>
    static byte[] PaddedPng(int size, int seed)
    {
        var png = PngImageEncoder.CreateGradient(8, 8, seed);
        if (size > png.Length) Array.Resize(ref png, size);
        return png;
    }

    static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(50);
        }
    }
}
