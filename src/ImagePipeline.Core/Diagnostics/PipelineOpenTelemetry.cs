using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ImagePipeline.Diagnostics;

/// <summary>
/// Both hosts' OpenTelemetry registration: the pipeline's sources and meter, ASP.NET Core and HttpClient
/// instrumentation, exported over OTLP — only when <see cref="EndpointSetting"/> is set. Unset, nothing is registered:
/// no exporter, no listener, so the pipeline's sources create no activities at all.
/// The exporter reads the standard <c>OTEL_*</c> settings (protocol, headers, service name) from configuration.
/// </summary>
public static class PipelineOpenTelemetry
{
    /// <summary>The standard setting (environment variable) that turns export on, e.g. <c>http://localhost:4317</c>.</summary>
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    const string ServiceNameSetting = "OTEL_SERVICE_NAME";

    public static bool IsEnabled(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[EndpointSetting]);
    }

    /// <param name="serviceName">The resource's <c>service.name</c> unless <c>OTEL_SERVICE_NAME</c> says otherwise.</param>
    public static IServiceCollection AddPipelineOpenTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!IsEnabled(configuration)) return services;

        var builder = services.AddOpenTelemetry();
        if (string.IsNullOrWhiteSpace(configuration[ServiceNameSetting]))
            builder.ConfigureResource(resource => resource.AddService(serviceName));
        builder
            .WithTracing(tracing => tracing
                .AddSource([.. PipelineTelemetry.SourceNames])
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(PipelineMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .UseOtlpExporter();
        return services;
    }
}
