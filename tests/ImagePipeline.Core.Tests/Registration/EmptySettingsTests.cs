using ImagePipeline.Drops;
using ImagePipeline.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Tests.Registration;

/// <summary>Empty values, as local.settings.sample.json ships them, mean "not set": the host starts with the defaults
/// instead of refusing a value it cannot read.</summary>
public sealed class EmptySettingsTests : IDisposable
{
    readonly string _dataDirectory = Directory.CreateTempSubdirectory("imagepipeline-empty-settings-").FullName;

    [Fact]
    public void Empty_settings_keep_their_defaults()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Runtime:DataDirectory"] = _dataDirectory,
            ["Storage:RootDirectory"] = Path.Combine(_dataDirectory, "outputs"),
            ["Pipeline:AllowDevelopmentCallbackSecret"] = "true",
        };
        foreach (var key in new[] { "Pipeline:DefaultProvider", "Pipeline:PublicBaseUrl", "Pipeline:CallbackSecret", "Pipeline:JobTimeout",
                     "Pipeline:MaxRequestBodyBytes", "EditDrops:Container", "EditDrops:MaxImageBytes", "EditDrops:SasLifetime", "Providers:Mock:Delay" })
            settings[key] = "";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration)
            .AddImagePipelineCore(configuration).BuildServiceProvider();

        var pipeline = services.GetRequiredService<IOptions<PipelineOptions>>().Value;
        var drops = services.GetRequiredService<IOptions<EditDropOptions>>().Value;
        Assert.Equal(("mock", null, null), (pipeline.DefaultProvider, pipeline.PublicBaseUrl, pipeline.CallbackSecret));
        Assert.Equal((TimeSpan.FromMinutes(10), PipelineOptions.DefaultMaxRequestBodyBytes), (pipeline.JobTimeout, pipeline.MaxRequestBodyBytes));
        Assert.Equal(("edit-requests", 20L * 1024 * 1024, TimeSpan.FromMinutes(30)), (drops.Container, drops.MaxImageBytes, drops.SasLifetime));
        Assert.True(services.GetRequiredService<ImagePipeline.Providers.IImageProviderRegistry>().TryGet("mock", out _));
    }

    public void Dispose()
    {
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }
}
