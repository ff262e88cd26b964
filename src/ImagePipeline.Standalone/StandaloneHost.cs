using ImagePipeline.EmbeddedDurable;
using ImagePipeline.Pipeline;
using ImagePipeline.Workflow;
using ImagePipeline.Workflow.Steps;

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
        var journalDirectory = builder.Configuration["Runtime:JournalDirectory"] is { Length: > 0 } journal
            ? Path.GetFullPath(journal)
            : Path.Combine(StandaloneDefaults.DataDirectory(builder.Configuration), "runtime");
        Pipeline.DataFolderProbe.EnsureWritable(journalDirectory);

        // Kestrel refuses a larger body as it arrives; the API answers it with a 413 problem (BoundedRequestBody).
        var maxBody = builder.Configuration.GetValue($"{PipelineOptions.SectionName}:MaxRequestBodyBytes", PipelineOptions.DefaultMaxRequestBodyBytes);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = maxBody);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadHttpRequestHandler>();
        builder.Services.AddImagePipelineCore(builder.Configuration);
        builder.Services.AddSingleton(new EmbeddedGenerationWorkflowDefinition((context, input) => RunWorkflowAsync(context, input)));
        builder.Services.AddSingleton<IWorkflowStepInvoker, GenerationStepInvoker>();
        builder.Services.AddEmbeddedGenerationWorkflowRuntime(options =>
        {
            options.DataDirectory = journalDirectory;
            if (builder.Configuration.GetValue<int?>("Runtime:MaxConcurrentSteps") is { } max) options.MaxConcurrentSteps = max;
            options.FsyncJournal = builder.Configuration.GetValue("Runtime:FsyncJournal", false);
        });

        // Entry points beside HTTP (design.md): blob drop / inbox folder
        builder.Services.AddInbox(builder.Configuration);
        // Entry points beside HTTP (design.md): CloudEvents and the storage queue
        Events.StandaloneEventEntryPoints.AddStandaloneEventEntryPoints(builder.Services, builder.Configuration);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.MapGenerationApi();
        // Routes of the event entry points
        Events.StandaloneEventEntryPoints.MapEventEntryPoints(app);
        return app;
    }

    static async Task<object?> RunWorkflowAsync(IWorkflowContext context, GenerationWorkflowInput input) =>
        await GenerationWorkflow.RunAsync(context, input);
}
