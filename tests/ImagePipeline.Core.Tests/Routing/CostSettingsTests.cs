using ImagePipeline.Configuration;
using ImagePipeline.Generation;
using ImagePipeline.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Tests.Routing;

/// <summary>The <c>Pricing</c> and <c>Budget</c> settings as an operator writes them, through the hosts' registration.</summary>
public sealed class CostSettingsTests : IDisposable
{
    static readonly GenerationRequest TextToImage = new() { Prompt = "a lighthouse" };
    static readonly GenerationRequest Edit = new() { Prompt = "make it night", Image = "https://example.com/source.png" };

    readonly string _dataDirectory = Directory.CreateTempSubdirectory("imagepipeline-cost-settings-").FullName;

    [Fact]
    public void Only_gmi_cloud_is_priced_by_default_at_its_published_prices()
    {
        using var services = Register();
        var prices = services.GetRequiredService<IProviderPriceList>();

        Assert.Equal(0.0404m, prices.PricePerImage("gmicloud", "luma-uni-1", TextToImage));
        Assert.Equal(0.0434m, prices.PricePerImage("gmicloud", "luma-uni-1", Edit));
        foreach (var provider in ProviderNames.All.Except([ProviderNames.GmiCloud]))
            Assert.Null(prices.PricePerImage(provider, "luma-uni-1", TextToImage));
    }

    [Fact]
    public void Configured_prices_override_the_defaults_per_kind_and_per_model()
    {
        using var services = Register(
            ("Pricing:GmiCloud:EditUsd", "0.05"),
            ("Pricing:segmind:ImageUsd", "0.08"),
            ("Pricing:runware:ImageUsd", "0.03"),
            ("Pricing:runware:Models:luma_uni@1-max:ImageUsd", "0.06"));
        var prices = services.GetRequiredService<IProviderPriceList>();

        Assert.Equal(0.0404m, prices.PricePerImage("gmicloud", "luma-uni-1", TextToImage)); // the other default stays
        Assert.Equal(0.05m, prices.PricePerImage("gmicloud", "luma-uni-1", Edit));
        Assert.Equal(0.08m, prices.PricePerImage("segmind", "luma-uni-1-max", TextToImage));
        Assert.Equal(0.08m, prices.PricePerImage("segmind", "luma-uni-1-max", Edit)); // no edit price: the image price
        Assert.Equal(0.03m, prices.PricePerImage("runware", "luma:uni@1", TextToImage));
        Assert.Equal(0.06m, prices.PricePerImage("runware", "luma:uni@1-max", TextToImage));
        Assert.Null(prices.PricePerImage("scenario", "model_luma-uni-1-max", TextToImage));
    }

    [Theory]
    [InlineData("Pricing:Segmnd:ImageUsd", "0.1", "Pricing:Segmnd", "did you mean Pricing:segmind?")]
    [InlineData("Budget:runwar:DailyUsd", "5", "Budget:runwar", "did you mean Budget:runware?")]
    public void A_section_for_an_unknown_provider_is_refused_at_start(string key, string value, string named, string suggestion)
    {
        var error = Assert.Throws<InvalidSettingsException>(() => Register((key, value)));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains(suggestion, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Pricing:segmind:ImageUsd", "-0.1")]
    [InlineData("Pricing:gmicloud:Models:luma-uni-1:EditUsd", "-1")]
    [InlineData("Budget:segmind:DailyUsd", "0")]
    [InlineData("Budget:segmind:DailyUsd", "-5")]
    public void A_negative_price_or_a_budget_that_is_not_positive_is_refused_naming_the_setting(string key, string value)
    {
        using var services = Register((key, value));

        var error = Assert.Throws<OptionsValidationException>(() =>
        {
            _ = services.GetRequiredService<IOptions<PricingOptions>>().Value;
            _ = services.GetRequiredService<IOptions<BudgetOptions>>().Value;
        });
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_budget_set_for_a_provider_is_checked_against_the_data_folders_ledger()
    {
        using var services = Register(("Budget:Segmind:DailyUsd", "0.10"));
        var ledger = services.GetRequiredService<IProviderSpendLedger>();
        var budgets = services.GetRequiredService<IProviderBudgets>();

        await ledger.RecordAsync("segmind", "gen-1/1", 0.10m, DateTimeOffset.UtcNow);

        Assert.IsType<FileProviderSpendLedger>(ledger);
        Assert.NotNull(await budgets.ExhaustedAsync("segmind"));
        Assert.Null(await budgets.ExhaustedAsync("runware"));
    }

    ServiceProvider Register(params (string Key, string Value)[] settings)
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
