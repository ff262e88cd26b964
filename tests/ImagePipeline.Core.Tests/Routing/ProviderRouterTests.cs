using System.Text.Json;
using ImagePipeline.Api;
using ImagePipeline.Generation;
using ImagePipeline.Pipeline;
using ImagePipeline.Providers;
using ImagePipeline.Providers.Mock;
using ImagePipeline.Routing;
using ImagePipeline.Serialization;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Tests.Routing;

/// <summary>How a request's <c>provider</c> becomes the ordered candidates a generation tries, and the 400 a caller gets
/// when no configured provider can take it.</summary>
public sealed class ProviderRouterTests
{
    sealed class Configured(params string[] names) : IImageProviderRegistry
    {
        readonly MockImageProvider _any = new(new MockProviderOptions());
        public IReadOnlyCollection<string> Names => names;
        public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IImageProvider? provider)
        {
            provider = names.Contains(name) ? _any : null;
            return provider is not null;
        }
        public IImageProvider Get(string name) => TryGet(name, out var provider) ? provider : throw new KeyNotFoundException(name);
    }

    sealed class Circuits(Dictionary<string, ProviderCircuitState> states) : IProviderHealth
    {
        public ProviderCircuitState StateOf(string provider) => states.GetValueOrDefault(provider, ProviderCircuitState.Closed);
    }

    sealed class SpentBudgets(params string[] spent) : IProviderBudgets
    {
        public Task<string?> ExhaustedAsync(string provider, CancellationToken cancellationToken = default) =>
            Task.FromResult(spent.Contains(provider) ? $"{provider}'s daily budget of $1.00 (Budget:{provider}:DailyUsd) is spent: $1.02 today (UTC)." : null);
    }

    static ProviderRouter Router(IImageProviderRegistry providers, Dictionary<string, ProviderCircuitState>? circuits = null,
        string[]? preference = null, Action<PricingOptions>? pricing = null, IProviderBudgets? budgets = null)
    {
        var routing = new RoutingOptions();
        foreach (var name in preference ?? []) routing.Preference.Add(name);
        var prices = new PricingOptions();
        pricing?.Invoke(prices);
        return new ProviderRouter(providers, Options.Create(new PipelineOptions { DefaultProvider = "segmind" }), Options.Create(routing),
            new Circuits(circuits ?? []), new ConfiguredPriceList(Options.Create(prices)), budgets);
    }

    static async Task<RoutingDecision> RouteAsync(ProviderRouter router, GenerationRequest request)
    {
        var result = await router.RouteAsync(request, allowStoredInputs: false, allowPrivateNetwork: false);
        Assert.True(result.Validation.IsValid, result.Validation.ToString());
        return result.Decision!;
    }

    [Fact]
    public async Task Auto_puts_the_cheapest_priced_provider_first_and_unpriced_ones_after_by_preference()
    {
        var router = Router(new Configured("segmind", "runware", "gmicloud", "luma"), preference: ["luma"],
            pricing: prices => prices["runware"] = new ProviderPricing { ImageUsd = 0.05m });

        var decision = await RouteAsync(router, new GenerationRequest { Prompt = "a fox", Provider = ProviderSelection.Auto });

        Assert.Equal(["gmicloud", "runware", "luma", "segmind"], decision.Candidates.Select(c => c.Provider));
        Assert.Equal(0.0404m, decision.Candidates[0].PricePerImageUsd);
        Assert.Equal("auto", decision.Requested);
        Assert.StartsWith("auto: gmicloud is the cheapest healthy provider", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_ranks_an_open_circuit_last_and_a_half_open_one_with_the_healthy()
    {
        var router = Router(new Configured("segmind", "runware", "gmicloud"),
            new() { ["gmicloud"] = ProviderCircuitState.Open, ["runware"] = ProviderCircuitState.HalfOpen },
            pricing: prices => prices["runware"] = new ProviderPricing { ImageUsd = 0.05m });

        var decision = await RouteAsync(router, new GenerationRequest { Prompt = "a fox", Provider = ProviderSelection.Auto });

        Assert.Equal(["runware", "segmind", "gmicloud"], decision.Candidates.Select(c => c.Provider));
        Assert.Contains("gmicloud (open circuit)", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_leaves_out_providers_that_cannot_take_the_request_and_says_why()
    {
        var router = Router(new Configured("segmind", "runware", "gmicloud"));

        var decision = await RouteAsync(router, new GenerationRequest { Prompt = "a fox", Provider = ProviderSelection.Auto, Style = "manga" });

        Assert.DoesNotContain(decision.Candidates, c => c.Provider == "gmicloud");
        Assert.Contains("style", decision.Excluded!["gmicloud"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_never_picks_the_mock_while_a_real_provider_is_configured()
    {
        var decision = await RouteAsync(Router(new Configured("mock", "segmind")), new GenerationRequest { Prompt = "a fox", Provider = ProviderSelection.Auto });

        Assert.Equal(["segmind"], decision.Candidates.Select(c => c.Provider));
    }

    [Fact]
    public async Task A_list_keeps_the_callers_order_and_drops_what_is_not_configured()
    {
        var router = Router(new Configured("segmind", "gmicloud"));

        var decision = await RouteAsync(router, new GenerationRequest { Prompt = "a fox", Provider = ProviderSelection.List(["runware", "gmicloud", "segmind"]) });

        Assert.Equal(["gmicloud", "segmind"], decision.Candidates.Select(c => c.Provider));
        Assert.Contains("Providers__Runware__ApiKey", decision.Excluded!["runware"], StringComparison.Ordinal);
        Assert.Equal("runware,gmicloud,segmind", decision.Requested);
    }

    [Fact]
    public async Task A_request_no_provider_can_serve_is_refused_naming_what_excluded_each()
    {
        var router = Router(new Configured("segmind", "gmicloud"), budgets: new SpentBudgets("segmind"));

        var result = await router.RouteAsync(new GenerationRequest { Prompt = "a fox", Provider = ProviderSelection.Auto, Style = "manga" }, false, false);

        Assert.Null(result.Decision);
        var error = Assert.Single(result.Validation.Errors);
        Assert.Equal("provider", error.Field);
        Assert.StartsWith("No configured provider can take this request: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("segmind: segmind's daily budget of $1.00 (Budget:segmind:DailyUsd) is spent: $1.02 today (UTC). Nothing was submitted.", error.Message, StringComparison.Ordinal);
        Assert.Contains("gmicloud: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_explicit_provider_whose_budget_is_spent_is_refused_before_anything_is_sent()
    {
        var result = await Router(new Configured("segmind"), budgets: new SpentBudgets("segmind"))
            .RouteAsync(new GenerationRequest { Prompt = "a fox", Provider = "segmind" }, false, false);

        Assert.Contains("daily budget", Assert.Single(result.Validation.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_requests_own_mistakes_are_named_once_not_per_provider()
    {
        var result = await Router(new Configured("segmind", "gmicloud"))
            .RouteAsync(new GenerationRequest { Prompt = "", Provider = ProviderSelection.Auto }, false, false);

        Assert.Equal("prompt", Assert.Single(result.Validation.Errors).Field);
    }

    [Theory]
    [InlineData("""{"prompt":"a","provider":"Runware"}""", "runware")]
    [InlineData("""{"prompt":"a","provider":"AUTO"}""", "auto")]
    [InlineData("""{"prompt":"a","provider":["runware","segmind","runware"]}""", "runware,segmind")]
    public void Provider_reads_a_name_auto_or_a_list(string json, string expected)
    {
        var request = JsonSerializer.Deserialize<GenerationRequest>(json, ApiJson.RequestOptions)!;

        Assert.Equal(expected, request.Provider!.ToString());
    }

    [Theory]
    [InlineData("""{"prompt":"a","provider":[]}""")]
    [InlineData("""{"prompt":"a","provider":["auto","runware"]}""")]
    [InlineData("""{"prompt":"a","provider":[1]}""")]
    [InlineData("""{"prompt":"a","provider":""}""")]
    public void A_provider_that_is_no_name_list_or_auto_is_malformed(string json) =>
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<GenerationRequest>(json, ApiJson.RequestOptions));

    [Fact]
    public void One_name_is_stored_as_a_string_so_older_histories_keep_their_shape()
    {
        Assert.Equal("\"runware\"", JsonSerializer.Serialize(ProviderSelection.One("runware"), WorkflowJson.Options));
        Assert.Equal("""["runware","segmind"]""", JsonSerializer.Serialize(ProviderSelection.List(["runware", "segmind"]), WorkflowJson.Options));
    }
}
