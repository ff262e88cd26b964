using ImagePipeline.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Tests.Registration;

/// <summary>A circuit value Polly's breaker cannot run with stops the host at start with the setting's name, instead of
/// failing the first call to every provider.</summary>
public sealed class CircuitSettingsTests
{
    [Theory]
    [InlineData("FailureRatio", "0", "Routing:Circuit:FailureRatio must be between 0.01 and 1.")]
    [InlineData("MinimumThroughput", "1", "Routing:Circuit:MinimumThroughput must be at least 2.")]
    [InlineData("SamplingDuration", "00:00:00.100", "Routing:Circuit:SamplingDuration must be between 500 ms and 1 day.")]
    [InlineData("BreakDuration", "2.00:00:00", "Routing:Circuit:BreakDuration must be between 500 ms and 1 day.")]
    public async Task The_host_refuses_to_start_with_a_circuit_value_polly_rejects(string key, string value, string message)
    {
        using var host = Build(new() { [$"Routing:Circuit:{key}"] = value });

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(message, refused.Message);
    }

    [Fact]
    public void The_settings_are_bound_from_routing_circuit()
    {
        using var host = Build(new()
        {
            ["Routing:Circuit:FailureRatio"] = "0.25", ["Routing:Circuit:MinimumThroughput"] = "3",
            ["Routing:Circuit:SamplingDuration"] = "00:01:00", ["Routing:Circuit:BreakDuration"] = "00:00:05",
        });

        var options = host.Services.GetRequiredService<IOptions<ProviderCircuitOptions>>().Value;

        Assert.Equal((0.25, 3, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(5)),
            (options.FailureRatio, options.MinimumThroughput, options.SamplingDuration, options.BreakDuration));
    }

    static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddProviderCircuits(builder.Configuration);
        return builder.Build();
    }
}
