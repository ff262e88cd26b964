using ImagePipeline.Workflow;
using ImagePipeline.Workflow.Steps;
using Microsoft.DurableTask;

namespace ImagePipeline.Functions;

/// <summary>Registers every generation step definition as an activity on a plain Durable Task worker (the Functions
/// worker finds <see cref="GenerationActivities"/> by attribute instead), run the way those triggers run them.</summary>
public sealed class GenerationActivityRegistration : IWorkflowStepVisitor<GenerationSteps>
{
    readonly DurableTaskRegistry _registry;
    readonly GenerationSteps _steps;

    GenerationActivityRegistration(DurableTaskRegistry registry, GenerationSteps steps)
    {
        _registry = registry;
        _steps = steps;
    }

    public static void Register(DurableTaskRegistry registry, GenerationSteps steps)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var registration = new GenerationActivityRegistration(registry, steps);
        foreach (var step in GenerationStepDefinitions.All) step.Accept(registration);
    }

    // Activities get no cancellation token from the Functions worker either once they have started.
    public void Visit<TInput, TResult>(WorkflowStep<GenerationSteps, TInput, TResult> step) =>
        _registry.AddActivityFunc<TInput, TResult>(step.Name, (_, input) => step.Run(_steps, input, CancellationToken.None));
}
