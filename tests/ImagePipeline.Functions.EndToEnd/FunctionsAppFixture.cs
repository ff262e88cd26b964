using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using ImagePipeline.Generation;
using ImagePipeline.Testing;
using ImagePipeline.Testing.Api;
using ImagePipeline.Testing.Azurite;
using ImagePipeline.Testing.Functions;
using ImagePipeline.Testing.Simulators;
using ImagePipeline.Testing.Simulators.Runware;
using ImagePipeline.Testing.Simulators.Segmind;

namespace ImagePipeline.Functions.EndToEnd;

/// <summary>
/// Once per test run: a private Azurite (blob, queue, table; no telemetry), the Functions app published in Release, the
/// Segmind and Runware simulators, and a real Functions host (<see cref="FunctionsHostLocator"/>) serving the app on a
/// loopback port with every provider pointed at its simulator. Tests share it and run one at a time
/// (<see cref="FunctionsAppCollection"/>), so each may script the simulators for itself.
/// </summary>
public sealed class FunctionsAppFixture : IAsyncLifetime
{
    public const string FunctionKey = "e2e-function-key";
    public const string CallbackSecret = "e2e-callback-secret-0123456789abcdef";
    public const string WebhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public const string OutputContainer = "outputs";
    public const string RequestQueue = "generation-requests";
    public const string PoisonQueue = "generation-requests-poison";
    public const string DropContainer = "edit-requests";
    /// <summary>Environment variables with this prefix override host settings (e.g. to measure another polling interval).</summary>
    public const string SettingOverridePrefix = "E2E_SETTING_";

    /// <summary>The Segmind polling plan the host runs with unless overridden: look after 1 s, then every second.</summary>
    public static readonly TimeSpan SegmindPollInterval = TimeSpan.FromSeconds(1);

    string _workDirectory = null!;
    string _appDirectory = null!;
    string _func = null!;
    int _port;

    public AzuriteServer Azurite { get; private set; } = null!;
    public SegmindSimulator Segmind { get; } = new();
    public RunwareSimulator Runware { get; } = new();
    public FunctionsHostProcess Host { get; private set; } = null!;
    public IReadOnlyDictionary<string, string> Settings { get; private set; } = new Dictionary<string, string>();

    /// <summary>A client with the function key, as a caller holding <c>x-functions-key</c> would call.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>A client with no key: anonymous routes, and proof that keyed ones refuse it.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    public Uri BaseUrl => Host.BaseUrl;
    public BlobServiceClient Blobs { get; private set; } = null!;
    public QueueServiceClient Queues { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _func = FunctionsHostLocator.Find(out var searched)
            ?? throw new InvalidOperationException($"No Azure Functions host to run the end-to-end tests: looked at {searched}. Install Core Tools (func) or set {FunctionsHostLocator.VariableName}.");
        _workDirectory = Directory.CreateTempSubdirectory("imagepipeline-e2e-").FullName;

        var publish = FunctionsAppPublisher.PublishAsync(_workDirectory);
        Azurite = await AzuriteServer.StartAsync();
        await Segmind.StartAsync();
        await Runware.StartAsync();
        _appDirectory = await publish;

        Blobs = new BlobServiceClient(Azurite.ConnectionString);
        Queues = new QueueServiceClient(Azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        await Queues.GetQueueClient(RequestQueue).CreateIfNotExistsAsync();
        await Blobs.GetBlobContainerClient(DropContainer).CreateIfNotExistsAsync();

        _port = LoopbackPorts.Free();
        Settings = HostSettings(new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{_port}/")));
        Host = await StartHostAsync();
        Http = new HttpClient { BaseAddress = Host.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Add("x-functions-key", FunctionKey);
        Api = new PipelineApiClient(Http, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(200), () => HostLogTail());
        Anonymous = new HttpClient { BaseAddress = Host.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        using var probe = await Anonymous.GetAsync("api/generations/gen_00000000000000000000000000000000");
        FunctionKeysEnforced = probe.StatusCode == HttpStatusCode.Unauthorized;
    }

    /// <summary>Whether the host checks function keys: the stand-in does (with <c>FUNCTIONS_TEST_KEY</c>); Core Tools'
    /// <c>func start</c> turns authorization off locally, so there the key tests have nothing to check.</summary>
    public bool FunctionKeysEnforced { get; private set; }

    Dictionary<string, string> HostSettings(Uri baseUrl)
    {
        var settings = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = Azurite.ConnectionString,
            ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development",
            ["FUNCTIONS_TEST_KEY"] = FunctionKey,
            // The timer never fires by itself during a run (1 January only); the purge test runs it through the admin API.
            ["MaintenancePurgeSchedule"] = "0 0 0 1 1 *",
            ["Maintenance__PurgeAfter"] = "00:00:02",
            ["Storage__ConnectionString"] = Azurite.ConnectionString,
            ["Storage__OutputContainer"] = OutputContainer,
            ["Pipeline__DefaultProvider"] = "segmind",
            ["Pipeline__PublicBaseUrl"] = baseUrl.ToString(),
            ["Pipeline__CallbackSecret"] = CallbackSecret,
            ["Pipeline__StatusRetryAfter"] = "00:00:01",
            ["Notifications__WebhookSecret"] = WebhookSecret,
            ["Security__AllowPrivateNetworkFetches"] = "true", // simulators and webhook receivers are on 127.0.0.1
            ["Notifications__WebhookFirstRetryDelay"] = "00:00:00.100",
            ["Notifications__WebhookMaxRetryDelay"] = "00:00:00.500",
            ["Resilience__BaseDelay"] = "00:00:00.050",
            ["Resilience__MaxDelay"] = "00:00:00.500",
            ["Resilience__AttemptTimeout"] = "00:00:10",
            ["Providers__Segmind__ApiKey"] = Segmind.ApiKey,
            ["Providers__Segmind__BaseUrl"] = Segmind.BaseUrl.ToString(),
            ["Pipeline__Polling__segmind__FirstPollAfter"] = Format(SegmindPollInterval),
            ["Pipeline__Polling__segmind__Interval"] = Format(SegmindPollInterval),
            ["Providers__Runware__ApiKey"] = Runware.ApiKey,
            ["Providers__Runware__BaseUrl"] = Runware.ApiUrl.ToString(),
            // Runware answers by webhook: a first poll an hour out proves the callback ended the wait.
            ["Pipeline__Polling__runware__FirstPollAfter"] = "01:00:00",
            ["Pipeline__Polling__runware__Interval"] = "00:00:05",
            ["Providers__Mock__Delay"] = "00:00:01",
            // Real provider keys above turn the mock off by default; these tests use it as well.
            ["Providers__Mock__Enabled"] = "true",
            ["EditDrops__SidecarWait"] = "00:00:00",
        };
        foreach (var (name, value) in Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                     .Select(e => ((string)e.Key, e.Value as string ?? "")))
        {
            if (name.StartsWith(SettingOverridePrefix, StringComparison.Ordinal)) settings[name[SettingOverridePrefix.Length..]] = value;
        }
        return settings;
    }

    /// <summary>The effective Segmind polling interval (an <see cref="SettingOverridePrefix"/> override wins).</summary>
    public TimeSpan SegmindInterval => TimeSpan.Parse(Settings["Pipeline__Polling__segmind__Interval"], CultureInfo.InvariantCulture);

    public TimeSpan SegmindFirstPoll => TimeSpan.Parse(Settings["Pipeline__Polling__segmind__FirstPollAfter"], CultureInfo.InvariantCulture);

    Task<FunctionsHostProcess> StartHostAsync() =>
        FunctionsHostProcess.StartAsync(_func, _appDirectory, _port, Settings, Path.Combine(_workDirectory, "host.log"));

    /// <summary>SIGKILL the host and its worker, then start a new host on the same port, storage and app. Returns when
    /// the new host answers /api/health, with the moment it was launched.</summary>
    public async Task<Stopwatch> KillAndRestartAsync()
    {
        Host.KillHard();
        await Host.DisposeAsync();
        var sinceRestart = Stopwatch.StartNew();
        Host = await StartHostAsync();
        return sinceRestart;
    }

    public string HostLogTail(int lines = 80) => Host.LogTail(lines);

    /// <summary>The API as a caller drives it (60 s waits, 200 ms between status reads, the host's log on failure).</summary>
    public PipelineApiClient Api { get; private set; } = null!;

    public Task<HttpResponseMessage> StartGenerationAsync(object body, string? idempotencyKey = null) => Api.StartGenerationAsync(body, idempotencyKey);

    public Task<string> StartAndGetIdAsync(object body, string? idempotencyKey = null) => Api.StartAndGetIdAsync(body, idempotencyKey);

    /// <summary>The status document, or null while the route answers 404.</summary>
    public Task<GenerationStatusDocument?> FindStatusAsync(string id) => Api.FindStatusAsync(id);

    public Task<GenerationStatusDocument> WaitForAsync(string id, Func<GenerationStatusDocument, bool> until, TimeSpan? timeout = null) =>
        Api.WaitForAsync(id, until, timeout);

    public Task<GenerationStatusDocument> WaitForTerminalAsync(string id, TimeSpan? timeout = null) => Api.WaitForTerminalAsync(id, timeout);

    /// <summary>The bytes of a blob the app stored, read through the test's own Azurite client.</summary>
    public async Task<byte[]> DownloadBlobAsync(string uri)
    {
        var parts = new BlobUriBuilder(new Uri(uri));
        var blob = Blobs.GetBlobContainerClient(parts.BlobContainerName).GetBlobClient(parts.BlobName);
        return (await blob.DownloadContentAsync()).Value.Content.ToArray();
    }

    /// <summary>Resets what a test may have scripted on the shared simulators.</summary>
    public void ResetSimulators()
    {
        foreach (var behavior in new[] { Segmind.Behavior, Runware.Behavior })
        {
            behavior.JobDuration = TimeSpan.FromMilliseconds(500);
            behavior.ResponseLatency = TimeSpan.Zero;
            behavior.FailJobsWith = null;
            behavior.ResultsExpired = false;
            behavior.ServerErrorNextDownloads = 0;
            behavior.RateLimitNextRequests = 0;
            behavior.RateLimitWait = TimeSpan.FromMilliseconds(200);
            behavior.SendWebhooks = true;
            behavior.WebhookDeliveries = 1;
            behavior.SubmitFault = SubmitFault.None;
        }
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        Anonymous?.Dispose();
        if (Host is not null) await Host.DisposeAsync();
        await Segmind.DisposeAsync();
        await Runware.DisposeAsync();
        if (Azurite is not null) await Azurite.DisposeAsync();
        if (_workDirectory is not null && Environment.GetEnvironmentVariable("E2E_KEEP_WORK") is null)
        {
            try { Directory.Delete(_workDirectory, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
