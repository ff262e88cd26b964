using Azure.Storage.Blobs;
using ImagePipeline.Api;
using ImagePipeline.Configuration;
using ImagePipeline.Drops;
using ImagePipeline.Events;
using ImagePipeline.Generation;
using ImagePipeline.Health;
using ImagePipeline.Inputs;
using ImagePipeline.Notifications;
using ImagePipeline.Notifications.Completion;
using ImagePipeline.Pipeline;
using ImagePipeline.Providers;
using ImagePipeline.Providers.GmiCloud;
using ImagePipeline.Providers.Luma;
using ImagePipeline.Providers.Mock;
using ImagePipeline.Routing;
using ImagePipeline.Providers.Runware;
using ImagePipeline.Providers.Scenario;
using ImagePipeline.Providers.Segmind;
using ImagePipeline.Providers.Resilience;
using ImagePipeline.Security;
using ImagePipeline.Starting;
using ImagePipeline.Storage;
using ImagePipeline.Workflow;
using ImagePipeline.Workflow.Steps;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Registry;

namespace ImagePipeline;

/// <summary>Registers everything both hosts share, once: provider clients, resilience pipelines, storage,
/// notifications, callback tokens, the submission ledger, the workflow steps and the HTTP API.</summary>
public static class ImagePipelineServiceCollectionExtensions
{
    public const string ProviderHttpClientName = "ImagePipeline.Providers";

    static readonly (string Provider, string Section)[] KeyedProviders =
    [
        (ProviderNames.Segmind, SegmindClientOptions.SectionName), (ProviderNames.Scenario, ScenarioClientOptions.SectionName),
        (ProviderNames.Runware, RunwareClientOptions.SectionName), (ProviderNames.GmiCloud, GmiCloudClientOptions.SectionName),
        (ProviderNames.Luma, LumaClientOptions.SectionName),
    ];

    /// <summary>The sections under <c>Providers</c> something reads (their last segment).</summary>
    static readonly string[] ProviderSections =
        KeyedProviders.Select(p => p.Section).Append(MockProviderOptions.SectionName).Select(s => s[(s.LastIndexOf(':') + 1)..]).ToArray();

    public static IServiceCollection AddImagePipelineCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        SettingsCheck.EnsureValid(configuration, ProviderSections);

        var keyed = KeyedProviders.Where(p => HasApiKey(configuration, p.Section)).Select(p => p.Provider).ToList();

        services.AddOptions<PipelineOptions>()
            .Configure(o => o.DefaultProvider = "") // so that "unset" survives binding
            .BindSection(configuration, PipelineOptions.SectionName)
            // Unset: the first provider with a key, else the mock — which is off by default once a real provider has a key.
            .PostConfigure(o => o.DefaultProvider = o.DefaultProvider is { Length: > 0 } configured
                ? configured.ToLowerInvariant()
                : keyed.FirstOrDefault() ?? ProviderNames.Mock)
            .ValidateDataAnnotations()
            .Validate(o => ProviderNames.IsKnown(o.DefaultProvider), $"{PipelineOptions.SectionName}:DefaultProvider must be one of: {string.Join(", ", ProviderNames.All)}.")
            .Validate(o => o.JobTimeout > TimeSpan.Zero, $"{PipelineOptions.SectionName}:JobTimeout must be positive.")
            .Validate(o => o.PublicBaseUrl is null || o.PublicBaseUrl.IsAbsoluteUri, $"{PipelineOptions.SectionName}:PublicBaseUrl must be an absolute URL.")
            .Validate(o => o.SubmitLookupGrace >= TimeSpan.Zero && o.SubmitLookupInterval > TimeSpan.Zero,
                $"{PipelineOptions.SectionName}:SubmitLookupGrace must not be negative and SubmitLookupInterval must be positive.")
            .ValidateOnStart();
        services.AddOptions<MockProviderOptions>()
            .BindSection(configuration, MockProviderOptions.SectionName)
            .Validate(o => o.Delay >= TimeSpan.Zero && o.Width > 0 && o.Height > 0,
                $"{MockProviderOptions.SectionName}: Delay must not be negative; Width and Height must be positive.")
            .ValidateOnStart();
        services.AddOptions<PollingOptions>()
            .Configure<IOptions<MockProviderOptions>>((o, mock) =>
                o.Providers[ProviderNames.Mock] = o.Providers[ProviderNames.Mock] with { FirstPollAfter = mock.Value.Delay })
            .BindSection(configuration, PollingOptions.SectionName)
            .Validate(o => o.Polling.Values.All(p => (p.FirstPollAfter ?? TimeSpan.Zero) >= TimeSpan.Zero && (p.Interval ?? TimeSpan.MaxValue) > TimeSpan.Zero),
                $"{PollingOptions.SectionName}:Polling: FirstPollAfter must not be negative and Interval must be positive.")
            .ValidateOnStart();

        services.AddGuardedHttpClient(configuration);
        services.AddProviderResilience(configuration);
        services.AddProviderCircuits(configuration);
        services.AddOutputStore(configuration);
        services.AddCallerWebhooks(configuration);
        services.AddCallbackTokens(configuration);
        AddProviders(services, configuration, keyed.Count);
        AddSubmissionLedger(services, configuration);
        AddAdaptivePolling(services, configuration);
        services.AddCostTracking(configuration); // prices, daily budgets, the spend ledger
        // Input-image resolvers (blob drop / inbox references)
        services.AddEditDrops(configuration);
        // Caller images (data URIs) stored once at start, referred to by reference in the history
        services.AddInputImageStore(configuration);
        // Completion publishers (Event Grid topic, storage queue)
        services.AddCompletionPublishers(configuration);
        services.AddEventEntryPoints(configuration); // queue / CloudEvent starts, poison queue (both hosts)

        services.AddProviderRouting(configuration);
        services.TryAddSingleton<GenerationSteps>();
        services.TryAddSingleton<GenerationStarter>();
        services.TryAddSingleton<GenerationApi>();
        // Readiness (GET /api/health/ready): each host adds its own runtime check with the same tag.
        services.TryAddSingleton<HealthApi>();
        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage", tags: [HealthTags.Ready])
            .AddCheck<ProvidersHealthCheck>("providers", tags: [HealthTags.Ready]);
        return services;
    }

    static void AddProviders(IServiceCollection services, IConfiguration configuration, int realProviders)
    {
        services.AddHttpClient(ProviderHttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan) // timeouts are Polly's
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .AddHttpMessageHandler(() => new Providers.Http.FreshConnectionHandler()); // submits never ride a pooled connection

        AddHttpProvider<SegmindClientOptions>(services, configuration, SegmindClientOptions.SectionName,
            (http, o, sp) => new SegmindClient(http, o, Pipelines(sp), Logger<SegmindClient>(sp), Time(sp), External(sp)));
        AddHttpProvider<ScenarioClientOptions>(services, configuration, ScenarioClientOptions.SectionName,
            (http, o, sp) => new ScenarioClient(http, o, Pipelines(sp), Logger<ScenarioClient>(sp), Time(sp), External(sp)));
        AddHttpProvider<RunwareClientOptions>(services, configuration, RunwareClientOptions.SectionName,
            (http, o, sp) => new RunwareClient(http, o, Pipelines(sp), Logger<RunwareClient>(sp), Time(sp), External(sp)));
        AddHttpProvider<GmiCloudClientOptions>(services, configuration, GmiCloudClientOptions.SectionName,
            (http, o, sp) => new GmiCloudClient(http, o, Pipelines(sp), Logger<GmiCloudClient>(sp), Time(sp), External(sp)));
        AddHttpProvider<LumaClientOptions>(services, configuration, LumaClientOptions.SectionName,
            (http, o, sp) => new LumaClient(http, o, Pipelines(sp), Logger<LumaClient>(sp), Time(sp), External(sp)));

        // The mock makes free fake images: on by default only where no real provider is configured (the zero-config
        // run), so a production host cannot be asked to "generate" with it unless Providers:Mock:Enabled=true says so.
        if (configuration.ReadSection<MockProviderOptions>(MockProviderOptions.SectionName).Enabled ?? realProviders == 0)
        {
            services.AddSingleton<IImageProvider>(sp => new MockImageProvider(sp.GetRequiredService<IOptions<MockProviderOptions>>().Value, Time(sp)));
        }
        // Each provider's submits and status reads go through its circuit (the registry traces outside it, so a call the
        // open circuit refused shows as a failed span).
        services.TryAddSingleton<IImageProviderRegistry>(sp => new ImageProviderRegistry(sp.GetServices<IImageProvider>()
            .Select(IImageProvider (provider) => new CircuitBreakingImageProvider(provider, sp.GetRequiredService<ProviderCircuits>()))));
    }

    /// <summary>A provider is offered only when its API key is configured. Its other settings are bound like every other section.</summary>
    static void AddHttpProvider<TOptions>(IServiceCollection services, IConfiguration configuration, string sectionName,
        Func<HttpClient, TOptions, IServiceProvider, IImageProvider> create) where TOptions : class
    {
        if (!HasApiKey(configuration, sectionName)) return;
        services.AddOptions<TOptions>().BindSection(configuration, sectionName);
        services.AddSingleton(sp => create(sp.GetRequiredService<IHttpClientFactory>().CreateClient(ProviderHttpClientName),
            sp.GetRequiredService<IOptions<TOptions>>().Value, sp));
    }

    /// <summary>Which providers (and hosted services, stores) exist must be known before the container is built, so those
    /// few registration-time decisions read their section once through <see cref="SettingsOptionsBuilderExtensions.ReadSection{TOptions}"/>,
    /// bound the same way as the options; everything else reads <c>IOptions</c>.</summary>
    static bool HasApiKey(IConfiguration configuration, string sectionName) =>
        !string.IsNullOrWhiteSpace(configuration.ReadSection<ProviderApiKey>(sectionName).ApiKey);

    static void AddSubmissionLedger(IServiceCollection services, IConfiguration configuration)
    {
        if (StorageOptions.Read(configuration).IsConfigured)
        {
            services.TryAddBlobServiceClient(configuration);
            services.TryAddSingleton<ISubmissionLedger>(sp => new TracedSubmissionLedger(new BlobSubmissionLedger(sp.GetRequiredService<BlobServiceClient>()
                .GetBlobContainerClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value.StateContainer), Time(sp))));
            return;
        }

        services.AddDataFolder(configuration);
        services.TryAddSingleton<ISubmissionLedger>(sp => new TracedSubmissionLedger(new FileSubmissionLedger(sp.DataFolder("submissions"), Time(sp))));
    }

    /// <summary>Learned polling plans: latencies next to the submission ledger (a blob in the state container on Azure,
    /// a file in the data folder standalone).</summary>
    static void AddAdaptivePolling(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AdaptivePollingOptions>()
            .BindSection(configuration, AdaptivePollingOptions.SectionName)
            .Validate(o => o.MinSamples >= 1 && o.History >= o.MinSamples,
                $"{AdaptivePollingOptions.SectionName}: MinSamples must be at least 1 and History at least MinSamples.")
            .Validate(o => o.FirstLookQuantile is >= 0 and <= 1 && o.DenseUntilQuantile is >= 0 and <= 1 && o.LooksPerInterquartileRange > 0,
                $"{AdaptivePollingOptions.SectionName}: the quantiles must be between 0 and 1 and LooksPerInterquartileRange positive.")
            .Validate(o => o.MinIntervalFloor > TimeSpan.Zero && o.MaxInterval >= o.MinIntervalFloor && o.MinFirstPollAfter >= TimeSpan.Zero
                    && o.MaxFirstPollAfter >= o.MinFirstPollAfter && o.MinInterval.Values.All(v => v >= TimeSpan.Zero),
                $"{AdaptivePollingOptions.SectionName}: MinIntervalFloor must be positive, MaxInterval at least MinIntervalFloor, MaxFirstPollAfter at least MinFirstPollAfter.")
            .ValidateOnStart();
        if (StorageOptions.Read(configuration).IsConfigured)
        {
            services.TryAddSingleton<IProviderLatencyStore>(sp => new BlobProviderLatencyStore(sp.GetRequiredService<BlobServiceClient>()
                .GetBlobContainerClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value.StateContainer), AdaptivePolling(sp).History, Time(sp)));
        }
        else
        {
            services.TryAddSingleton<IProviderLatencyStore>(sp => new FileProviderLatencyStore(sp.DataFolder("latencies"), AdaptivePolling(sp).History));
        }
        services.TryAddSingleton<AdaptivePollingPlans>();
    }

    static AdaptivePollingOptions AdaptivePolling(IServiceProvider sp) => sp.GetRequiredService<IOptions<AdaptivePollingOptions>>().Value;
    static ResiliencePipelineProvider<string> Pipelines(IServiceProvider sp) => sp.GetRequiredService<ResiliencePipelineProvider<string>>();
    static ILogger<T> Logger<T>(IServiceProvider sp) => sp.GetRequiredService<ILogger<T>>();
    static TimeProvider Time(IServiceProvider sp) => sp.GetRequiredService<TimeProvider>();
    /// <summary>Provider API calls use the trusted client (operator-configured base URLs); links they return do not.</summary>
    static HttpClient External(IServiceProvider sp) => sp.GetRequiredService<IHttpClientFactory>().CreateClient(GuardedHttpClient.Name);
}
