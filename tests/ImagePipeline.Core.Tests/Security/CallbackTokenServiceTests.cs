using ImagePipeline.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace ImagePipeline.Tests.Security;

public class CallbackTokenServiceTests
{
    readonly CallbackTokenService _tokens = Create("a-long-random-server-secret-for-tests");

    [Fact]
    public void The_token_of_a_generation_is_valid_for_it()
    {
        var token = _tokens.CreateToken("gen-1");

        Assert.True(_tokens.IsValid("gen-1", token));
        Assert.Equal(token, _tokens.CreateToken("gen-1"));
        Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
    }

    [Fact]
    public void A_token_of_another_generation_is_invalid() =>
        Assert.False(_tokens.IsValid("gen-2", _tokens.CreateToken("gen-1")));

    [Fact]
    public void A_token_made_under_another_secret_is_invalid() =>
        Assert.False(_tokens.IsValid("gen-1", Create("another-secret").CreateToken("gen-1")));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    public void Missing_or_malformed_tokens_are_invalid(string? token) =>
        Assert.False(_tokens.IsValid("gen-1", token));

    [Fact]
    public void A_token_with_one_character_changed_is_invalid()
    {
        var token = _tokens.CreateToken("gen-1");
        var tampered = (token[0] == 'A' ? 'B' : 'A') + token[1..];

        Assert.False(_tokens.IsValid("gen-1", tampered));
    }

    [Fact]
    public void The_callback_url_carries_provider_escaped_id_and_a_valid_token()
    {
        var url = _tokens.BuildCallbackUrl(new Uri("https://pipeline.example.com/base/?ignored=1"), "runware", "gen 1/2");

        Assert.Equal("https", url.Scheme);
        Assert.Equal("/base/api/callbacks/runware/gen%201%2F2", url.AbsolutePath);
        var token = Uri.UnescapeDataString(url.Query["?token=".Length..]);
        Assert.True(_tokens.IsValid("gen 1/2", token));
    }

    [Fact]
    public void A_base_url_without_a_path_gives_the_api_route_at_the_root()
    {
        var url = _tokens.BuildCallbackUrl(new Uri("http://127.0.0.1:5080"), "luma", "gen-9");

        Assert.Equal($"http://127.0.0.1:5080/api/callbacks/luma/gen-9?token={_tokens.CreateToken("gen-9")}", url.AbsoluteUri);
    }

    [Fact]
    public void Production_without_a_callback_secret_refuses_to_start()
    {
        using var services = Build("Production", []);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<CallbackTokenOptions>>().Value);

        Assert.Contains("Pipeline__CallbackSecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_configured_secret_is_used()
    {
        using var services = Build("Production", new() { ["Pipeline:CallbackSecret"] = "from-configuration" });

        var token = services.GetRequiredService<CallbackTokenService>().CreateToken("gen-1");

        Assert.True(Create("from-configuration").IsValid("gen-1", token));
    }

    [Fact]
    public void Development_falls_back_to_the_documented_development_secret()
    {
        using var services = Build("Development", []);

        var token = services.GetRequiredService<CallbackTokenService>().CreateToken("gen-1");

        Assert.True(Create(CallbackTokenOptions.DevelopmentSecret).IsValid("gen-1", token));
    }

    static CallbackTokenService Create(string secret) => new(Options.Create(new CallbackTokenOptions { Secret = secret }));

    static ServiceProvider Build(string environmentName, Dictionary<string, string?> settings)
    {
        var environment = Substitute.For<IHostEnvironment>();
        environment.EnvironmentName.Returns(environmentName);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddSingleton(environment).AddCallbackTokens(configuration).BuildServiceProvider();
    }
}
