using ImagePipeline.Providers.Resilience;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Tests.Registration;

/// <summary>A resilience value Polly cannot run with stops the host at start with the setting's name, instead of
/// failing the first provider call of every generation.</summary>
public sealed class ResilienceSettingsTests
{
    [Theory]
    [InlineData("MaxRetryAttempts", "0", "Resilience:MaxRetryAttempts must be at least 1.")]
    [InlineData("MaxSubmitRateLimitRetries", "0", "Resilience:MaxSubmitRateLimitRetries must be at least 1.")]
    [InlineData("AttemptTimeout", "00:00:00", "Resilience:AttemptTimeout must be between 10 ms and 1 day.")]
    [InlineData("TotalTimeout", "2.00:00:00", "Resilience:TotalTimeout must be between 10 ms and 1 day.")]
    public async Task The_host_refuses_to_start_with_a_resilience_value_polly_rejects(string key, string value, string message)
    {
        using var host = Build(new() { [$"Resilience:{key}"] = value });

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(message, refused.Message);
    }

    [Fact]
    public async Task The_host_starts_with_valid_values_and_serves_the_pipelines()
    {
        using var host = Build(new() { ["Resilience:MaxRetryAttempts"] = "1", ["Resilience:AttemptTimeout"] = "00:00:05" });

        await host.StartAsync();

        var pipelines = host.Services.GetRequiredService<Polly.Registry.ResiliencePipelineProvider<string>>();
        Assert.Equal(42, pipelines.GetPipeline(ProviderPipelineKeys.Query).Execute(() => 42));
        await host.StopAsync();
    }

    static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddProviderResilience(builder.Configuration);
        return builder.Build();
    }
}
