using ImagePipeline.Configuration;
using ImagePipeline.Diagnostics;
using ImagePipeline.EmbeddedDurable;
using ImagePipeline.Pipeline;
using ImagePipeline.Standalone.Auth;
using ImagePipeline.Standalone.Events;
using ImagePipeline.Standalone.Retention;
using ImagePipeline.Standalone.Hosting;
using ImagePipeline.Workflow;
using ImagePipeline.Workflow.Steps;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Standalone;

/// <summary>Builds the standalone host: the core pipeline services, the embedded durable runtime and the HTTP API.</summary>
public static class StandaloneHost
{
    /// <summary>Exit code when the data folder (or the journal folder) cannot be created or written at start-up.</summary>
    public const int DataFolderUnavailableExitCode = 74; // EX_IOERR (sysexits.h)

    /// <summary>Exit code when a setting is invalid, unknown, a sample placeholder, or an API key is missing.</summary>
    public const int InvalidSettingsExitCode = 78; // EX_CONFIG

    /// <summary>Exit code when a port the host should listen on is taken.</summary>
    public const int PortInUseExitCode = 69; // EX_UNAVAILABLE

    /// <exception cref="Pipeline.DataFolderUnavailableException">The data or journal folder cannot be written.</exception>
    /// <exception cref="InvalidSettingsException">A setting cannot be used (see <see cref="SettingsCheck"/>), or the host
    /// would listen beyond loopback without an API key.</exception>
    /// <exception cref="OptionsValidationException">A setting fails its section's validation.</exception>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Settings (appsettings.json) come from beside the program whether it was started with `dotnet run --project` from
        // anywhere or from a published folder; the data folder stays relative to the working directory (DataFolderOptions).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        StandaloneDefaults.Apply(builder.Configuration, builder.Environment.ContentRootPath);
        // Probed before the container exists, so read once (see DataFolderOptions.Read).
        var journalDirectory = DataFolderOptions.Read(builder.Configuration).JournalPath;
        Pipeline.DataFolderProbe.EnsureWritable(journalDirectory);

        // Kestrel refuses a larger body as it arrives; the API answers it with a 413 problem (BoundedRequestBody).
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<PipelineOptions>>((kestrel, pipeline) =>
            kestrel.Limits.MaxRequestBodySize = pipeline.Value.MaxRequestBodyBytes);
        builder.Services.AddSingleton(ApiKeys(builder.Configuration));
        builder.Services.AddHealthChecks().AddCheck<RuntimeHealthCheck>("runtime", tags: [Health.HealthTags.Ready]);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadHttpRequestHandler>();
        builder.Services.AddImagePipelineCore(builder.Configuration);
        // Traces and metrics over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set; nothing otherwise.
        builder.Services.AddPipelineOpenTelemetry(builder.Configuration, "imagepipeline-standalone");
        builder.Services.AddSingleton(new EmbeddedGenerationWorkflowDefinition((context, input) => RunWorkflowAsync(context, input)));
        builder.Services.AddSingleton<IWorkflowStepInvoker, GenerationStepInvoker>();
        builder.Services.AddEmbeddedGenerationWorkflowRuntime(options => options.DataDirectory = journalDirectory);
        builder.Services.AddOptions<EmbeddedRuntimeOptions>()
            .BindSection(builder.Configuration, DataFolderOptions.SectionName) // Runtime:MaxConcurrentSteps, Runtime:FsyncJournal
            .PostConfigure(o => o.DataDirectory = journalDirectory) // Runtime:DataDirectory is the whole data folder, not the journal's
            .Validate(o => o.MaxConcurrentSteps >= 1, $"{DataFolderOptions.SectionName}:MaxConcurrentSteps must be at least 1.")
            .ValidateOnStart();

        // Entry points beside HTTP (design.md): blob drop / inbox folder
        builder.Services.AddInbox(builder.Configuration);
        // Entry points beside HTTP (design.md): CloudEvents and the storage queue
        builder.Services.AddStandaloneEventEntryPoints(builder.Configuration);

        // Purges finished generations from the data folder after Retention:FinishedAfter
        builder.Services.AddRetention(builder.Configuration);

        var app = builder.Build();
        // Every ValidateOnStart rule now, before anything listens or runs: a bad setting is one line, not a failed start.
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        app.UseExceptionHandler();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.MapGenerationApi();
        app.MapApiReference();
        app.MapWebPage();
        // Routes of the event entry points
        app.MapEventEntryPoints();
        return app;
    }

    /// <summary>Beyond loopback every caller needs a key, so a host there without one refuses to start.</summary>
    static ApiKeyPolicy ApiKeys(IConfiguration configuration)
    {
        var beyondLoopback = ListeningAddresses.Read(configuration).BeyondLoopback;
        var policy = new ApiKeyPolicy(required: beyondLoopback.Count > 0, configuration.ReadSection<ApiKeyOptions>(ApiKeyOptions.SectionName).Keys);
        if (policy.Required && !policy.HasKeys)
        {
            throw new InvalidSettingsException(
                $"The host listens beyond loopback ({string.Join(", ", beyondLoopback)}) but no API key is configured: set Api__Keys__0 (more as Api__Keys__1, …), or listen on localhost only.");
        }
        return policy;
    }

    static async Task<object?> RunWorkflowAsync(IWorkflowContext context, GenerationWorkflowInput input) =>
        await GenerationWorkflow.RunAsync(context, input);
}
