namespace ImagePipeline.Standalone.Tests.HostileInputs;

/// <summary>The hostile-input corpus (<see cref="HostileInputCorpus"/>) against the real standalone host over HTTP:
/// every case gets its status and a problem naming its field, and nothing starts — no submit or upload at any provider,
/// no file in the host's data folder (no journal, no stored input, no ledger entry).</summary>
public sealed class HostileInputTests(HostileInputHost host) : IClassFixture<HostileInputHost>
{
    [Theory]
    [MemberData(nameof(HostileInputCorpus.Names), MemberType = typeof(HostileInputCorpus))]
    public async Task A_hostile_request_is_refused_with_a_problem_naming_the_field_and_starts_nothing(string name)
    {
        var hostile = HostileInputCorpus.Find(name);
        var before = host.WhatStarted();

        var (status, problem, text) = await host.SendAsync(hostile);

        Assert.True(hostile.Status == status, $"{name}: expected {hostile.Status}, got {status}: {Shorten(text)}");
        Assert.True(problem is { } body && body.TryGetProperty("errors", out var errors) && errors.TryGetProperty(hostile.Field, out _),
            $"{name}: the problem does not name '{hostile.Field}': {Shorten(text)}");
        Assert.Equal(before, host.WhatStarted());
    }

    [Fact]
    public void The_corpus_holds_at_least_100_distinct_cases()
    {
        Assert.True(HostileInputCorpus.All.Count >= 100, $"{HostileInputCorpus.All.Count} cases");
        Assert.Equal(HostileInputCorpus.All.Count, HostileInputCorpus.All.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
    }

    static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + "…";
}
