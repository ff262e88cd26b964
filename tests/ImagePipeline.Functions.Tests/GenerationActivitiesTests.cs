using System.Reflection;
using ImagePipeline.Workflow;
using ImagePipeline.Workflow.Steps;
using Microsoft.Azure.Functions.Worker;

namespace ImagePipeline.Functions.Tests;

/// <summary>The Functions worker finds activities only by attribute, so each step definition needs its trigger; a step
/// defined without one (or with other types) would fail every generation on Azure with "activity not found".</summary>
public sealed class GenerationActivitiesTests
{
    [Fact]
    public void Every_step_definition_has_an_activity_trigger_of_its_name_input_and_result()
    {
        var triggers = typeof(GenerationActivities).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Select(method => (Method: method, Function: method.GetCustomAttribute<FunctionAttribute>()))
            .Where(trigger => trigger.Function is not null)
            .ToDictionary(trigger => trigger.Function!.Name, trigger => trigger.Method);

        var checker = new TriggerChecker(triggers);
        foreach (var step in GenerationStepDefinitions.All) step.Accept(checker);
        Assert.Equal(GenerationStepDefinitions.All.Count, triggers.Count);
    }

    sealed class TriggerChecker(Dictionary<string, MethodInfo> triggers) : IWorkflowStepVisitor<GenerationSteps>
    {
        public void Visit<TInput, TResult>(WorkflowStep<GenerationSteps, TInput, TResult> step)
        {
            Assert.True(triggers.TryGetValue(step.Name, out var method), $"No activity trigger named {step.Name}.");
            Assert.Equal(typeof(TInput), method.GetParameters()[0].ParameterType);
            Assert.Equal(typeof(Task<TResult>), method.ReturnType);
        }
    }
}
