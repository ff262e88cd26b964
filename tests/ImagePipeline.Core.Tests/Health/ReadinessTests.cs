using System.Text.Json;
using ImagePipeline.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.Tests.Health;

/// <summary>Readiness over the core's checks, as both hosts answer <c>GET /api/health/ready</c>.</summary>
public sealed class ReadinessTests : IDisposable
{
    readonly string _dataDirectory = Directory.CreateTempSubdirectory("imagepipeline-ready-").FullName;

    [Fact]
    public async Task Ready_with_writable_outputs_and_a_provider()
    {
        var result = await ReadyAsync(Path.Combine(_dataDirectory, "outputs"));

        Assert.Equal(StatusCodes.Status200OK, result.StatusCode);
    }

    [Fact]
    public async Task Not_ready_when_the_outputs_folder_cannot_be_written_naming_the_storage_check()
    {
        var blocker = Path.Combine(_dataDirectory, "a-file");
        await File.WriteAllTextAsync(blocker, "not a folder");

        var result = await ReadyAsync(Path.Combine(blocker, "outputs"));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, result.StatusCode);
        using var body = JsonDocument.Parse(JsonSerializer.Serialize(result.Body));
        Assert.Equal("unhealthy", body.RootElement.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
        Assert.Equal("healthy", body.RootElement.GetProperty("checks").GetProperty("providers").GetProperty("status").GetString());
    }

    async Task<ApiResult> ReadyAsync(string outputs)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Runtime:DataDirectory"] = _dataDirectory,
            ["Storage:RootDirectory"] = outputs,
            ["Pipeline:AllowDevelopmentCallbackSecret"] = "true",
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration)
            .AddImagePipelineCore(configuration).BuildServiceProvider();
        return await services.GetRequiredService<HealthApi>().ReadyAsync(CancellationToken.None);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }
}
