using ImagePipeline.Configuration;
using ImagePipeline.Diagnostics;
using ImagePipeline.EmbeddedDurable;
using ImagePipeline.Pipeline;
using ImagePipeline.Standalone.Events;
using ImagePipeline.Standalone.Retention;
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

    /// <exception cref="Pipeline.DataFolderUnavailableException">The data or journal folder cannot be written.</exception>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        StandaloneDefaults.Apply(builder.Configuration, builder.Environment.ContentRootPath);
        // Probed before the container exists, so read once (see DataFolderOptions.Read).
        var journalDirectory = DataFolderOptions.Read(builder.Configuration).JournalPath;
        Pipeline.DataFolderProbe.EnsureWritable(journalDirectory);

        // Kestrel refuses a larger body as it arrives; the API answers it with a 413 problem (BoundedRequestBody).
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<PipelineOptions>>((kestrel, pipeline) =>
            kestrel.Limits.MaxRequestBodySize = pipeline.Value.MaxRequestBodyBytes);
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
        app.UseExceptionHandler();
        app.MapGenerationApi();
        app.MapApiReference();
        app.MapWebPage();
        // Routes of the event entry points
        app.MapEventEntryPoints();
        return app;
    }

    static async Task<object?> RunWorkflowAsync(IWorkflowContext context, GenerationWorkflowInput input) =>
        await GenerationWorkflow.RunAsync(context, input);
}
