using ImagePipeline.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace ImagePipeline.Tests.Notifications;

public class CallerWebhookOptionsTests
{
    [Fact]
    public void Production_without_a_webhook_secret_refuses_to_start()
    {
        using var services = Build("Production", []);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<CallerWebhookOptions>>().Value);

        Assert.Contains("Notifications__WebhookSecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Development_without_a_webhook_secret_signs_with_the_documented_development_secret()
    {
        using var services = Build("Development", []);

        Assert.Equal(CallerWebhookOptions.DevelopmentSecret, services.GetRequiredService<IOptions<CallerWebhookOptions>>().Value.Secret);
        Assert.NotNull(services.GetRequiredService<ICallerWebhookNotifier>());
    }

    [Fact]
    public void A_standalone_run_may_allow_the_development_secret_explicitly()
    {
        using var services = Build("Production", new() { ["Notifications:AllowDevelopmentWebhookSecret"] = "true" });

        Assert.Equal(CallerWebhookOptions.DevelopmentSecret, services.GetRequiredService<IOptions<CallerWebhookOptions>>().Value.Secret);
    }

    [Fact]
    public void Configured_values_are_bound()
    {
        using var services = Build("Production", new()
        {
            ["Notifications:WebhookSecret"] = "whsec_c2VjcmV0",
            ["Notifications:WebhookMaxAttempts"] = "7",
            ["Notifications:WebhookFirstRetryDelay"] = "00:00:05",
            ["Notifications:WebhookAttemptTimeout"] = "00:00:20",
        });

        var options = services.GetRequiredService<IOptions<CallerWebhookOptions>>().Value;

        Assert.Equal(("whsec_c2VjcmV0", 7, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20)),
            (options.Secret, options.MaxAttempts, options.FirstRetryDelay, options.AttemptTimeout));
    }

    static ServiceProvider Build(string environmentName, Dictionary<string, string?> settings)
    {
        var environment = Substitute.For<IHostEnvironment>();
        environment.EnvironmentName.Returns(environmentName);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddSingleton(environment).AddCallerWebhooks(configuration).BuildServiceProvider();
    }
}
