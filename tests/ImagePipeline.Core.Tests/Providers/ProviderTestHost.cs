using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Security;
using ImagePipeline.Testing.Simulators;
using Xunit.Sdk;

namespace ImagePipeline.Tests.Providers;

/// <summary>
/// A provider simulator and a client pointed at it through one <see cref="System.Net.Http.HttpClient"/> (shared, as in
/// production, by every client a test builds). Each provider's host says how its client is built and how many polls a
/// job gets.
/// </summary>
internal abstract class ProviderTestHost<TSimulator, TClient>(int maxPolls, TimeSpan pollInterval) : IAsyncDisposable
    where TSimulator : ProviderSimulator, new()
    where TClient : class, IImageProvider
{
    TClient? _client;

    public TSimulator Simulator { get; } = new();

    public TClient Client => _client ?? throw new InvalidOperationException("The simulator has not been started.");

    protected HttpClient HttpClient { get; } = new();

    /// <summary>The guarded client for output links, allowed to reach the loopback simulator (as test hosts are with
    /// <c>Security:AllowPrivateNetworkFetches</c>).</summary>
    protected HttpClient ExternalHttpClient { get; } = GuardedHttpClient.Create(new SecurityOptions { AllowPrivateNetworkFetches = true });

    /// <summary>Starts the simulator, then builds the client against it (the client needs the simulator's port).</summary>
    protected async Task StartWithClientAsync(Func<TClient> createClient)
    {
        await Simulator.StartAsync();
        _client = createClient();
    }

    /// <summary>Polls as the workflow would until the job ends (bounded by a number of polls, not by a clock assertion).</summary>
    public async Task<ProviderJobStatus> WaitForTerminalAsync(ProviderJobHandle job)
    {
        for (var poll = 0; poll < maxPolls; poll++)
        {
            var status = await Client.GetStatusAsync(job);
            if (status.State.IsTerminal()) return status;
            await Task.Delay(pollInterval);
        }
        throw new XunitException($"{Client.Name} job {job.JobId} never reached a terminal state in {maxPolls} polls.");
    }

    public async Task<byte[]> DownloadAsync(ProviderOutput output) => await ProviderTestKit.ReadAllAsync(await Client.DownloadAsync(output));

    /// <summary>The PNG the simulator serves behind an output URL.</summary>
    public byte[]? ServedFile(ProviderOutput output) => Simulator.GetFile(Uri.UnescapeDataString(new Uri(output.Url).Segments[^1]));

    public async ValueTask DisposeAsync()
    {
        HttpClient.Dispose();
        ExternalHttpClient.Dispose();
        await Simulator.DisposeAsync();
    }
}
