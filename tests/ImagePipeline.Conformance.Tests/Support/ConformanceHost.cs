using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage;
using Azure.Storage.Blobs;
using ImagePipeline.Api;
using ImagePipeline.Conformance.Tests.Engines;
using ImagePipeline.Generation;
using ImagePipeline.Serialization;
using ImagePipeline.Storage;
using ImagePipeline.Testing.Azurite;
using ImagePipeline.Workflow;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.Conformance.Tests.Support;

/// <summary>
/// One scenario's pipeline on one engine: the core's services exactly as the hosts register them
/// (<c>AddImagePipelineCore</c>, outputs and the submission ledger in Azurite), the provider callback route, and the
/// engine. Scenarios act as a caller would, through <see cref="GenerationApi"/>.
/// </summary>
public sealed class ConformanceHost : IAsyncDisposable
{
    public const string CallbackSecret = "conformance-callback-secret";
    static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(45);

    readonly ServiceProvider _services;
    readonly CallbackRelay _relay;

    ConformanceHost(ServiceProvider services, CallbackRelay relay, IDurableEngine engine)
    {
        _services = services;
        _relay = relay;
        Engine = engine;
        Api = services.GetRequiredService<GenerationApi>();
    }

    public IDurableEngine Engine { get; }

    public GenerationApi Api { get; }

    public CallbackRelay Callbacks => _relay;

    public static async Task<ConformanceHost> StartAsync(DurableEngineKind kind, ConformanceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var azurite = await AzuriteServer.GetSharedAsync();
        var relay = new CallbackRelay();
        await relay.StartAsync();

        var unique = Guid.NewGuid().ToString("N")[..12];
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:OutputContainer"] = $"conformance-outputs-{unique}",
            ["Storage:StateContainer"] = $"conformance-state-{unique}",
            ["Pipeline:CallbackSecret"] = CallbackSecret,
            ["Providers:Mock:Enabled"] = "true",
            ["Security:AllowPrivateNetworkFetches"] = "true", // simulators and callback receivers are on 127.0.0.1
        };
        if (options.Webhooks) settings["Pipeline:PublicBaseUrl"] = relay.BaseUrl.ToString();
        foreach (var (key, value) in options.Settings) settings[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddImagePipelineCore(configuration);
        if (options.WrapOutputStore is { } wrap) Decorate(services, wrap);
        var provider = services.BuildServiceProvider();

        IDurableEngine engine = kind switch
        {
            DurableEngineKind.Embedded => await EmbeddedEngine.StartAsync(provider, options.DecorateContext, options.RecordHistoryAs),
            DurableEngineKind.DurableTask => await DurableTaskEngine.StartAsync(provider, options.DecorateContext, options.RecordHistoryAs),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        var host = new ConformanceHost(provider, relay, engine);
        relay.Attach(host.Api, () => engine.Client);
        return host;
    }

    static void Decorate(IServiceCollection services, Func<IOutputStore, IOutputStore> wrap)
    {
        var original = services.Single(d => d.ServiceType == typeof(IOutputStore));
        services.Remove(original);
        services.AddSingleton(sp => wrap((IOutputStore)original.ImplementationFactory!(sp)));
    }

    public T GetService<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary><c>POST /api/generations</c>; returns the new generation's id.</summary>
    public async Task<string> StartAsync(object request)
    {
        using var body = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(request, WorkflowJson.Options));
        var result = await Api.StartAsync(Engine.Client, body, idempotencyKey: null, CancellationToken.None);
        Assert.True(result.StatusCode == StatusCodes.Status202Accepted, $"Start answered {result.StatusCode}: {JsonSerializer.Serialize(result.Body, WorkflowJson.Options)}");
        return Assert.IsType<GenerationAccepted>(result.Body).Id;
    }

    /// <summary><c>GET /api/generations/{id}</c>.</summary>
    public async Task<GenerationStatusDocument> GetAsync(string id)
    {
        var result = await Api.GetAsync(Engine.Client, id, CancellationToken.None);
        Assert.Equal(StatusCodes.Status200OK, result.StatusCode);
        return Assert.IsType<GenerationStatusDocument>(result.Body);
    }

    /// <summary><c>POST /api/generations/{id}/cancel</c>.</summary>
    public async Task CancelAsync(string id)
    {
        var result = await Api.CancelAsync(Engine.Client, id, CancellationToken.None);
        Assert.Equal(StatusCodes.Status202Accepted, result.StatusCode);
    }

    /// <summary>Waits until the instance has finished on the engine, then reads it as a caller would.</summary>
    public async Task<GenerationStatusDocument> WaitForEndAsync(string id)
    {
        await UntilAsync(async () => await Engine.Client.GetAsync(id) is { RuntimeStatus: not (WorkflowRuntimeStatus.Pending or WorkflowRuntimeStatus.Running) },
            $"generation {id} ends on {Engine.Name}");
        return await GetAsync(id);
    }

    /// <summary>Waits until the caller sees the generation in one of these states.</summary>
    public async Task UntilStatusAsync(string id, params GenerationStatus[] statuses) =>
        await UntilAsync(async () => Array.IndexOf(statuses, (await GetAsync(id)).Status) >= 0, $"generation {id} is {string.Join(" or ", statuses)}");

    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = DateTime.UtcNow + WaitLimit;
        while (!await condition())
        {
            if (DateTime.UtcNow > limit) throw new TimeoutException($"Gave up waiting until {what}.");
            await Task.Delay(25);
        }
    }

    /// <summary>Downloads an archived output from Azurite and checks it is what the status reports.</summary>
    public static async Task<byte[]> ReadArchivedAsync(ArchivedOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var blob = new BlobClient(new Uri(output.Uri), new StorageSharedKeyCredential(AzuriteServer.AccountName, AzuriteServer.AccountKey));
        var content = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(output.Bytes, content.Length);
        Assert.Equal(output.Sha256, Convert.ToHexStringLower(SHA256.HashData(content)));
        return content;
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        await _relay.DisposeAsync();
        await _services.DisposeAsync();
    }
}
