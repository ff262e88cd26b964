using System.Globalization;
using ImagePipeline.Testing.Simulators.Luma;
using ImagePipeline.Testing.Simulators.Runware;
using ImagePipeline.Testing.Simulators.Scenario;
using ImagePipeline.Testing.Simulators.Segmind;

namespace ImagePipeline.Standalone.Tests;

/// <summary>Configuration that points the host at a simulator, with polling fitted to test speed.</summary>
public static class SimulatorSettings
{
    /// <summary>A first poll so late that only a webhook can end the wait within a test.</summary>
    public static readonly TimeSpan WebhookOnly = TimeSpan.FromHours(1);

    public static Dictionary<string, string?> For(SegmindSimulator simulator, TimeSpan firstPoll, TimeSpan? interval = null) => new()
    {
        ["Pipeline:DefaultProvider"] = "segmind",
        ["Providers:Segmind:ApiKey"] = simulator.ApiKey,
        ["Providers:Segmind:BaseUrl"] = simulator.BaseUrl.ToString(),
        ["Pipeline:Polling:segmind:FirstPollAfter"] = Format(firstPoll),
        ["Pipeline:Polling:segmind:Interval"] = Format(interval ?? TimeSpan.FromMilliseconds(200)),
    };

    public static Dictionary<string, string?> For(RunwareSimulator simulator, TimeSpan firstPoll) => new()
    {
        ["Pipeline:DefaultProvider"] = "runware",
        ["Providers:Runware:ApiKey"] = simulator.ApiKey,
        ["Providers:Runware:BaseUrl"] = simulator.ApiUrl.ToString(),
        ["Pipeline:Polling:runware:FirstPollAfter"] = Format(firstPoll),
        ["Pipeline:Polling:runware:Interval"] = Format(TimeSpan.FromMilliseconds(200)),
    };

    public static Dictionary<string, string?> For(LumaSimulator simulator, TimeSpan firstPoll) => new()
    {
        ["Pipeline:DefaultProvider"] = "luma",
        ["Providers:Luma:ApiKey"] = simulator.ApiKey,
        ["Providers:Luma:AgentsBaseUrl"] = simulator.AgentsBaseUrl.ToString(),
        ["Providers:Luma:DreamMachineBaseUrl"] = simulator.DreamMachineBaseUrl.ToString(),
        ["Pipeline:Polling:luma:FirstPollAfter"] = Format(firstPoll),
        ["Pipeline:Polling:luma:Interval"] = Format(TimeSpan.FromMilliseconds(200)),
    };

    public static Dictionary<string, string?> For(ScenarioSimulator simulator, TimeSpan firstPoll) => new()
    {
        ["Pipeline:DefaultProvider"] = "scenario",
        ["Providers:Scenario:ApiKey"] = simulator.ApiKey,
        ["Providers:Scenario:ApiSecret"] = simulator.ApiSecret,
        ["Providers:Scenario:BaseUrl"] = simulator.ApiUrl.ToString(),
        ["Pipeline:Polling:scenario:FirstPollAfter"] = Format(firstPoll),
        ["Pipeline:Polling:scenario:Interval"] = Format(TimeSpan.FromMilliseconds(200)),
    };

    public static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
