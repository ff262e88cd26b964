using ImagePipeline.Pipeline;
using ImagePipeline.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Tests.Registration;

/// <summary>The mock makes free fake images: it must not answer on a host that has real providers unless asked to, and
/// the default provider must then be a real one.</summary>
public sealed class MockProviderDefaultTests : IDisposable
{
    readonly string _dataDirectory = Directory.CreateTempSubdirectory("imagepipeline-mock-default-").FullName;

    [Theory]
    [InlineData(null, null, true, "mock")]              // zero-config run: the mock only
    [InlineData("runware-key", null, false, "runware")] // a real key: the mock is off, the keyed provider is the default
    [InlineData("runware-key", "true", true, "runware")]
    [InlineData("runware-key", "", false, "runware")]   // empty means unset (as in local.settings.sample.json)
    [InlineData(null, "false", false, "mock")]
    public void The_mock_is_on_by_default_only_without_real_providers(string? runwareKey, string? mockEnabled, bool mockOffered, string defaultProvider)
    {
        using var services = Build(new Dictionary<string, string?>
        {
            ["Providers:Runware:ApiKey"] = runwareKey,
            ["Providers:Mock:Enabled"] = mockEnabled,
        });

        Assert.Equal(mockOffered, services.GetRequiredService<IImageProviderRegistry>().TryGet("mock", out _));
        Assert.Equal(defaultProvider, services.GetRequiredService<IOptions<PipelineOptions>>().Value.DefaultProvider);
    }

    ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings["Runtime:DataDirectory"] = _dataDirectory;
        settings["Storage:RootDirectory"] = Path.Combine(_dataDirectory, "outputs");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddImagePipelineCore(configuration);
        return services.BuildServiceProvider();
    }

    public void Dispose()
    {
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }
}
