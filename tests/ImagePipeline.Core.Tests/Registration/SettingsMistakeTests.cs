using ImagePipeline.Configuration;
using ImagePipeline.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Tests.Registration;

/// <summary>Settings mistakes the binder alone would accept or report obscurely are refused with one line that names the
/// setting the way an operator writes it.</summary>
public sealed class SettingsMistakeTests : IDisposable
{
    readonly string _dataDirectory = Directory.CreateTempSubdirectory("imagepipeline-settings-").FullName;

    [Fact]
    public void A_misspelt_provider_section_is_refused_suggesting_the_known_one()
    {
        var error = Assert.Throws<InvalidSettingsException>(() => Register(("Providers:Segmnd:ApiKey", "sk-123")));

        Assert.Contains("Providers:Segmnd", error.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean Providers:Segmind?", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Providers:Segmind:ApiKey", "<segmind-api-key>")]
    [InlineData("Providers:Scenario:ApiSecret", "<scenario-api-secret>")]
    public void A_placeholder_from_the_sample_is_refused_not_taken_as_a_key(string name, string value)
    {
        var error = Assert.Throws<InvalidSettingsException>(() => Register((name, value)));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Contains("placeholder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_of_the_wrong_type_names_the_setting_and_the_expected_form()
    {
        using var services = Register(("Pipeline:JobTimeout", "10m"));

        var error = Assert.Throws<InvalidSettingsException>(() => services.GetRequiredService<IOptions<PipelineOptions>>().Value);

        Assert.Contains("Pipeline:JobTimeout (Pipeline__JobTimeout) = '10m'", error.Message, StringComparison.Ordinal);
        Assert.Contains("00:10:00", error.Message, StringComparison.Ordinal);
    }

    ServiceProvider Register(params (string Name, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["Runtime:DataDirectory"] = _dataDirectory,
            ["Storage:RootDirectory"] = Path.Combine(_dataDirectory, "outputs"),
            ["Pipeline:AllowDevelopmentCallbackSecret"] = "true",
        };
        foreach (var (name, value) in settings) values[name] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration)
            .AddImagePipelineCore(configuration).BuildServiceProvider();
    }

    public void Dispose()
    {
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }
}
