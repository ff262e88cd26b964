using ImagePipeline.Generation;
using ImagePipeline.Validation;

namespace ImagePipeline.Tests.Validation;

/// <summary><c>webhookEvents</c>: known names only, and only with a callbackUrl to send them to.</summary>
public sealed class WebhookEventsValidationTests
{
    const string Callback = "https://hooks.example/generations";

    static ValidationResult Validate(GenerationRequest request) => GenerationRequestValidator.Validate(request, ProviderNames.Mock);

    [Fact]
    public void Takes_every_known_event_with_a_callback_url() =>
        Assert.True(Validate(new GenerationRequest { Prompt = "A cat", CallbackUrl = Callback, WebhookEvents = ["started", "progress", "completed"] }).IsValid);

    [Fact]
    public void Refuses_an_unknown_event_naming_the_field_and_the_name()
    {
        var result = Validate(new GenerationRequest { Prompt = "A cat", CallbackUrl = Callback, WebhookEvents = ["started", "finished"] });

        var error = Assert.Single(result.Errors);
        Assert.Equal("webhookEvents", error.Field);
        Assert.Contains("'finished'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_events_without_a_callback_url()
    {
        var result = Validate(new GenerationRequest { Prompt = "A cat", WebhookEvents = ["progress"] });

        Assert.Equal("webhookEvents", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void Refuses_an_empty_list() =>
        Assert.Equal("webhookEvents", Assert.Single(Validate(new GenerationRequest { Prompt = "A cat", CallbackUrl = Callback, WebhookEvents = [] }).Errors).Field);

    [Fact]
    public void Does_not_echo_an_unprintable_name()
    {
        var result = Validate(new GenerationRequest { Prompt = "A cat", CallbackUrl = Callback, WebhookEvents = ["start\u0007ed"] });

        Assert.DoesNotContain("\u0007", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }
}
