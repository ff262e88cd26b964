using ImagePipeline.Providers.Mock;
using ImagePipeline.Storage;
using ImagePipeline.Workflow;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Tests.Registration;

/// <summary>Settings bound through the options (section names unchanged): a value the pipeline cannot work with is
/// refused at start with the setting's name, and a partial override keeps the other defaults.</summary>
public sealed class SettingsBindingTests : IDisposable
{
    readonly string _dataDirectory = Directory.CreateTempSubdirectory("imagepipeline-settings-binding-").FullName;

    [Fact]
    public void A_polling_override_changes_only_the_value_it_names_and_the_mock_first_looks_after_its_delay()
    {
        using var services = Services(("Pipeline:Polling:segmind:Interval", "00:00:02"), ("Providers:Mock:Delay", "00:00:07"));

        var polling = services.GetRequiredService<IOptions<PollingOptions>>().Value;
        Assert.Equal(new PollingPlan(TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(2)), polling.For("segmind"));
        Assert.Equal(new PollingPlan(TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(1)), polling.For("mock"));
    }

    [Fact]
    public void A_polling_interval_of_zero_is_refused_naming_the_setting()
    {
        using var services = Services(("Pipeline:Polling:runware:Interval", "00:00:00"));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<PollingOptions>>().Value);
        Assert.Contains("Pipeline:Polling", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Adaptive_polling_settings_bind_and_a_provider_rate_limit_override_keeps_the_others()
    {
        using var services = Services(("Pipeline:AdaptivePolling:MinSamples", "50"), ("Pipeline:AdaptivePolling:MinInterval:segmind", "00:00:12"));

        var adaptive = services.GetRequiredService<IOptions<AdaptivePollingOptions>>().Value;
        Assert.True(adaptive.Enabled);
        Assert.Equal(50, adaptive.MinSamples);
        Assert.Equal(TimeSpan.FromSeconds(12), adaptive.MinIntervalFor("segmind"));
        Assert.Equal(TimeSpan.FromSeconds(1), adaptive.MinIntervalFor("runware"));
    }

    [Fact]
    public void An_adaptive_polling_quantile_above_one_is_refused_naming_the_setting()
    {
        using var services = Services(("Pipeline:AdaptivePolling:FirstLookQuantile", "25"));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<AdaptivePollingOptions>>().Value);
        Assert.Contains("Pipeline:AdaptivePolling", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_mock_delay_is_refused_naming_the_setting()
    {
        using var services = Services(("Providers:Mock:Delay", "-00:00:01"));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<MockProviderOptions>>().Value);
        Assert.Contains("Providers:Mock", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_queue_endpoint_is_refused_naming_the_setting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:QueueServiceUri"] = "acct.queue.core.windows.net",
        }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => StorageQueueSettings.FromConfiguration(configuration));
        Assert.Contains("Storage:QueueServiceUri", error.Message, StringComparison.Ordinal);
    }

    ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["Runtime:DataDirectory"] = _dataDirectory,
            ["Storage:RootDirectory"] = Path.Combine(_dataDirectory, "outputs"),
            ["Pipeline:AllowDevelopmentCallbackSecret"] = "true",
        };
        foreach (var (key, value) in settings) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration)
            .AddImagePipelineCore(configuration).BuildServiceProvider();
    }

    public void Dispose()
    {
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }
}
