using Azure.Core.Serialization;
using ImagePipeline.Serialization;
using ImagePipeline;
using ImagePipeline.Configuration;
using ImagePipeline.Diagnostics;
using ImagePipeline.Functions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// Orchestration history, activity payloads and custom status use the core's JSON shape, so the core reads what the
// Durable client returns exactly as it reads the standalone host's journal.
builder.Services.Configure<WorkerOptions>(options => options.Serializer = new JsonObjectSerializer(WorkflowJson.Options));

// A failed step's pipeline error code travels to the orchestrator in the activity's failure details.
builder.Services.AddSingleton<IExceptionPropertiesProvider, StepFailureProperties>();
builder.Services.AddImagePipelineCore(builder.Configuration);
builder.Services.TryAddSingleton(TimeProvider.System);
builder.Services.AddOptions<MaintenanceOptions>().BindSection(builder.Configuration, MaintenanceOptions.SectionName);

builder.Services
    .AddApplicationInsightsTelemetryWorkerService()
    .ConfigureFunctionsApplicationInsights();
// The Application Insights provider adds a Warning-and-above filter of its own; remove it so the levels in
// host.json / configuration decide what reaches Application Insights.
builder.Logging.Services.Configure<LoggerFilterOptions>(options =>
{
    var applicationInsightsRule = options.Rules.FirstOrDefault(rule =>
        rule.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
    if (applicationInsightsRule is not null) options.Rules.Remove(applicationInsightsRule);
});

// Application Insights stays as it is; OTLP export is added only when OTEL_EXPORTER_OTLP_ENDPOINT is set.
builder.Services.AddPipelineOpenTelemetry(builder.Configuration, "imagepipeline-functions");

builder.Build().Run();
