using System.Globalization;
using ImagePipeline.Testing.Simulators.GmiCloud;
using ImagePipeline.Testing.Simulators.Luma;
using ImagePipeline.Testing.Simulators.Runware;
using ImagePipeline.Testing.Simulators.Scenario;
using ImagePipeline.Testing.Simulators.Segmind;

namespace ImagePipeline.Conformance.Tests.Support;

/// <summary>Configuration that points the pipeline at one simulator with a polling plan of its own: the same settings
/// both hosts read (<c>Providers:*</c>, <c>Pipeline:Polling:*</c>).</summary>
public static class ProviderSettings
{
    /// <summary>A first poll so late that only a webhook can end the wait within a scenario.</summary>
    public static readonly TimeSpan WebhookOnly = TimeSpan.FromHours(1);

    public static Dictionary<string, string?> Segmind(SegmindSimulator simulator, TimeSpan firstPoll, TimeSpan interval) =>
        Polling("segmind", firstPoll, interval, new()
        {
            ["Providers:Segmind:ApiKey"] = simulator.ApiKey,
            ["Providers:Segmind:BaseUrl"] = simulator.BaseUrl.ToString(),
        });

    public static Dictionary<string, string?> Scenario(ScenarioSimulator simulator, TimeSpan firstPoll, TimeSpan interval) =>
        Polling("scenario", firstPoll, interval, new()
        {
            ["Providers:Scenario:ApiKey"] = simulator.ApiKey,
            ["Providers:Scenario:ApiSecret"] = simulator.ApiSecret,
            ["Providers:Scenario:BaseUrl"] = simulator.ApiUrl.ToString(),
        });

    public static Dictionary<string, string?> Runware(RunwareSimulator simulator, TimeSpan firstPoll, TimeSpan interval) =>
        Polling("runware", firstPoll, interval, new()
        {
            ["Providers:Runware:ApiKey"] = simulator.ApiKey,
            ["Providers:Runware:BaseUrl"] = simulator.ApiUrl.ToString(),
        });

    public static Dictionary<string, string?> GmiCloud(GmiCloudSimulator simulator, TimeSpan firstPoll, TimeSpan interval) =>
        Polling("gmicloud", firstPoll, interval, new()
        {
            ["Providers:GmiCloud:ApiKey"] = simulator.ApiKey,
            ["Providers:GmiCloud:BaseUrl"] = simulator.ApiBaseUrl.ToString(),
        });

    public static Dictionary<string, string?> Luma(LumaSimulator simulator, TimeSpan firstPoll, TimeSpan interval) =>
        Polling("luma", firstPoll, interval, new()
        {
            ["Providers:Luma:ApiKey"] = simulator.ApiKey,
            ["Providers:Luma:AgentsBaseUrl"] = simulator.AgentsBaseUrl.ToString(),
            ["Providers:Luma:DreamMachineBaseUrl"] = simulator.DreamMachineBaseUrl.ToString(),
        });

    /// <summary>The mock provider finishes after <paramref name="delay"/>; its first look defaults to that delay.</summary>
    public static Dictionary<string, string?> Mock(TimeSpan delay, TimeSpan interval) => new()
    {
        ["Providers:Mock:Enabled"] = "true",
        ["Providers:Mock:Delay"] = Format(delay),
        ["Providers:Mock:Width"] = "64",
        ["Providers:Mock:Height"] = "48",
        ["Pipeline:Polling:mock:Interval"] = Format(interval),
    };

    static Dictionary<string, string?> Polling(string provider, TimeSpan firstPoll, TimeSpan interval, Dictionary<string, string?> settings)
    {
        settings["Pipeline:DefaultProvider"] = provider;
        settings[$"Pipeline:Polling:{provider}:FirstPollAfter"] = Format(firstPoll);
        settings[$"Pipeline:Polling:{provider}:Interval"] = Format(interval);
        return settings;
    }

    public static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
