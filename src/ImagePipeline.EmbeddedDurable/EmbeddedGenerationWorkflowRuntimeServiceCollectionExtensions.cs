using ImagePipeline.Workflow;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImagePipeline.EmbeddedDurable;

/// <summary>Registers the embedded runtime for a host.</summary>
public static class EmbeddedGenerationWorkflowRuntimeServiceCollectionExtensions
{
    /// <summary>Registers <see cref="EmbeddedGenerationWorkflowRuntime"/> as a singleton, as the <see cref="IWorkflowClient"/>,
    /// as the <see cref="IWorkflowStoreHealth"/> the HTTP API reports, and as a hosted service. The host registers the
    /// workflow (an <see cref="EmbeddedGenerationWorkflowDefinition"/>) and an
    /// <see cref="IWorkflowStepInvoker"/>; a registered <see cref="TimeProvider"/> is used, else the system clock.</summary>
    public static IServiceCollection AddEmbeddedGenerationWorkflowRuntime(this IServiceCollection services, Action<EmbeddedRuntimeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<EmbeddedRuntimeOptions>().Configure(configure);
        services.TryAddSingleton(provider => new EmbeddedGenerationWorkflowRuntime(
            provider.GetRequiredService<IOptions<EmbeddedRuntimeOptions>>(),
            ResolveWorkflow(provider),
            provider.GetRequiredService<IWorkflowStepInvoker>(),
            provider.GetService<TimeProvider>() ?? TimeProvider.System,
            provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
        services.AddSingleton<IWorkflowClient>(provider => provider.GetRequiredService<EmbeddedGenerationWorkflowRuntime>());
        services.AddSingleton<IWorkflowStoreHealth>(provider => provider.GetRequiredService<EmbeddedGenerationWorkflowRuntime>());
        services.AddHostedService(provider => provider.GetRequiredService<EmbeddedGenerationWorkflowRuntime>());
        return services;
    }

    static Func<IWorkflowContext, GenerationWorkflowInput, Task<object?>> ResolveWorkflow(IServiceProvider provider) =>
        provider.GetService<EmbeddedGenerationWorkflowDefinition>()?.Workflow
        ?? provider.GetService<Func<IWorkflowContext, GenerationWorkflowInput, Task<object?>>>()
        ?? throw new InvalidOperationException(
            $"Register the workflow the embedded runtime runs as a singleton {nameof(EmbeddedGenerationWorkflowDefinition)}.");
}
