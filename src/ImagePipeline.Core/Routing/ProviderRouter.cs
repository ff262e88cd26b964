using System.Globalization;
using ImagePipeline.Generation;
using ImagePipeline.Pipeline;
using ImagePipeline.Providers;
using ImagePipeline.Validation;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Routing;

/// <summary>Turns a request's <c>provider</c> (a name, an ordered list, "auto" or nothing) into the candidates the
/// workflow tries in order. A provider is excluded when it is not configured here, cannot take the request (the
/// capability table: image forms, style, web search, aspect ratio, references) or has spent its daily budget. "auto"
/// ranks the rest by circuit health, then price (unpriced last), then <see cref="RoutingOptions.Preference"/>.</summary>
public sealed class ProviderRouter(IImageProviderRegistry? providers, IOptions<PipelineOptions> pipeline, IOptions<RoutingOptions> routing,
    IProviderHealth? health = null, IProviderPriceList? prices = null, IProviderBudgets? budgets = null)
{
    const string DefaultKeyword = "default";

    public async Task<RoutingResult> RouteAsync(GenerationRequest request, bool allowStoredInputs, bool allowPrivateNetwork,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var selection = request.Provider ?? ProviderSelection.One(pipeline.Value.DefaultProvider);
        var requested = request.Provider?.ToString() ?? DefaultKeyword;
        var names = selection.IsAuto ? AutoNames() : selection.Names;

        var excluded = new Dictionary<string, string>(StringComparer.Ordinal);
        var errorsByProvider = new List<IReadOnlyList<ValidationError>>();
        var candidates = new List<ProviderCandidate>();
        foreach (var name in names)
        {
            var validation = GenerationRequestValidator.Validate(request, name, allowStoredInputs, allowPrivateNetwork);
            if (!validation.IsValid)
            {
                errorsByProvider.Add(validation.Errors);
                excluded[name] = string.Join(" ", validation.Errors.Select(e => e.Message));
                continue;
            }
            if (providers is not null && !providers.TryGet(name, out _))
            {
                var notConfigured = new ValidationError("provider", $"Provider '{name}' is not configured on this host: set {ConfigurationHint(name)}.");
                errorsByProvider.Add([notConfigured]);
                excluded[name] = notConfigured.Message;
                continue;
            }
            if (budgets is not null && await budgets.ExhaustedAsync(name, cancellationToken) is { } spent)
            {
                var overBudget = new ValidationError("provider", $"{spent} Nothing was submitted.");
                errorsByProvider.Add([overBudget]);
                excluded[name] = overBudget.Message;
                continue;
            }
            var model = ProviderCapabilityTable.Find(name)!.FindModel(request.Model)!.Model;
            candidates.Add(new ProviderCandidate(name, model, prices?.PricePerImage(name, model, request)));
        }

        if (candidates.Count == 0) return new RoutingResult(null, NoCandidate(selection, names, excluded, errorsByProvider));

        var reason = selection.IsAuto ? RankForAuto(candidates, excluded)
            : request.Provider is null ? "the configured default provider"
            : selection.Names.Count == 1 ? "requested"
            : "requested order" + (excluded.Count > 0 ? "; the others were excluded" : "");
        return new RoutingResult(new RoutingDecision(requested, candidates, reason, excluded.Count > 0 ? excluded : null), ValidationResult.Valid);
    }

    /// <summary>Configured providers in preference order. The mock takes part only when it is the only one: it makes fake images.</summary>
    IReadOnlyList<string> AutoNames()
    {
        var configured = (providers?.Names ?? ProviderNames.All).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var ordered = routing.Value.Preference.Select(p => p.ToLowerInvariant())
            .Concat(ProviderNames.All)
            .Where(configured.Contains)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return ordered.Count > 1 ? [.. ordered.Where(n => n != ProviderNames.Mock)] : ordered;
    }

    /// <summary>Closed or half-open circuits first (a half-open one needs a call to probe it; its circuit lets one through
    /// and refuses the rest, which then fail over), then cheapest (unpriced after priced), then preference.</summary>
    string RankForAuto(List<ProviderCandidate> candidates, Dictionary<string, string> excluded)
    {
        var ranked = candidates
            .Select((candidate, preference) => (candidate, preference, state: health?.StateOf(candidate.Provider) ?? ProviderCircuitState.Closed))
            .OrderBy(c => c.state == ProviderCircuitState.Open ? 1 : 0)
            .ThenBy(c => c.candidate.PricePerImageUsd is null ? 1 : 0)
            .ThenBy(c => c.candidate.PricePerImageUsd ?? 0m)
            .ThenBy(c => c.preference)
            .ToList();
        candidates.Clear();
        candidates.AddRange(ranked.Select(r => r.candidate));

        var chosen = ranked[0];
        var why = chosen.candidate.PricePerImageUsd is { } price
            ? $"auto: {chosen.candidate.Provider} is the cheapest {(chosen.state == ProviderCircuitState.Open ? "" : "healthy ")}provider that can take the request " +
              $"(${price.ToString("0.####", CultureInfo.InvariantCulture)} per image, estimated)"
            : $"auto: no priced provider can take the request; {chosen.candidate.Provider} comes first by preference";
        var unhealthy = ranked.Where(r => r.state == ProviderCircuitState.Open).Select(r => $"{r.candidate.Provider} ({StateName(r.state)} circuit)").ToList();
        if (unhealthy.Count > 0) why += $"; ranked last for health: {string.Join(", ", unhealthy)}";
        if (excluded.Count > 0) why += $"; excluded: {string.Join(", ", excluded.Keys)}";
        return why;
    }

    static ValidationResult NoCandidate(ProviderSelection selection, IReadOnlyList<string> names, Dictionary<string, string> excluded,
        List<IReadOnlyList<ValidationError>> errorsByProvider)
    {
        // One provider: its own errors, field by field, as before routing existed.
        if (errorsByProvider.Count == 1) return new ValidationResult([.. errorsByProvider[0]]);
        if (names.Count == 0)
            return new ValidationResult([new ValidationError("provider", "No provider is configured on this host for \"auto\" to choose from.")]);
        // Errors every provider shares are the request's own (an empty prompt): name those, not each provider.
        var shared = errorsByProvider.Skip(1).Aggregate((IEnumerable<ValidationError>)errorsByProvider[0], (common, next) => common.Intersect(next)).ToList();
        if (shared.Count > 0) return new ValidationResult(shared);
        var what = selection.IsAuto ? "No configured provider can take this request" : "None of the requested providers can take this request";
        return new ValidationResult([new ValidationError("provider",
            $"{what}: {string.Join("; ", excluded.Select(e => $"{e.Key}: {e.Value}"))}")]);
    }

    static string StateName(ProviderCircuitState state) => state == ProviderCircuitState.HalfOpen ? "half-open" : state.ToString().ToLowerInvariant();

    internal static string ConfigurationHint(string provider) => provider switch
    {
        ProviderNames.Scenario => "Providers__Scenario__ApiKey and Providers__Scenario__ApiSecret",
        ProviderNames.GmiCloud => "Providers__GmiCloud__ApiKey",
        ProviderNames.Mock => "Providers__Mock__Enabled=true",
        _ => $"Providers__{char.ToUpperInvariant(provider[0])}{provider[1..]}__ApiKey",
    };
}
