using System.Net.Http.Json;
using System.Text.Json;
using ImagePipeline.Generation;
using ImagePipeline.Testing;
using ImagePipeline.Testing.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.Standalone.Tests;

/// <summary>The standalone host started in-process on a free loopback port, with a temp data folder and the given
/// configuration (simulator URLs and keys, fast polling), reached over real HTTP.</summary>
public sealed class PipelineHost : IAsyncDisposable
{
    public const string WebhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    readonly WebApplication _app;

    PipelineHost(WebApplication app, Uri baseUrl, string dataDirectory)
    {
        _app = app;
        BaseUrl = baseUrl;
        DataDirectory = dataDirectory;
        Http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        Api = new PipelineApiClient(Http, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50));
    }

    public Uri BaseUrl { get; }
    public string DataDirectory { get; }
    public HttpClient Http { get; }
    public IServiceProvider Services => _app.Services;

    /// <summary>Leave the data folder in place on dispose (a restart test starts the next host on it).</summary>
    public bool KeepDataDirectory { get; set; }

    /// <param name="logs">Also receives the host's log entries (tests about what gets logged).</param>
    /// <param name="services">Adds to the host's services after its own (e.g. an in-memory telemetry exporter).</param>
    public static async Task<PipelineHost> StartAsync(IDictionary<string, string?> settings, string? dataDirectory = null, ILoggerProvider? logs = null,
        Action<IServiceCollection>? services = null)
    {
        var port = LoopbackPorts.Free();
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        dataDirectory ??= Directory.CreateTempSubdirectory("imagepipeline-host-").FullName;
        var configuration = BaseSettings(baseUrl, dataDirectory);
        foreach (var (key, value) in settings) configuration[key] = value;

        var app = StandaloneHost.Build(["--urls", baseUrl.ToString().TrimEnd('/')], builder =>
        {
            builder.Configuration.AddInMemoryCollection(configuration);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            if (logs is not null) builder.Logging.AddProvider(logs);
            services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        return new PipelineHost(app, baseUrl, dataDirectory);
    }

    /// <summary>What every test host shares: its own data folder, fast retries, provider callbacks to itself.</summary>
    public static Dictionary<string, string?> BaseSettings(Uri baseUrl, string dataDirectory) => new()
    {
        ["Runtime:DataDirectory"] = dataDirectory,
        ["Pipeline:PublicBaseUrl"] = baseUrl.ToString(),
        ["Pipeline:CallbackSecret"] = "test-callback-secret-0123456789",
        ["Pipeline:StatusRetryAfter"] = "00:00:01",
        ["Notifications:WebhookSecret"] = WebhookSecret,
        ["Notifications:WebhookFirstRetryDelay"] = "00:00:00.050",
        ["Notifications:WebhookMaxRetryDelay"] = "00:00:00.200",
        ["Notifications:WebhookAttemptTimeout"] = "00:00:02",
        ["Resilience:BaseDelay"] = "00:00:00.020",
        ["Resilience:MaxDelay"] = "00:00:00.200",
        ["Resilience:AttemptTimeout"] = "00:00:05",
        ["Logging:LogLevel:Default"] = "Warning",
        // Simulators, webhook receivers and output links are all on 127.0.0.1; production keeps this off.
        ["Security:AllowPrivateNetworkFetches"] = "true",
        // Simulator keys turn the mock off by default (it is on by default only without real providers); tests use both.
        // A test that needs the production default sets this to null.
        ["Providers:Mock:Enabled"] = "true",
    };

    /// <summary>The API as a caller drives it (30 s waits, 50 ms between status reads).</summary>
    public PipelineApiClient Api { get; }

    public Task<HttpResponseMessage> StartGenerationAsync(object body, string? idempotencyKey = null) => Api.StartGenerationAsync(body, idempotencyKey);

    public Task<string> StartAndGetIdAsync(object body, string? idempotencyKey = null) => Api.StartAndGetIdAsync(body, idempotencyKey);

    public Task<GenerationStatusDocument> GetStatusAsync(string id) => Api.GetStatusAsync(id);

    public Task<GenerationStatusDocument> WaitForAsync(string id, Func<GenerationStatusDocument, bool> until, TimeSpan? timeout = null) =>
        Api.WaitForAsync(id, until, timeout);

    public Task<GenerationStatusDocument> WaitForTerminalAsync(string id, TimeSpan? timeout = null) => Api.WaitForTerminalAsync(id, timeout);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (KeepDataDirectory) return;
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
